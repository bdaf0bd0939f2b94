import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  receivedAt: number;
}

/**
 * A real local HTTP receiver for webhook notifications (alert receivers, callbacks): listens on a free
 * port of 127.0.0.1, records every request with its parsed JSON body, and answers 500 on paths told to fail.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly failing = new Set<string>();
  private readonly server = createServer((request, response) => this.handle(request, response));

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  failOn(path: string): void {
    this.failing.add(path);
  }

  on(path: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Recorded as text: the test asserts on it.
      }
      this.requests.push({ path, headers: request.headers, body, receivedAt: Date.now() });
      response.statusCode = this.failing.has(path) ? 500 : 200;
      response.end();
    });
  }
}
