/**
 * A heartbeat-sized JSON body (117 bytes), the size the ecosystem notes measured raw nats.js with, so the
 * raw baseline here can be checked against those figures.
 */
export const BENCH_MESSAGE = {
  agentId: 'agent-042',
  hostId: 'host-7',
  sequence: 1234567,
  cpuRatio: 0.42,
  memoryBytes: 268435456,
  status: 'ready',
} as const;

export const BENCH_PAYLOAD: string = JSON.stringify(BENCH_MESSAGE);
