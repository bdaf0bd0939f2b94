/**
 * Percent-encoding of CloudEvents attribute values in NATS headers (NATS protocol binding §3.1.3.2):
 * headers may carry printable US-ASCII only, so space, double quote, percent and everything outside
 * U+0021..U+007E is written as `%XX` per UTF-8 byte.
 */
export class HeaderValueEncodingError extends Error {
  constructor(
    readonly rawValue: string,
    readonly reason: string,
  ) {
    super(`Cannot decode header value ${JSON.stringify(rawValue)}: ${reason}`);
    this.name = 'HeaderValueEncodingError';
  }
}

const utf8Encoder = new TextEncoder();

function needsEncoding(codePoint: number): boolean {
  return (
    codePoint === 0x20 || codePoint === 0x22 || codePoint === 0x25 || codePoint < 0x21 || codePoint > 0x7e
  );
}

/** Printable US-ASCII except space, double quote and percent: such a value is its own encoding. */
const NEEDS_NO_ENCODING = /^[\x21\x23\x24\x26-\x7e]*$/;

export function encodeHeaderValue(value: string): string {
  if (NEEDS_NO_ENCODING.test(value)) return value;
  let encoded = '';
  for (const character of value) {
    if (!needsEncoding(character.codePointAt(0) ?? 0)) {
      encoded += character;
      continue;
    }
    for (const byte of utf8Encoder.encode(character)) {
      encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return encoded;
}

// Older binding versions allowed RFC 7230 quoted strings, which receivers must still accept.
function unquote(raw: string): string {
  if (raw.length < 2 || !raw.startsWith('"') || !raw.endsWith('"')) {
    return raw;
  }
  return raw.slice(1, -1).replace(/\\(.)/g, '$1');
}

// Every header of every message is decoded (heartbeats included), so the common case — no escape at all —
// returns at once, and escapes go through the engine's own UTF-8 percent-decoding, which rejects
// malformed escapes and invalid UTF-8 (overlong forms, lone continuation bytes) as this binding requires.
export function decodeHeaderValue(raw: string): string {
  const unquoted = unquote(raw.trim());
  if (!unquoted.includes('%')) return unquoted;
  try {
    return decodeURIComponent(unquoted);
  } catch {
    throw new HeaderValueEncodingError(raw, 'a percent escape is malformed or not valid UTF-8');
  }
}
