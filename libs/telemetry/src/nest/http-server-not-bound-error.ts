/** listen() resolved but the server has no TCP port to announce (e.g. it was given a pipe path). */
export class HttpServerNotBoundError extends Error {
  override readonly name = 'HttpServerNotBoundError';

  constructor(readonly address: string) {
    super(`HTTP server is not bound to a TCP port (address: ${address})`);
  }
}
