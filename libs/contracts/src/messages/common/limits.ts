/** Size limits shared by several message families. */
export const MessageLimits = {
  capabilitiesPerAgent: 64,
  summaryLength: 512,
  detailLength: 4096,
  reasonItems: 32,
  agentsPerEvent: 1000,
  idsPerEvidence: 1000,
  evidenceChainLinks: 64,
  dependenciesPerAgent: 32,
} as const;
