import { createLogger } from '../logging/create-logger';
import { JsonLinesCollector } from '../logging/json-lines-collector.test-helper';
import { PinoNestLogger } from './pino-nest-logger';

function setup(): { output: JsonLinesCollector; nestLogger: PinoNestLogger } {
  const output = new JsonLinesCollector();
  const logger = createLogger({ service: 'svc', instanceId: 'i-1', level: 'trace', destination: output });
  return { output, nestLogger: new PinoNestLogger(logger) };
}

describe('PinoNestLogger', () => {
  it('writes Nest log calls as JSON with their context', () => {
    const { output, nestLogger } = setup();

    nestLogger.log('Mapped {/healthz, GET} route', 'RouterExplorer');
    nestLogger.verbose('details', 'InstanceLoader');

    expect(output.records()).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'Mapped {/healthz, GET} route',
        context: 'RouterExplorer',
        service: 'svc',
      }),
      expect.objectContaining({ level: 'trace', msg: 'details', context: 'InstanceLoader' }),
    ]);
  });

  it('keeps the stack Nest passes with an error', () => {
    const { output, nestLogger } = setup();
    const stack = 'Error: boom\n    at Object.<anonymous> (main.ts:1:1)';

    nestLogger.error('boom', stack, 'ExceptionHandler');

    expect(output.records()[0]).toMatchObject({
      level: 'error',
      msg: 'boom',
      stack,
      context: 'ExceptionHandler',
    });
  });

  it('serialises an Error message with its stack', () => {
    const { output, nestLogger } = setup();

    nestLogger.fatal(new Error('cannot bind'), 'NestApplication');

    const [record] = output.records();
    expect(record).toMatchObject({ level: 'fatal', msg: 'cannot bind', context: 'NestApplication' });
    expect(record?.['err']).toMatchObject({ type: 'Error', message: 'cannot bind' });
  });

  it('merges an object message into the line', () => {
    const { output, nestLogger } = setup();

    nestLogger.warn({ msg: 'slow consumer', pending: 12 });

    expect(output.records()[0]).toMatchObject({ level: 'warn', msg: 'slow consumer', pending: 12 });
  });
});
