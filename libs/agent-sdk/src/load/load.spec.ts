import { Ewma } from './ewma';
import { LoadMeter, type ResourceSampler } from './load-meter';
import { OutcomeWindow } from './outcome-window';

const resources: ResourceSampler = {
  cpuRatio: () => 0.25,
  memoryBytes: () => 1_000,
  memoryLimitBytes: () => 10_000,
};

describe('Ewma', () => {
  it('starts at the first sample and halves an old sample’s weight after halfLife samples', () => {
    const ewma = new Ewma(2);
    ewma.add(100);
    expect(ewma.value).toBe(100);
    ewma.add(0);
    ewma.add(0);
    expect(ewma.value).toBeCloseTo(50, 6);
  });
});

describe('OutcomeWindow', () => {
  it('reports failed / finished within the window and forgets older outcomes', () => {
    const window = new OutcomeWindow(60_000, 12);
    window.record(false, 0);
    window.record(true, 1_000);
    expect(window.errorRatio(2_000)).toBe(0.5);
    window.record(true, 70_000);
    expect(window.errorRatio(70_000)).toBe(0);
  });

  it('is 0 when nothing finished', () => {
    expect(new OutcomeWindow().errorRatio(0)).toBe(0);
  });
});

describe('LoadMeter', () => {
  it('derives in-flight, queue depth, counters, latency and errors from task events', () => {
    const meter = new LoadMeter(4, resources);
    meter.taskQueued();
    meter.taskQueued();
    meter.taskStarted();
    expect(meter.figures(0)).toMatchObject({ capacity: 4, inFlightTasks: 1, queueDepth: 1 });
    meter.taskFinished(false, 200, 10);
    meter.taskStarted();
    meter.taskFinished(true, 100, 20);
    expect(meter.figures(30)).toMatchObject({
      inFlightTasks: 0,
      queueDepth: 0,
      tasksCompleted: 1,
      tasksFailed: 1,
      errorRatio: 0.5,
      cpuRatio: 0.25,
      memoryBytes: 1_000,
      memoryLimitBytes: 10_000,
    });
    expect(meter.figures(30).latencyEwmaMs).toBeLessThan(200);
    expect(meter.figures(30).latencyEwmaMs).toBeGreaterThan(100);
  });

  it('lets a simulation override chosen figures while the others stay real', () => {
    const meter = new LoadMeter(2, resources);
    meter.override({ latencyEwmaMs: 9_000 });
    expect(meter.figures(0)).toMatchObject({ latencyEwmaMs: 9_000, cpuRatio: 0.25 });
    meter.clearOverrides();
    expect(meter.figures(0).latencyEwmaMs).toBe(0);
  });
});
