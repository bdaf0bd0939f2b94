export const BUCKET_NAMES = [
  'agents',
  'leases',
  'recovery',
  'alerts',
  'silences',
  'incidents',
  'notifications',
  'coordination',
  'consensus',
  'task-runs',
  'fences',
] as const;
export type BucketName = (typeof BUCKET_NAMES)[number];

/** A JetStream KV bucket. Replicas come from configuration, as for streams. */
export interface BucketSpec {
  name: BucketName;
  description: string;
  /** Values kept per key (1: latest only). */
  history: number;
  /** A key not written for this long disappears; 0: never. */
  ttlMs: number;
  maxValueBytes: number;
  storage: 'file' | 'memory';
}
