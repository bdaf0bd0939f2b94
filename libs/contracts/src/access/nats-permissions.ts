import { Buckets as AllBuckets } from '../streams/buckets';
import { Streams } from '../streams/streams';
import type { StreamName } from '../streams/stream-spec';
import { SubjectCatalogue, type SubjectEntry } from '../subjects/subject-catalogue';
import type { SubjectKey } from '../subjects/subject-templates';
import { Subjects } from '../subjects/subjects';
import { AccessCatalogue } from './access-catalogue';
import type { BucketUse, IdentityAccess } from './identity-access';
import {
  IDENTITY_KINDS,
  inboxPrefixOf,
  isServiceIdentity,
  participantsOf,
  type IdentityKind,
} from './identity-kinds';
import { JsApi, kvStreamOf, kvSubjectOf } from './jetstream-api-subjects';

/** The NATS account every Warden identity belongs to (it shares the streams and buckets). */
export const WARDEN_ACCOUNT = 'WARDEN';
/** The system account: server advisories, exported narrowly to WARDEN. */
export const SYSTEM_ACCOUNT = 'SYS';

/** The connect and disconnect advisories of WARDEN's clients, as the system account publishes them. */
export const ADVISORY_SUBJECTS = [
  `$SYS.ACCOUNT.${WARDEN_ACCOUNT}.CONNECT`,
  `$SYS.ACCOUNT.${WARDEN_ACCOUNT}.DISCONNECT`,
] as const;

export interface NatsPermissions {
  readonly publish: { readonly allow: readonly string[]; readonly deny: readonly string[] };
  readonly subscribe: { readonly allow: readonly string[] };
  /** May answer the requests it receives (replies to their reply subjects), and nothing else on inboxes. */
  readonly allowResponses: boolean;
}

/** Thrown when the access catalogue names something the subject catalogue does not have. */
export class AccessCatalogueError extends Error {
  override readonly name = 'AccessCatalogueError';
}

const entryOf = (key: SubjectKey): SubjectEntry => {
  const entry = SubjectCatalogue.find((candidate) => candidate.key === key);
  if (!entry) throw new AccessCatalogueError(`unknown subject key ${key}`);
  return entry;
};

function streamOf(key: SubjectKey): StreamName {
  const entry = entryOf(key);
  if (!entry.stream) throw new AccessCatalogueError(`${key} (${entry.pattern}) is not on a JetStream stream`);
  return entry.stream;
}

/**
 * The subscription form of a wildcard: trailing `*` tokens become one `>`. Matches the same valid
 * subjects, and also admits subscriptions and consumer filters written with `>` (`supervision.failures.>`).
 */
export function subscriptionFormOf(wildcard: string): string {
  const tokens = wildcard.split('.');
  let end = tokens.length;
  while (end > 0 && tokens[end - 1] === '*') end--;
  return end === tokens.length ? wildcard : [...tokens.slice(0, end), '>'].join('.');
}

/** messaging's JetStreamServer names a durable `<service>-<filter with . → _, * → any, > → all>`. */
export function defaultDurableName(service: string, filter: string): string {
  return `${service}-${filter.replace(/\./g, '_').replace(/\*/g, 'any').replace(/>/g, 'all')}`;
}

export interface DurableConsumerRef {
  readonly identity: IdentityKind;
  readonly stream: StreamName;
  readonly name: string;
  readonly subject: SubjectKey;
}

/** Every durable consumer of every identity, with its stream and name. */
export function durableConsumers(): DurableConsumerRef[] {
  return IDENTITY_KINDS.flatMap((identity) =>
    (AccessCatalogue[identity].durableConsumers ?? []).map((use) => ({
      identity,
      subject: use.subject,
      stream: streamOf(use.subject),
      name: use.name ?? defaultDurableName(identity, entryOf(use.subject).wildcard),
    })),
  );
}

const speaksFor = (kind: IdentityKind, participants: readonly string[]): boolean =>
  participantsOf(kind).some((participant) => participants.includes(participant));

/**
 * What an identity may publish on a catalogue subject it publishes: the wildcard, except where a token
 * is the identity itself (a service's own dead-letter subject). Agents and hosts keep `dlq.*` until
 * each has its own user (issue 15), since their dead letters go to `dlq.<agent or host id>`.
 */
function publishSubjectOf(entry: SubjectEntry, kind: IdentityKind): string {
  if (entry.key === 'dlq' && isServiceIdentity(kind)) return Subjects.dlq(kind);
  return entry.wildcard;
}

function bucketSubjects(use: BucketUse): string[] {
  const stream = kvStreamOf(use.bucket);
  const subjects = [JsApi.info, JsApi.streamInfo(stream)];
  if (use.reads)
    subjects.push(JsApi.streamMessageGet(stream), JsApi.directGet(stream), JsApi.directGetBySubject(stream));
  if (use.watches?.length) {
    for (const key of use.watches)
      subjects.push(JsApi.consumerCreateFiltered(stream, '*', kvSubjectOf(use.bucket, key)));
    subjects.push(
      JsApi.consumerInfo(stream, '*'),
      JsApi.consumerDelete(stream, '*'),
      JsApi.flowControl(stream),
    );
  }
  for (const key of use.writes ?? []) subjects.push(kvSubjectOf(use.bucket, key));
  return subjects;
}

