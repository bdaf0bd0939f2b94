import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One call the adapter made to the (recorded) Kubernetes API. */
export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  authorization?: string;
  body?: unknown;
}

interface Answer {
  status: number;
  fixture: string;
}

/** A test-only bearer token in the generated kubeconfig; the recorded API checks the adapter sends it. */
export const RECORDED_API_TOKEN = 'test-only-token-not-a-secret';

const FIXTURES = join(__dirname, 'fixtures');

/**
 * A stand-in for the Kubernetes API server that answers with RECORDED responses: each route returns a
 * JSON fixture from ./fixtures (real API shapes: PodList, the deleted Pod, an Eviction's 201 and 429
 * Status, ReplicaSet, Deployment, the scale subresource's Scale, 403/404 Status) with its status code.
 * It records every call (method, path, query, content type, body), so a test asserts what the adapter's
 * client-node code really sent over HTTP. An unrouted call answers 404 and is recorded like any other.
 */
export class RecordedKubeApi {
  readonly calls: RecordedCall[] = [];
  private readonly routes = new Map<string, Answer>();
  private readonly dir = mkdtempSync(join(tmpdir(), 'warden-kubeconfig-'));

  private constructor(private readonly server: Server) {}

  static async start(): Promise<RecordedKubeApi> {
    const server = createServer();
    const api = new RecordedKubeApi(server);
    server.on(
      'request',
      (request: IncomingMessage, response: ServerResponse) => void api.serve(request, response),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Routes `method path` to a fixture; a later call for the same route replaces the answer. */
  answer(method: string, path: string, fixture: string, status = 200): this {
    this.routes.set(`${method} ${path}`, { status, fixture });
    return this;
  }

  /** Forgets the calls recorded so far (each test step asserts only its own). */
  takeCalls(): RecordedCall[] {
    return this.calls.splice(0, this.calls.length);
  }

  /** A kubeconfig whose only cluster is this server, with a bearer token, as `kubectl config view` writes one. */
  writeKubeconfig(namespace: string): string {
    const file = join(this.dir, 'kubeconfig.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '  - name: recorded',
        // client-node refuses plain http unless TLS verification is off; the recorded API speaks only http.
        `    cluster: { server: "${this.url}", insecure-skip-tls-verify: true }`,
        'users:',
        '  - name: adapter',
        `    user: { token: "${RECORDED_API_TOKEN}" }`,
        'contexts:',
        '  - name: recorded',
        `    context: { cluster: recorded, user: adapter, namespace: ${namespace} }`,
        'current-context: recorded',
        '',
      ].join('\n'),
    );
    return file;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', this.url);
    this.calls.push({
      method: request.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: request.headers['content-type'],
      authorization: request.headers.authorization,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    });
    const answer = this.routes.get(`${request.method} ${url.pathname}`) ?? {
      status: 404,
      fixture: 'pod-not-found',
    };
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(readFileSync(join(FIXTURES, `${answer.fixture}.json`)));
  }
}
