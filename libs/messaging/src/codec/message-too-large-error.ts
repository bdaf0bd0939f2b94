/** Raised before publishing a body larger than its message class allows, so oversize data never reaches the wire. */
export class MessageTooLargeError extends Error {
  override readonly name = 'MessageTooLargeError';

  constructor(
    readonly messageType: string,
    readonly sizeBytes: number,
    readonly maxBytes: number,
  ) {
    super(`${messageType} body is ${sizeBytes} bytes, above its limit of ${maxBytes} bytes`);
  }
}
