/** The JetStream streams Warden declares. */
export const STREAM_NAMES = ['SUPERVISION', 'COORDINATION', 'ALERTS', 'DLQ'] as const;
export type StreamName = (typeof STREAM_NAMES)[number];

/**
 * What a stream must be. Replicas are not here: messaging applies them from configuration (1 locally,
 * 3 in a cluster), and may override the limits.
 */
export interface StreamSpec {
  name: StreamName;
  description: string;
  subjects: string[];
  retention: 'limits' | 'interest' | 'workqueue';
  storage: 'file' | 'memory';
  maxAgeMs: number;
  /** JetStream drops a message whose Nats-Msg-Id it has seen within this window. */
  duplicateWindowMs: number;
  /** Largest message (headers + body) the stream accepts. */
  maxMsgBytes: number;
  /** -1: unlimited (age is the bound). */
  maxBytes: number;
}

/** Room left for envelope, trace and JetStream headers on top of a message body. */
export const HEADER_ALLOWANCE_BYTES = 8 * 1024;
