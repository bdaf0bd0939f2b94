import { ConfigFileError } from './config-file-error';
import { ConfigFileReader } from './config-file-reader';

class TestFileError extends ConfigFileError {}

class WithPorts extends ConfigFileReader {
  port(key: string): number {
    return this.integer(key, 80, 1, 65_535);
  }
}

const read = (value: unknown) =>
  WithPorts.mapping('test.yaml', '', value, (...args) => new TestFileError(...args));

function problemOf(action: () => unknown): { field: string; problem: string } {
  try {
    action();
  } catch (error) {
    if (error instanceof TestFileError) return { field: error.field, problem: error.problem };
    throw error;
  }
  throw new Error('expected a TestFileError');
}

describe('ConfigFileReader', () => {
  it('keeps the fallback for a missing or null field and reads a valid one', () => {
    const reader = read({ a: null, b: 8080, c: 'text', d: true });
    expect(reader.port('a')).toBe(80);
    expect(reader.port('missing')).toBe(80);
    expect(reader.port('b')).toBe(8080);
    expect(reader.string('c')).toBe('text');
    expect(reader.boolean('d', false)).toBe(true);
  });

  it('names the full path of a bad field, in the subclass, at every depth', () => {
    const reader = read({ routes: [{ ok: 1 }, { nested: { port: 0 } }] });
    const [, second] = reader.children('routes');
    expect(second).toBeInstanceOf(WithPorts);
    expect(problemOf(() => second!.child('nested')!.port('port'))).toEqual({
      field: 'routes[1].nested.port',
      problem: 'must be at least 1',
    });
  });

  it('rejects a field nobody read, a non-mapping, a non-list and a bad list item', () => {
    const reader = read({ known: 1, typo: 2, list: 'x', names: ['a', ''] });
    reader.raw('known');
    expect(problemOf(() => reader.children('list'))).toEqual({ field: 'list', problem: 'must be a list' });
    expect(problemOf(() => reader.strings('names')).field).toBe('names[1]');
    expect(problemOf(() => reader.rejectUnknown()).field).toBe('typo');
    expect(problemOf(() => read(['a'])).field).toBe('(top level)');
  });

  it('checks numbers against their rule and strings against their set', () => {
    const reader = read({ ratio: 1.5, count: 1.5, mode: 'loud' });
    expect(reader.number('ratio', 0, { min: 0, max: 2 })).toBe(1.5);
    expect(problemOf(() => reader.number('count', 0, { min: 0, integer: true })).problem).toBe(
      'must be a whole number',
    );
    expect(problemOf(() => reader.oneOf('mode', 'quiet', ['quiet', 'normal'])).problem).toBe(
      'must be one of quiet, normal',
    );
  });
});
