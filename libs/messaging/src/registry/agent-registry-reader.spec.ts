import type { KV, KvEntry } from '@nats-io/kv';
import { AgentRegistryKeys } from '@warden/contracts';
import { AgentRegistryReader } from './agent-registry-reader';
import type { CorruptRegistryRecordError } from './agent-record-decoding';

const encoder = new TextEncoder();

const recordOf = (agentId: string) => ({
  agentId,
  hostId: 'host-1',
  zone: 'zone-a',
  capabilities: ['summarize'],
  incarnation: 1,
  lifecycle: 'ready',
  intervalMs: 1000,
  state: 'healthy',
  stateSince: '2026-01-01T00:00:00.000Z',
  reasons: [],
  score: 1,
  load: {
    capacity: 4,
    inFlightTasks: 1,
    queueDepth: 0,
    cpuRatio: 0,
    memoryBytes: 0,
    latencyEwmaMs: 0,
    errorRatio: 0,
  },
  tasksCompleted: 0,
  tasksFailed: 0,
  lastSequence: 1,
  lastHeartbeatAt: '2026-01-01T00:00:00.000Z',
});

/**
 * Only the two calls the reader makes (keys — every key, the partition filter is not the point here — and get),
 * a key mapped to an Error fails its get the way a request does while a NATS node is lost.
 */
function bucketOf(values: Map<string, Uint8Array | Error>): KV {
  return {
    keys: async () =>
      (async function* () {
        yield* values.keys();
      })(),
    get: async (key: string) => {
      const value = values.get(key);
      if (value instanceof Error) throw value;
      return value && ({ key, value, operation: 'PUT' } as unknown as KvEntry);
    },
  } as unknown as KV;
}

describe('AgentRegistryReader', () => {
  const good = AgentRegistryKeys.of('agent-good');
  const corrupt = AgentRegistryKeys.of('agent-corrupt');
  const unreadable = AgentRegistryKeys.of('agent-unreadable');

  it('skips a corrupt record and reports it, and returns the valid ones', async () => {
    const reported: CorruptRegistryRecordError[] = [];
    const reader = new AgentRegistryReader(
      bucketOf(
        new Map([
          [good, encoder.encode(JSON.stringify(recordOf('agent-good')))],
          [corrupt, encoder.encode('{not json')],
        ]),
      ),
      (error) => reported.push(error),
    );

    const records = await reader.loadPartition(0);

    expect(records.map((record) => record.agentId)).toEqual(['agent-good']);
    expect(reported.map((error) => error.key)).toEqual([corrupt]);
  });

  it('fails the whole load when a record cannot be read, instead of skipping that agent as corrupt', async () => {
    const reported: CorruptRegistryRecordError[] = [];
    const reader = new AgentRegistryReader(
      bucketOf(
        new Map<string, Uint8Array | Error>([
          [good, encoder.encode(JSON.stringify(recordOf('agent-good')))],
          [unreadable, new Error('TIMEOUT')],
        ]),
      ),
      (error) => reported.push(error),
    );

    await expect(reader.loadPartition(0)).rejects.toThrow('TIMEOUT');
    expect(reported).toEqual([]);
  });
});
