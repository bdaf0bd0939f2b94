import { RECOVERY_STATE_TTL_MS } from '@warden/contracts';
import type { RunTarget } from '../state/recovery-records';
import { nextStartOrderRecord } from './start-order-record';

const member = (agentId: string, incarnation: number): RunTarget => ({
  agentId,
  hostId: 'host-1',
  zone: 'zone-a',
  incarnation,
});
const NOW = 10 * RECOVERY_STATE_TTL_MS;
const everyone = () => true;

describe('nextStartOrderRecord (what the start order book writes back)', () => {
  it('writes nothing when nothing changed and the record is fresh', () => {
    const record = { agentIds: ['a', 'b'], writtenAt: NOW - 1_000 };
    expect(nextStartOrderRecord(record, [member('b', 1), member('a', 2)], [], everyone, NOW)).toEqual({
      agentIds: ['a', 'b'],
    });
  });

  it('rewrites an unchanged order older than half the bucket TTL, so a record still read never expires', () => {
    const record = { agentIds: ['a', 'b'], writtenAt: NOW - RECOVERY_STATE_TTL_MS / 2 };
    expect(nextStartOrderRecord(record, [member('a', 1), member('b', 2)], [], everyone, NOW)).toEqual({
      agentIds: ['a', 'b'],
      write: { agentIds: ['a', 'b'], writtenAt: NOW },
    });
  });

  it('rewrites a record from before writtenAt was kept', () => {
    const result = nextStartOrderRecord({ agentIds: ['a'] }, [member('a', 1)], [], everyone, NOW);
    expect(result.write).toEqual({ agentIds: ['a'], writtenAt: NOW });
  });

  it('writes when a departed id is pruned', () => {
    const record = { agentIds: ['a', 'gone', 'b'], writtenAt: NOW };
    const result = nextStartOrderRecord(
      record,
      [member('a', 1), member('b', 2)],
      [],
      (id) => id !== 'gone',
      NOW,
    );
    expect(result.write?.agentIds).toEqual(['a', 'b']);
  });
});
