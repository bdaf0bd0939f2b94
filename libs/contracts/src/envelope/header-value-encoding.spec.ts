import { HeaderValueEncodingError, decodeHeaderValue, encodeHeaderValue } from './header-value-encoding';

describe('CloudEvents NATS header value encoding', () => {
  it('encodes the binding specification example', () => {
    expect(encodeHeaderValue('Euro \u20ac \u{1f600}')).toBe('Euro%20%E2%82%AC%20%F0%9F%98%80');
  });

  it('leaves printable ASCII other than space, double quote and percent alone', () => {
    const printable = 'agent-1/host_2:zone.eu?x=1&y=[2]';
    expect(encodeHeaderValue(printable)).toBe(printable);
    expect(encodeHeaderValue('"50%"')).toBe('%2250%25%22');
  });

  it('round-trips any string', () => {
    for (const value of ['', 'plain', 'with space', '100%', 'quote"d', 'tab\there', 'ünïcødé \u{1f680}']) {
      expect(decodeHeaderValue(encodeHeaderValue(value))).toBe(value);
    }
  });

  it('accepts lower-case escapes, unnecessary escapes and legacy quoted strings', () => {
    expect(decodeHeaderValue('%e2%82%ac')).toBe('\u20ac');
    expect(decodeHeaderValue('%41BC')).toBe('ABC');
    expect(decodeHeaderValue('"a \\"quoted\\" value"')).toBe('a "quoted" value');
  });

  it('rejects malformed escapes and escapes that are not valid UTF-8', () => {
    for (const raw of ['%', '%2', '%zz', '%C0%A0', '%FF']) {
      expect(() => decodeHeaderValue(raw)).toThrow(HeaderValueEncodingError);
    }
  });
});
