import { SubjectCatalogue } from '../subjects/subject-catalogue';
import { HEADER_ALLOWANCE_BYTES, StreamName, StreamSpec } from './stream-spec';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const KIB = 1024;

// Stream subjects come from the catalogue entry by entry: a stream cannot exclude subjects, so capturing
// a whole root (`supervision.>`) would also capture heartbeats and request/reply subjects.
function subjectsOf(stream: StreamName): string[] {
  return SubjectCatalogue.filter((entry) => entry.stream === stream).map((entry) => entry.wildcard);
}

/**
 * Limits retention everywhere: several services read the same events through their own durable consumers
 * and operators replay them, which work-queue retention (the seed's choice) would make impossible.
 */
export const Streams: Readonly<Record<StreamName, StreamSpec>> = {
  SUPERVISION: {
    name: 'SUPERVISION',
    description: 'Supervision events: health state changes, failures, patterns, recovery steps, escalations',
    subjects: subjectsOf('SUPERVISION'),
    retention: 'limits',
    storage: 'file',
    maxAgeMs: 7 * DAY_MS,
    duplicateWindowMs: 2 * MINUTE_MS,
    maxMsgBytes: 128 * KIB + HEADER_ALLOWANCE_BYTES,
    maxBytes: -1,
  },
  COORDINATION: {
    name: 'COORDINATION',
    description: 'Durable task submissions, assignments and results, and coordination decisions',
    subjects: subjectsOf('COORDINATION'),
    retention: 'limits',
    storage: 'file',
    maxAgeMs: 24 * HOUR_MS,
    duplicateWindowMs: 2 * MINUTE_MS,
    maxMsgBytes: 256 * KIB,
    maxBytes: -1,
  },
  ALERTS: {
    name: 'ALERTS',
    description: 'Alert history: every alert as it fires and resolves',
    subjects: subjectsOf('ALERTS'),
    retention: 'limits',
    storage: 'file',
    maxAgeMs: 30 * DAY_MS,
    duplicateWindowMs: 2 * MINUTE_MS,
    maxMsgBytes: 64 * KIB + HEADER_ALLOWANCE_BYTES,
    maxBytes: -1,
  },
  DLQ: {
    name: 'DLQ',
    description: 'Dead letters: messages a service could not decode, validate or handle, with the reason',
    subjects: subjectsOf('DLQ'),
    retention: 'limits',
    storage: 'file',
    maxAgeMs: 14 * DAY_MS,
    duplicateWindowMs: 2 * MINUTE_MS,
    maxMsgBytes: 512 * KIB + HEADER_ALLOWANCE_BYTES,
    maxBytes: -1,
  },
};
