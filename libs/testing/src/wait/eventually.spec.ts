import { eventually, EventuallyTimeoutError } from './eventually';

describe('eventually', () => {
  it('resolves with the first result that is neither false nor undefined', async () => {
    let calls = 0;
    const result = await eventually(() => (++calls < 3 ? false : calls), { intervalMs: 1 });
    expect(result).toBe(3);
  });

  it('retries a probe that throws', async () => {
    let calls = 0;
    const result = await eventually(
      () => {
        if (++calls < 2) throw new Error('not yet');
        return 'done';
      },
      { intervalMs: 1 },
    );
    expect(result).toBe('done');
  });

  it('fails with the message and the last failure when the condition never holds', async () => {
    const attempt = eventually(
      () => {
        throw new Error('still broken');
      },
      { timeoutMs: 30, intervalMs: 5, message: 'widget never appeared' },
    );
    await expect(attempt).rejects.toThrow(EventuallyTimeoutError);
    await expect(attempt).rejects.toThrow(/widget never appeared.*still broken/);
  });
});
