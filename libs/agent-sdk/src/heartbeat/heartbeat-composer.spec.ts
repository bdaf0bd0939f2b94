import { Heartbeat, parseMessage } from '@warden/contracts';
import type { LoadFigures } from '../load/load-meter';
import { HeartbeatComposer } from './heartbeat-composer';

const figures: LoadFigures = {
  capacity: 4,
  inFlightTasks: 1,
  queueDepth: 0,
  cpuRatio: 0.2,
  memoryBytes: 1000,
  latencyEwmaMs: 12.5,
  errorRatio: 0.1,
  tasksCompleted: 9,
  tasksFailed: 1,
};

describe('HeartbeatComposer', () => {
  const identity = {
    agentId: 'a1',
    hostId: 'h1',
    zone: 'z1',
    capabilities: ['gpu'],
    incarnation: 42,
    intervalMs: 1000,
  };

  it('numbers beats 1, 2, 3 within the incarnation and produces valid messages', () => {
    const composer = new HeartbeatComposer(identity);
    const beats = [1, 2, 3].map(() => composer.next('ready', figures, new Date(0)));
    expect(beats.map((beat) => beat.sequence)).toEqual([1, 2, 3]);
    for (const beat of beats)
      expect(() => parseMessage(Heartbeat, JSON.parse(JSON.stringify(beat)))).not.toThrow();
    expect(beats[2]).toMatchObject({
      incarnation: 42,
      lifecycle: 'ready',
      latencyEwmaMs: 12.5,
      tasksCompleted: 9,
    });
  });

  it('keeps simulated overrides within what the message allows', () => {
    const beat = new HeartbeatComposer(identity).next(
      'ready',
      { ...figures, cpuRatio: 1.7, errorRatio: -0.2, memoryBytes: 10.6 },
      new Date(0),
    );
    expect(beat).toMatchObject({ cpuRatio: 1, errorRatio: 0, memoryBytes: 11 });
  });

  it('carries the dependencies reported down, sorted, and leaves the field out while none is', () => {
    const composer = new HeartbeatComposer(identity);
    expect(composer.next('ready', figures, new Date(0)).dependenciesDown).toBeUndefined();
    const beat = composer.next('ready', figures, new Date(0), new Set(['search-index', 'postgres']));
    expect(beat.dependenciesDown).toEqual(['postgres', 'search-index']);
    expect(() => parseMessage(Heartbeat, JSON.parse(JSON.stringify(beat)))).not.toThrow();
  });
});
