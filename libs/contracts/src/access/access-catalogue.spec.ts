import '../index';
import { SubjectCatalogue } from '../subjects/subject-catalogue';
import { AccessCatalogue } from './access-catalogue';
import { IDENTITY_KINDS, participantsOf, type IdentityKind } from './identity-kinds';
import { durableConsumers, natsPermissionsOf, subscriptionFormOf } from './nats-permissions';

/** How an identity reads a JetStream subject, as the access catalogue declares it. */
function declaredReads(kind: IdentityKind): Set<string> {
  const access = AccessCatalogue[kind];
  return new Set([
    ...(access.liveSubscriptions ?? []),
    ...(access.historyReads ?? []),
    ...(access.durableConsumers ?? []).map((use) => use.subject),
  ]);
}

/** NATS subject matching (`*` one token, `>` the rest), for checking generated allow lists. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}
const allowed = (list: readonly string[], subject: string) => list.some((p) => matches(p, subject));
const mayPublish = (kind: IdentityKind, subject: string) => {
  const { publish } = natsPermissionsOf(kind);
  return allowed(publish.allow, subject) && !allowed(publish.deny, subject);
};
const maySubscribe = (kind: IdentityKind, subject: string) =>
  allowed(natsPermissionsOf(kind).subscribe.allow, subject);

describe('access catalogue', () => {
  const consumingIdentities = IDENTITY_KINDS.filter((kind) => !AccessCatalogue[kind].observesEverything);

  it('declares how each identity reads every JetStream subject the subject catalogue says it consumes', () => {
    const missing: string[] = [];
    for (const kind of consumingIdentities)
      for (const entry of SubjectCatalogue.filter((e) => e.transport === 'jetstream'))
        if (
          entry.consumers.some((c) => participantsOf(kind).includes(c)) &&
          !declaredReads(kind).has(entry.key)
        )
          missing.push(
            `${kind} consumes ${entry.pattern} but declares no live subscription, durable or history read`,
          );
    expect(missing).toEqual([]);
  });

  it('reads no JetStream subject the subject catalogue does not list it as consuming (fix the catalogue first)', () => {
    const extra: string[] = [];
    for (const kind of consumingIdentities)
      for (const key of declaredReads(kind)) {
        const entry = SubjectCatalogue.find((e) => e.key === key);
        if (!entry?.consumers.some((c) => participantsOf(kind).includes(c)))
          extra.push(`${kind} reads ${key} but is not among its consumers`);
      }
    expect(extra).toEqual([]);
  });

  it('gives every durable consumer a distinct name', () => {
    const names = durableConsumers().map((d) => `${d.stream}.${d.name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('names the durables as the services create them', () => {
    expect(durableConsumers().map((d) => d.name)).toEqual(
      expect.arrayContaining([
        'recovery-coordinator-supervision_failures_any_any',
        'alert-manager-coordination_tasks_breaker_any',
        'load-balancer-submissions',
      ]),
    );
  });
});

describe('generated NATS permissions', () => {
  it('let the consensus coordinator follow convictions and health, and call votes (too tight before)', () => {
    expect(maySubscribe('consensus-coordinator', 'supervision.failures.*.*')).toBe(true);
    expect(maySubscribe('consensus-coordinator', 'supervision.health.state.*')).toBe(true);
    expect(mayPublish('consensus-coordinator', 'agent.agent-1.vote')).toBe(true);
  });

  it('let the recovery coordinator hand work off', () => {
    expect(mayPublish('recovery-coordinator', 'coordination.tasks.handoff.agent-1')).toBe(true);
  });

  it('let agents use their election keys, acceptor records and fences, and nothing else of those buckets', () => {
    expect(mayPublish('agent', '$KV.coordination.election.zone-a-lead')).toBe(true);
    expect(mayPublish('agent', '$KV.consensus.acceptor.agent-1.instance-1')).toBe(true);
    expect(mayPublish('agent', '$KV.fences.fence.db')).toBe(true);
    expect(mayPublish('agent', '$KV.coordination.lock.db')).toBe(false);
    expect(mayPublish('agent', '$KV.consensus.decision.instance-1')).toBe(false);
  });

  it('refuse agents the verdicts, breaker transitions and JetStream administration of services (too loose before)', () => {
    for (const kind of ['agent', 'host'] as const) {
      expect(mayPublish(kind, 'supervision.health.state.agent-1')).toBe(false);
      expect(mayPublish(kind, 'coordination.tasks.breaker.agent-1')).toBe(false);
      expect(mayPublish(kind, 'supervision.failures.high.agent-1')).toBe(false);
      expect(mayPublish(kind, '$KV.agents.3.agent-1')).toBe(false);
      expect(mayPublish(kind, '$JS.API.STREAM.CREATE.SUPERVISION')).toBe(false);
      expect(mayPublish(kind, '$JS.API.STREAM.DELETE.SUPERVISION')).toBe(false);
    }
  });

  it('keep each service to its own dead-letter subject', () => {
    expect(mayPublish('alert-manager', 'dlq.alert-manager')).toBe(true);
    expect(mayPublish('alert-manager', 'dlq.load-balancer')).toBe(false);
  });

  it('keep ordered-consumer rights off other identities’ durables', () => {
    expect(mayPublish('recovery-coordinator', '$JS.API.CONSUMER.MSG.NEXT.SUPERVISION.oc_x_1')).toBe(true);
    expect(
      mayPublish(
        'recovery-coordinator',
        '$JS.API.CONSUMER.DELETE.SUPERVISION.alert-manager-supervision_failures_any_any',
      ),
    ).toBe(false);
  });

  it('let no identity create or update (reconfigure) another identity’s durable, and each owner its own', () => {
    const forms = (stream: string, name: string, filter: string) => [
      `$JS.API.CONSUMER.CREATE.${stream}.${name}`,
      `$JS.API.CONSUMER.CREATE.${stream}.${name}.${filter}`,
      `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.${name}`,
    ];
    const reachable: string[] = [];
    for (const { identity, stream, name, subject } of durableConsumers()) {
      const entry = SubjectCatalogue.find((e) => e.key === subject);
      const filter = subscriptionFormOf(entry?.wildcard ?? '>');
      for (const form of forms(stream, name, filter)) expect(mayPublish(identity, form)).toBe(true);
      for (const kind of IDENTITY_KINDS.filter((k) => k !== identity))
        for (const form of forms(stream, name, filter))
          if (mayPublish(kind, form)) reachable.push(`${kind} may publish ${form}`);
    }
    expect(reachable).toEqual([]);
    // The failure detector replays supervision.failures, so its ordered consumers still may.
    expect(
      mayPublish('failure-detector', '$JS.API.CONSUMER.CREATE.SUPERVISION.oc_x_1.supervision.failures.>'),
    ).toBe(true);
  });

  it('give each user its own reply-inbox prefix', () => {
    expect(maySubscribe('load-balancer', '_INBOX_load-balancer.abc.1')).toBe(true);
    expect(maySubscribe('load-balancer', '_INBOX.abc.1')).toBe(false);
    expect(maySubscribe('load-balancer', '_INBOX_agent.abc.1')).toBe(false);
  });

  it('let only the identities meant for it see connect advisories', () => {
    const seeing = IDENTITY_KINDS.filter((kind) => maySubscribe(kind, '$SYS.ACCOUNT.WARDEN.DISCONNECT'));
    expect(seeing).toEqual(['health-collector', 'operator']);
  });

  it('turn trailing wildcards into one `>` for subscriptions', () => {
    expect(subscriptionFormOf('supervision.failures.*.*')).toBe('supervision.failures.>');
    expect(subscriptionFormOf('agent.*.tasks')).toBe('agent.*.tasks');
  });
});
