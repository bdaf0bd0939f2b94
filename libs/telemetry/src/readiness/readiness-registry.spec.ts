import { DuplicateReadinessCheckError } from './duplicate-readiness-check-error';
import { ReadinessRegistry } from './readiness-registry';

describe('ReadinessRegistry', () => {
  it('is ready when every check passes, in any of the accepted result shapes', async () => {
    const readiness = new ReadinessRegistry();
    readiness.register('nats', () => true);
    readiness.register('streams', async () => true);
    readiness.register('partitions', () => ({ ready: true, detail: '16/64 owned' }));

    await expect(readiness.evaluate()).resolves.toEqual({
      ready: true,
      checks: [
        { name: 'nats', ready: true },
        { name: 'streams', ready: true },
        { name: 'partitions', ready: true, detail: '16/64 owned' },
      ],
    });
  });

  it('is not ready when one check fails, throws or does not answer', async () => {
    const readiness = new ReadinessRegistry(20);
    readiness.register('nats', () => true);
    readiness.register('streams', () => ({ ready: false, detail: 'SUPERVISION missing' }));
    readiness.register('kv', () => {
      throw new Error('bucket leases unreachable');
    });
    readiness.register('stuck', () => new Promise<boolean>(() => undefined));

    const report = await readiness.evaluate();

    expect(report.ready).toBe(false);
    expect(report.checks).toEqual([
      { name: 'nats', ready: true },
      { name: 'streams', ready: false, detail: 'SUPERVISION missing' },
      { name: 'kv', ready: false, detail: 'bucket leases unreachable' },
      { name: 'stuck', ready: false, detail: 'no answer within 20 ms' },
    ]);
  });

  it('reflects a check that flips, and forgets an unregistered one', async () => {
    const readiness = new ReadinessRegistry();
    let connected = false;
    readiness.register('nats', () => connected);
    const unregister = readiness.register('warming', () => false);

    expect((await readiness.evaluate()).ready).toBe(false);
    connected = true;
    unregister();
    expect((await readiness.evaluate()).ready).toBe(true);
  });

  it('reports not ready once shutting down', async () => {
    const readiness = new ReadinessRegistry();
    readiness.register('nats', () => true);
    readiness.markShuttingDown();

    const report = await readiness.evaluate();
    expect(report.ready).toBe(false);
    expect(report.checks[0]).toEqual({ name: 'shutdown', ready: false, detail: 'shutting down' });
  });

  it('refuses two checks with one name', () => {
    const readiness = new ReadinessRegistry();
    readiness.register('nats', () => true);
    expect(() => readiness.register('nats', () => false)).toThrow(DuplicateReadinessCheckError);
  });
});
