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
const strictUtf8Decoder = new TextDecoder('utf-8', { fatal: true });

function needsEncoding(codePoint: number): boolean {
  return (
    codePoint === 0x20 || codePoint === 0x22 || codePoint === 0x25 || codePoint < 0x21 || codePoint > 0x7e
  );
}

export function encodeHeaderValue(value: string): string {
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

export function decodeHeaderValue(raw: string): string {
  const unquoted = unquote(raw.trim());
  const bytes: number[] = [];
  for (let index = 0; index < unquoted.length; index++) {
    const character = String.fromCodePoint(unquoted.codePointAt(index) ?? 0);
    if (character !== '%') {
      bytes.push(...utf8Encoder.encode(character));
      index += character.length - 1;
      continue;
    }
    const hex = unquoted.slice(index + 1, index + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
      throw new HeaderValueEncodingError(raw, `bad percent escape at offset ${index}`);
    }
    bytes.push(Number.parseInt(hex, 16));
    index += 2;
  }
  try {
    return strictUtf8Decoder.decode(new Uint8Array(bytes));
  } catch {
    throw new HeaderValueEncodingError(raw, 'percent escapes are not valid UTF-8');
  }
}
