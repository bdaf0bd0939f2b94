import { QUICK_PROFILE } from './bench-profile';
import { alternate, compareThroughput, type Trial } from './compare-alternating';
import type { ThroughputRepetition } from './repetition';

function recordingTrial(label: string, calls: string[]): Trial<ThroughputRepetition> {
  let runs = 0;
  return {
    label,
    measure: async () => {
      runs++;
      calls.push(`${label}${runs}`);
      return { messages: runs, elapsedMs: 1 };
    },
  };
}

describe('alternate', () => {
  it('warms both sides up unrecorded, then alternates baseline and subject', async () => {
    const calls: string[] = [];
    const profile = { ...QUICK_PROFILE, warmupRepetitions: 1, repetitions: 3 };
    const pair = await alternate(
      profile,
      recordingTrial('b', calls),
      recordingTrial('s', calls),
      () => undefined,
    );
    expect(calls).toEqual(['b1', 's1', 'b2', 's2', 'b3', 's3', 'b4', 's4']);
    expect(pair.baseline).toEqual({
      label: 'b',
      repetitions: [2, 3, 4].map((messages) => ({ messages, elapsedMs: 1 })),
    });
    expect(pair.subject.repetitions.map((repetition) => repetition.messages)).toEqual([2, 3, 4]);
  });

  it('stops at the first failing repetition and passes the error on', async () => {
    const failing: Trial<ThroughputRepetition> = {
      label: 'broken',
      measure: () => Promise.reject(new Error('server went away')),
    };
    const calls: string[] = [];
    await expect(
      compareThroughput(
        { profile: QUICK_PROFILE, log: () => undefined },
        recordingTrial('b', calls),
        failing,
      ),
    ).rejects.toThrow('server went away');
    expect(calls).toEqual(['b1']);
  });
});
