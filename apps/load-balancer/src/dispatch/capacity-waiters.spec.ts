import { CapacityWaiters } from './capacity-waiters';

describe('CapacityWaiters', () => {
  it('wakes waiting tasks critical first, then by arrival within a lane', async () => {
    const waiters = new CapacityWaiters(10);
    const order: string[] = [];
    const wait = (name: string, priority: 'low' | 'normal' | 'critical') =>
      waiters.wait(priority, 10_000).then(() => order.push(name));
    const all = [
      wait('low-1', 'low'),
      wait('normal-1', 'normal'),
      wait('critical-1', 'critical'),
      wait('low-2', 'low'),
    ];
    expect(waiters.waiting).toBe(4);
    waiters.wakeAll();
    await Promise.all(all);
    expect(order).toEqual(['critical-1', 'normal-1', 'low-1', 'low-2']);
    expect(waiters.waiting).toBe(0);
  });

  it('lets a wait end at its own time limit and reports when full', async () => {
    const waiters = new CapacityWaiters(1);
    const waited = waiters.wait('normal', 10);
    expect(waiters.full).toBe(true);
    await waited;
    expect(waiters.full).toBe(false);
  });
});
