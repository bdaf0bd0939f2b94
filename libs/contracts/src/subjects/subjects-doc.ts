import { CloudEventHeader, NATS_MSG_ID_HEADER } from '../envelope/cloud-event-headers';
import { HEARTBEAT_PARTITIONS } from '../partitions/heartbeat-partitions';
import { MessageClass } from '../registry/message-class';
import { maxBytesOf, messageTypeOf } from '../registry/message-type.registry';
import { Buckets } from '../streams/buckets';
import { Streams } from '../streams/streams';
import { SubjectCatalogue, SubjectEntry } from './subject-catalogue';

function code(text: string): string {
  return `\`${text}\``;
}

function size(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} B`;
}

function duration(ms: number): string {
  const units: [number, string][] = [
    [24 * 60 * 60 * 1000, 'd'],
    [60 * 60 * 1000, 'h'],
    [60 * 1000, 'min'],
    [1000, 's'],
  ];
  const unit = units.find(([unitMs]) => ms >= unitMs && ms % unitMs === 0);
  return unit ? `${ms / unit[0]} ${unit[1]}` : `${ms} ms`;
}

function messageLine(cls: MessageClass): string {
  return `${code(cls.name)} (${code(messageTypeOf(cls))}, at most ${size(maxBytesOf(cls))})`;
}

function renderEntry(entry: SubjectEntry): string[] {
  const lines = [`### ${code(entry.pattern)}`, '', entry.description, ''];
  lines.push(`- Builder: ${code(`Subjects.${entry.key}`)}; subscribe to all: ${code(entry.wildcard)}`);
  lines.push(`- Transport: ${entry.transport}${entry.stream ? `, stream ${code(entry.stream)}` : ''}`);
  const messageLabel = entry.transport === 'request-reply' ? 'Request' : 'Message';
  lines.push(`- ${messageLabel}: ${entry.messages.map(messageLine).join('; ')}`);
  if (entry.transport === 'request-reply') {
    lines.push(
      `- Reply: ${entry.replies.map(messageLine).join('; ')}; or ${code('RemoteError')} (${code('warden.error.v1')})`,
    );
  }
  lines.push(`- Publishers: ${entry.publishers.join(', ')}`);
  lines.push(`- Consumers: ${entry.consumers.join(', ')}`);
  if (entry.tokens.length > 0) {
    lines.push('- Tokens:');
    for (const token of entry.tokens) {
      const values = token.values ? `; one of ${token.values.map(code).join(', ')}` : '';
      lines.push(`  - ${code(token.name)}: ${token.meaning}${values}`);
    }
  }
  lines.push('');
  return lines;
}

function renderStreams(): string[] {
  const lines = ['## Streams', ''];
  for (const stream of Object.values(Streams)) {
    lines.push(`### ${code(stream.name)}`, '', stream.description, '');
    lines.push(`- Subjects: ${stream.subjects.map(code).join(', ')}`);
    lines.push(
      `- Retention: ${stream.retention}; storage: ${stream.storage}; max age: ${duration(stream.maxAgeMs)}`,
    );
    lines.push(
      `- Duplicate window: ${duration(stream.duplicateWindowMs)}; max message: ${size(stream.maxMsgBytes)}`,
    );
    lines.push(`- Max bytes: ${stream.maxBytes < 0 ? 'unlimited (age-bound)' : size(stream.maxBytes)}`, '');
  }
  return lines;
}

function renderBuckets(): string[] {
  const lines = ['## Key-value buckets', ''];
  for (const bucket of Object.values(Buckets)) {
    lines.push(`### ${code(bucket.name)}`, '', bucket.description, '');
    lines.push(`- History: ${bucket.history}; TTL: ${bucket.ttlMs === 0 ? 'none' : duration(bucket.ttlMs)}`);
    lines.push(`- Max value: ${size(bucket.maxValueBytes)}; storage: ${bucket.storage}`, '');
  }
  return lines;
}

function renderConventions(): string[] {
  const headers = Object.values(CloudEventHeader).map(code).join(', ');
  return [
    '## Conventions',
    '',
    `- Envelope: CloudEvents 1.0 in binary content mode; headers ${headers}; ${code(NATS_MSG_ID_HEADER)} equals ${code(CloudEventHeader.Id)}. The body is the JSON of one message class.`,
    '- Tokens: ids match `[A-Za-z0-9_-]{1,128}`; fixed tokens are lower-case words. A free-form id never shares a position with a fixed word of another subject.',
    '- The agent id is the last token of per-agent event subjects, so `*` at the end selects one level and `>` fans in.',
    `- Heartbeats are partitioned into ${HEARTBEAT_PARTITIONS} partitions by \`partitionOf(agentId)\`; each health replica subscribes to the partitions it owns.`,
    '- Transports: core (loss-tolerant, never in a stream); jetstream (durable, de-duplicated, consumed by durable consumers named after the service); request-reply (core request with a reply, never in a stream).',
    '- Times are RFC 3339 UTC strings (`2026-01-31T12:00:00.000Z`); durations and sizes carry their unit in the field name (`timeoutMs`, `memoryBytes`); ratios are fractions in [0, 1].',
    '',
  ];
}

/** docs/subjects.md, rendered from the catalogue, streams and buckets. Pure: same input, same text. */
export function renderSubjectsMarkdown(): string {
  const lines = [
    '# Subjects',
    '',
    '<!-- Generated from libs/contracts (SubjectCatalogue, Streams, Buckets) by `npm run generate:subjects`. Do not edit. -->',
    '',
    ...renderConventions(),
    '## Subject catalogue',
    '',
    ...SubjectCatalogue.flatMap(renderEntry),
    ...renderStreams(),
    ...renderBuckets(),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
