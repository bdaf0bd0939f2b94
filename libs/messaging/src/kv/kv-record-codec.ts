const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Checks a stored value (written by another process, maybe another version) and gives it its type; it
 * throws on a value it refuses. The default takes the JSON as it is, for records only this service writes.
 */
export type RecordDecoder<T> = (value: unknown, key: string) => T;

export const trustedRecord = <T>(value: unknown): T => value as T;

export function encodeRecord(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function parseRecord(bytes: Uint8Array): unknown {
  return JSON.parse(decoder.decode(bytes)) as unknown;
}

/** A `parse` option for a decoder that reads the stored bytes itself (to treat unreadable JSON its own way). */
export const storedBytes = (bytes: Uint8Array): unknown => bytes;
