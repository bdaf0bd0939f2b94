export interface Gathered<R> {
  granted: R[];
  refused: R[];
}

/**
 * Asks every participant at once and resolves as soon as `quorum` have granted, or as soon as that has
 * become impossible (every answer in, or too many refusals and failures), so a dead or slow acceptor
 * costs nothing while a majority answers. A failed ask (timeout, no responders) counts as no answer.
 */
export function gatherQuorum<R>(
  participants: readonly string[],
  ask: (participant: string) => Promise<R>,
  grants: (reply: R) => boolean,
  quorum: number,
): Promise<Gathered<R>> {
  return new Promise((resolve) => {
    const granted: R[] = [];
    const refused: R[] = [];
    let failed = 0;
    let done = false;
    const settle = (): void => {
      if (done) return;
      const outstanding = participants.length - granted.length - refused.length - failed;
      if (granted.length >= quorum || granted.length + outstanding < quorum) {
        done = true;
        resolve({ granted: [...granted], refused: [...refused] });
      }
    };
    for (const participant of participants) {
      ask(participant).then(
        (reply) => {
          if (done) return;
          (grants(reply) ? granted : refused).push(reply);
          settle();
        },
        () => {
          failed++;
          settle();
        },
      );
    }
    settle();
  });
}
