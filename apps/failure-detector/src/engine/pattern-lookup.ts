/** Which active pattern explains a new failure of an agent (pattern detection keeps it). */
export interface PatternLookup {
  patternFor(agentId: string, now: number): string | undefined;
}