/** Ordered consumers have generated names, so their API subjects take any name on the stream. */
function historySubjects(key: SubjectKey): string[] {
  const stream = streamOf(key);
  return [
    JsApi.streamInfo(stream),
    JsApi.consumerCreateFiltered(stream, '*', subscriptionFormOf(entryOf(key).wildcard)),
    JsApi.consumerInfo(stream, '*'),
    JsApi.consumerNext(stream, '*'),
    JsApi.consumerDelete(stream, '*'),
  ];
}

function everythingOf(access: IdentityAccess): IdentityAccess {
  if (!access.observesEverything) return access;
  const streamed = SubjectCatalogue.filter((entry) => entry.stream).map((entry) => entry.key);
  return {
    ...access,
    historyReads: [...(access.historyReads ?? []), ...streamed],
    messageGets: Object.keys(Streams) as StreamName[],
    buckets: (Object.keys(AllBuckets) as (keyof typeof AllBuckets)[]).map((bucket) => ({
      bucket,
      reads: true,
      watches: ['>'],
    })),
  };
}

/** The exact NATS permissions of an identity kind, for the user named `user` (its inbox prefix). */
export function natsPermissionsOf(kind: IdentityKind, user: string = kind): NatsPermissions {
  const access = everythingOf(AccessCatalogue[kind]);
  const publish = new Set<string>([JsApi.info]);
  const subscribe = new Set<string>([`${inboxPrefixOf(user)}.>`]);
  let allowResponses = false;

  for (const entry of SubjectCatalogue) {
    if (speaksFor(kind, entry.publishers)) publish.add(publishSubjectOf(entry, kind));
    const consumes = speaksFor(kind, entry.consumers);
    // JetStream subjects are read through consumers or declared live subscriptions, never implied.
    if ((consumes && entry.transport !== 'jetstream') || access.observesEverything)
      subscribe.add(subscriptionFormOf(entry.wildcard));
    if (consumes && entry.transport === 'request-reply') allowResponses = true;
  }
  for (const key of access.liveSubscriptions ?? []) subscribe.add(subscriptionFormOf(entryOf(key).wildcard));

  const own = durableConsumers().filter((consumer) => consumer.identity === kind);
  for (const { stream, name, subject } of own) {
    const filter = subscriptionFormOf(entryOf(subject).wildcard);
    [
      JsApi.streamInfo(stream),
      JsApi.consumerCreate(stream, name),
      JsApi.consumerCreateFiltered(stream, name, filter),
      JsApi.consumerCreateFiltered(stream, name, entryOf(subject).wildcard),
      JsApi.durableCreate(stream, name),
      JsApi.consumerInfo(stream, name),
      JsApi.consumerNext(stream, name),
      JsApi.ack(stream, name),
    ].forEach((subject) => publish.add(subject));
  }
  for (const key of access.historyReads ?? []) historySubjects(key).forEach((s) => publish.add(s));
  for (const stream of access.messageGets ?? []) {
    publish.add(JsApi.streamInfo(stream));
    publish.add(JsApi.streamMessageGet(stream));
  }
  for (const stream of access.provisions?.streams ?? []) provisioning(stream).forEach((s) => publish.add(s));
  for (const bucket of access.provisions?.buckets ?? [])
    provisioning(kvStreamOf(bucket)).forEach((s) => publish.add(s));
  for (const use of access.buckets ?? []) bucketSubjects(use).forEach((s) => publish.add(s));
  if (access.advisories) ADVISORY_SUBJECTS.forEach((s) => subscribe.add(s));

  return {
    publish: { allow: sorted(publish), deny: sorted(othersDurables(kind, publish)) },
    subscribe: { allow: sorted(subscribe) },
    allowResponses,
  };
}

function provisioning(stream: string): string[] {
  return [JsApi.streamInfo(stream), JsApi.streamCreate(stream), JsApi.streamUpdate(stream)];
}

/**
 * Ordered consumers need `*` names on their streams, which would also reach other identities'
 * durables: deny creating, updating (a create with action update, which reconfigures filters, acks and
 * limits), pulling from and deleting those explicitly (a deny wins over an allow in NATS).
 */
function othersDurables(kind: IdentityKind, allowed: Set<string>): Set<string> {
  const deny = new Set<string>();
  for (const { identity, stream, name } of durableConsumers()) {
    if (identity === kind) continue;
    if (createsAnyNameOn(stream, allowed))
      [
        JsApi.consumerCreate(stream, name),
        JsApi.consumerCreateFiltered(stream, name, '>'),
        JsApi.durableCreate(stream, name),
      ].forEach((subject) => deny.add(subject));
    if (allowed.has(JsApi.consumerNext(stream, '*'))) deny.add(JsApi.consumerNext(stream, name));
    if (allowed.has(JsApi.consumerDelete(stream, '*'))) deny.add(JsApi.consumerDelete(stream, name));
  }
  return deny;
}

/** Whether some allowed consumer creation on `stream` takes any name (`CONSUMER.CREATE.<stream>.*.<filter>`). */
function createsAnyNameOn(stream: string, allowed: Set<string>): boolean {
  const prefix = `${JsApi.consumerCreate(stream, '*')}.`;
  return [...allowed].some((subject) => subject.startsWith(prefix));
}

const sorted = (values: Set<string>): string[] => [...values].sort();
