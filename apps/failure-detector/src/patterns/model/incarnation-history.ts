/**
 * When this detector first saw each incarnation of each agent: a restart is a new incarnation, and its
 * first sighting (a health change or a failure) is the closest the detector knows to its start.
 */
export class IncarnationHistory {
  private readonly firstSeen = new Map<string, Map<number, number>>();

  constructor(private readonly horizonMs: number) {}

  observe(agentId: string, incarnation: number, at: number): void {
    let incarnations = this.firstSeen.get(agentId);
    if (!incarnations) this.firstSeen.set(agentId, (incarnations = new Map()));
    if (!incarnations.has(incarnation)) incarnations.set(incarnation, at);
  }

  firstSeenAt(agentId: string, incarnation: number): number | undefined {
    return this.firstSeen.get(agentId)?.get(incarnation);
  }

  prune(now: number): void {
    for (const [agentId, incarnations] of this.firstSeen) {
      for (const [incarnation, at] of incarnations)
        if (now - at > this.horizonMs) incarnations.delete(incarnation);
      if (incarnations.size === 0) this.firstSeen.delete(agentId);
    }
  }
}
