import { restartTypeAllows } from './restart-type';

describe('restartTypeAllows', () => {
  const crashed = { lifecycle: 'ready' as const, state: 'unresponsive' as const };
  const stopped = { lifecycle: 'stopped' as const, state: 'stopped' as const };

  it('permanent: always', () => {
    expect(restartTypeAllows('permanent', crashed)).toBe(true);
    expect(restartTypeAllows('permanent', stopped)).toBe(true);
  });

  it('transient: after an abnormal end only, not after a stop the agent announced', () => {
    expect(restartTypeAllows('transient', crashed)).toBe(true);
    expect(restartTypeAllows('transient', undefined)).toBe(true);
    expect(restartTypeAllows('transient', stopped)).toBe(false);
    expect(restartTypeAllows('transient', { lifecycle: 'stopping', state: 'unresponsive' })).toBe(false);
  });

  it('temporary: never', () => {
    expect(restartTypeAllows('temporary', crashed)).toBe(false);
  });
});
