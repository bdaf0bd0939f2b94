// Test-only streams and a bucket beside the contracts' ones: their names are cast (the name types list the real ones).
import {
  Streams,
  type BucketName,
  type BucketSpec,
  type StreamName,
  type StreamSpec,
} from '@warden/contracts';
import type { JetStreamManager } from '@nats-io/jetstream';
import { startNatsServer, type NatsServerHandle } from '@warden/testing';
import { NatsConnectionConfig } from '../connection/nats-connection-config';
import { connectNats, type NatsClient } from '../connection/nats-client';
import { silentLogger } from '../testing/messaging-fixture.test-helper';
import { ensureBucket } from './ensure-bucket';
import { ensureStream } from './ensure-stream';
import { JetStreamReplicasError } from './jetstream-replicas-error';

const bucket: BucketSpec = {
  name: 'replica-leases' as BucketName,
  description: 'test leases',
  history: 1,
  ttlMs: 30_000,
  maxValueBytes: 1024,
  storage: 'file',
};

describe('JETSTREAM_REPLICAS on a single nats-server', () => {
  let server: NatsServerHandle;
  let client: NatsClient;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    server = await startNatsServer();
    client = await connectNats(Object.assign(new NatsConnectionConfig(), { NATS_URL: server.url }), {
      name: 'replicas-test',
      logger: silentLogger(),
    });
    jsm = await client.jetstreamManager();
  });
  afterAll(async () => {
    await client.drain();
    await server.dispose();
  });

  it('refuses to create a stream with 3 replicas, naming the setting and what the server said', async () => {
    const stream: StreamSpec = {
      ...Streams.ALERTS,
      name: 'REPLICAS_NEW' as StreamName,
      subjects: ['rep.new.>'],
    };

    const failure = await ensureStream(jsm, stream, { replicas: 3 }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(JetStreamReplicasError);
    expect((failure as Error).message).toMatch(
      /^JETSTREAM_REPLICAS=3 cannot be satisfied for stream REPLICAS_NEW/,
    );
    expect((failure as Error).message).toContain('replicas > 1 not supported in non-clustered mode');
    expect((failure as Error).message).toContain('10074');
    await expect(jsm.streams.info(stream.name)).rejects.toThrow(/stream not found/);
  });

  it('refuses to create a KV bucket with 3 replicas', async () => {
    await expect(ensureBucket(client.jetstream, jsm, bucket, { replicas: 3 })).rejects.toThrow(
      /JETSTREAM_REPLICAS=3 cannot be satisfied for bucket KV_replica-leases: the server said/,
    );
  });

  // nats-server 2.9 answers this update with success and num_replicas 3 in the config, while one server
  // holds the stream: only counting the peers shows the setting is not met.
  it('refuses to raise an existing stream to 3 replicas that one server cannot hold', async () => {
    const stream: StreamSpec = {
      ...Streams.ALERTS,
      name: 'REPLICAS_OLD' as StreamName,
      subjects: ['rep.old.>'],
    };
    await ensureStream(jsm, stream, { replicas: 1 });

    const failure = await ensureStream(jsm, stream, { replicas: 3 }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(JetStreamReplicasError);
    expect((failure as Error).message).toContain(
      'JETSTREAM_REPLICAS=3 cannot be satisfied for stream REPLICAS_OLD: its stream info shows 1 server(s) holding it',
    );
    // A restart with the same setting fails the same way instead of taking the server's config at its word.
    await expect(ensureStream(jsm, stream, { replicas: 3 })).rejects.toBeInstanceOf(JetStreamReplicasError);
  });

  it('accepts one replica on one server', async () => {
    const stream: StreamSpec = {
      ...Streams.ALERTS,
      name: 'REPLICAS_ONE' as StreamName,
      subjects: ['rep.one.>'],
    };

    const result = await ensureStream(jsm, stream, { replicas: 1 });

    expect(result.action).toBe('created');
    expect((await jsm.streams.info(stream.name)).config.num_replicas).toBe(1);
  });
});
