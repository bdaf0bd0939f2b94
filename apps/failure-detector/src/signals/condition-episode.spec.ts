import { ConditionEpisode } from './condition-episode';

describe('ConditionEpisode', () => {
  it('fires once the condition has held for the window, not on the first beat', () => {
    const episode = new ConditionEpisode();
    expect(episode.observe(true, 0, 1, 3_000)).toBe(false);
    expect(episode.observe(true, 2_000, 2, 3_000)).toBe(false);
    expect(episode.observe(true, 3_000, 3, 3_000)).toBe(true);
    expect(episode.startSequence).toBe(1);
  });

  it('does not fire again within the same episode', () => {
    const episode = new ConditionEpisode();
    episode.observe(true, 0, 1, 1_000);
    expect(episode.observe(true, 1_000, 2, 1_000)).toBe(true);
    for (let at = 2_000; at < 10_000; at += 1_000)
      expect(episode.observe(true, at, at / 1_000 + 1, 1_000)).toBe(false);
  });

  it('never fires on a condition that flickers within the window', () => {
    const episode = new ConditionEpisode();
    for (let at = 0; at < 20_000; at += 1_000)
      expect(episode.observe(at % 2_000 === 0, at, at / 1_000, 1_500)).toBe(false);
  });

  it('re-arms after the condition clears: a new episode fires again', () => {
    const episode = new ConditionEpisode();
    episode.observe(true, 0, 1, 1_000);
    expect(episode.observe(true, 1_000, 2, 1_000)).toBe(true);
    episode.observe(false, 2_000, 3, 1_000);
    expect(episode.observe(true, 3_000, 4, 1_000)).toBe(false);
    expect(episode.observe(true, 4_000, 5, 1_000)).toBe(true);
    expect(episode.startSequence).toBe(4);
  });
});
