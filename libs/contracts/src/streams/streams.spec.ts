import '../index';
import { LeaseRecord } from '../messages/lease.messages';
import { AgentHealthRecord } from '../messages/health.messages';
import { maxBytesOf } from '../registry/message-type.registry';
import { SubjectCatalogue } from '../subjects/subject-catalogue';
import { subjectFilterCovers, subjectFiltersOverlap } from '../subjects/subject-filter';
import { Buckets, LEASE_RENEW_INTERVAL_MS, LEASE_TTL_MS, RECOVERY_STATE_TTL_MS } from './buckets';
import { HEADER_ALLOWANCE_BYTES, STREAM_NAMES } from './stream-spec';
import { Streams } from './streams';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const allStreams = Object.values(Streams);
const streamSubjects = allStreams.flatMap((stream) =>
  stream.subjects.map((subject) => ({ stream: stream.name, subject })),
);

describe('streams', () => {
  it('declares each stream under its own name', () => {
    expect(Object.keys(Streams).sort()).toEqual([...STREAM_NAMES].sort());
    for (const [name, stream] of Object.entries(Streams)) {
      expect(stream.name).toBe(name);
    }
  });

  it('never overlap each other (the server refuses overlapping stream subjects)', () => {
    const overlaps = streamSubjects.flatMap((first, index) =>
      streamSubjects
        .slice(index + 1)
        .filter((second) => subjectFiltersOverlap(first.subject, second.subject))
        .map((second) => `${first.stream}:${first.subject} / ${second.stream}:${second.subject}`),
    );
    expect(overlaps).toEqual([]);
  });

  it('never capture heartbeats or any core or request/reply subject', () => {
    const nonDurable = SubjectCatalogue.filter((entry) => entry.transport !== 'jetstream');
    expect(nonDurable.map((entry) => entry.key)).toEqual(
      expect.arrayContaining(['heartbeat', 'taskRequest', 'agentHealthQuery']),
    );
    const captured = nonDurable.flatMap((entry) =>
      streamSubjects
        .filter(({ subject }) => subjectFiltersOverlap(subject, entry.wildcard))
        .map(({ stream }) => `${entry.pattern} captured by ${stream}`),
    );
    expect(captured).toEqual([]);
  });

  it('capture every durable subject in the stream its entry names, and in no other', () => {
    for (const entry of SubjectCatalogue.filter((candidate) => candidate.transport === 'jetstream')) {
      const covering = streamSubjects.filter(({ subject }) => subjectFilterCovers(subject, entry.wildcard));
      expect(covering.map(({ stream }) => stream)).toEqual([entry.stream]);
    }
  });

  it('accept the largest message each of their subjects carries, headers included', () => {
    for (const entry of SubjectCatalogue.filter((candidate) => candidate.transport === 'jetstream')) {
      const stream = Streams[entry.stream as keyof typeof Streams];
      for (const cls of entry.messages) {
        expect(maxBytesOf(cls) + HEADER_ALLOWANCE_BYTES).toBeLessThanOrEqual(stream.maxMsgBytes);
      }
    }
  });

  it('stay under NATS default 1 MiB payload limit', () => {
    for (const stream of allStreams) {
      expect(stream.maxMsgBytes).toBeLessThanOrEqual(1024 * 1024);
    }
  });

  it('keep events for replay by several consumers (limits retention, file storage)', () => {
    for (const stream of allStreams) {
      expect(stream.retention).toBe('limits');
      expect(stream.storage).toBe('file');
    }
  });

  it('use the retention the architecture sets', () => {
    expect(Streams.SUPERVISION.maxAgeMs).toBe(7 * DAY_MS);
    expect(Streams.SUPERVISION.duplicateWindowMs).toBe(2 * MINUTE_MS);
    expect(Streams.COORDINATION.maxAgeMs).toBe(DAY_MS);
    expect(Streams.DLQ.maxAgeMs).toBeGreaterThanOrEqual(Streams.SUPERVISION.maxAgeMs);
  });
});

describe('buckets', () => {
  it('declares each bucket under its own name', () => {
    for (const [name, bucket] of Object.entries(Buckets)) {
      expect(bucket.name).toBe(name);
    }
  });

  it('fit the records they hold', () => {
    expect(Buckets.agents.maxValueBytes).toBeGreaterThanOrEqual(maxBytesOf(AgentHealthRecord));
    expect(Buckets.leases.maxValueBytes).toBeGreaterThanOrEqual(maxBytesOf(LeaseRecord));
  });

  it('expire leases that are not renewed, with several renewals per TTL', () => {
    expect(Buckets.leases.ttlMs).toBe(LEASE_TTL_MS);
    expect(LEASE_TTL_MS / LEASE_RENEW_INTERVAL_MS).toBeGreaterThanOrEqual(3);
  });

  it('keep lease revisions (the fencing tokens) across a server restart', () => {
    expect(Buckets.leases.storage).toBe('file');
  });

  it("keep agents' fences forever, on disk, apart from the coordinator's lock and election records", () => {
    expect(Buckets.fences).toMatchObject({ storage: 'file', ttlMs: 0, history: 1 });
    expect(Buckets.coordination.description).not.toContain('fence.');
  });

  it('keep recovery state (restart-intensity counters, fencing revisions) on disk for a day', () => {
    expect(Buckets.recovery.storage).toBe('file');
    expect(Buckets.recovery.ttlMs).toBe(RECOVERY_STATE_TTL_MS);
    expect(Buckets.recovery.maxValueBytes).toBeLessThanOrEqual(1024 * 1024);
  });
});
