import { PermissionViolationError } from '@nats-io/nats-core';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Buckets, Streams, durableConsumers } from '@warden/contracts';
import { NatsTestAuth, eventually, startNatsServer, type NatsServerHandle } from '@warden/testing';

/**
 * The committed k8s/nats/accounts.generated.conf on a real nats-server: each identity is refused outside
 * its work. A refusal is observed as the client sees it (nats.js reports the server's
 * `Permissions Violation` through the connection's status() iterator); an allowed operation of the same
 * kind, checked the same way, shows the refusals are not the test failing on its own.
 */
describe('generated NATS permissions on a real nats-server', () => {
  let auth: NatsTestAuth;
  let server: NatsServerHandle;
  const open: NatsConnection[] = [];

  beforeAll(async () => {
    auth = NatsTestAuth.generate();
    server = await startNatsServer({ auth });
  });

  afterAll(async () => {
    await Promise.all(open.map((connection) => connection.close()));
    await server?.dispose();
  });

  /** A connection of `identity` with the permission violations nats.js reports on it. */
  async function connectAs(identity: string) {
    const connection = await connect({
      servers: server.url,
      name: `perm-${identity}`,
      ...auth.connectOptions(identity),
    });
    open.push(connection);
    const violations: PermissionViolationError[] = [];
    void (async () => {
      for await (const status of connection.status())
        if (status.type === 'error' && status.error instanceof PermissionViolationError)
          violations.push(status.error);
    })();
    return { connection, violations };
  }

  let probes = 0;

  /**
   * The refusals the client and the server's log reported for what `connection` sent since the server
   * had logged `linesBefore` violation lines. It publishes a sentinel subject no identity may publish and
   * waits until both have reported the sentinel's refusal: the server handles one client's protocol in
   * order and answers a refusal with -ERR before anything after it, so once the sentinel's refusal is in,
   * every earlier refusal is in too, and an absent one means the server let the operation through.
   */
  async function refusalsSince(
    connection: NatsConnection,
    violations: PermissionViolationError[],
    linesBefore: number,
  ): Promise<{ clientSubjects: string[]; serverLines: string[] }> {
    const sentinel = `warden.permission-probe.${++probes}`;
    connection.publish(sentinel, 'sentinel');
    // A round trip: the server's -ERR lines for everything sent so far come before this pong.
    await connection.flush();
    await eventually(() => violations.some((v) => v.subject === sentinel), {
      timeoutMs: 10_000,
      message: `the client never saw the sentinel ${sentinel} refused`,
    });
    const lines = await eventually(
      () => {
        const recent = server.permissionViolations().slice(linesBefore);
        return recent.some((line) => line.includes(`"${sentinel}"`)) ? recent : undefined;
      },
      { timeoutMs: 10_000, message: `the server never logged the sentinel ${sentinel} refused` },
    );
    return {
      clientSubjects: violations.map((v) => v.subject).filter((subject) => subject !== sentinel),
      serverLines: lines.filter((line) => !line.includes(`"${sentinel}"`)),
    };
  }

  /** Publishes or subscribes once, and whether the client and the server's log reported it refused. */
  async function probe(
    identity: string,
    operation: 'publish' | 'subscribe',
    subject: string,
  ): Promise<{ clientSaw: boolean; serverLogged: boolean }> {
    const { connection, violations } = await connectAs(identity);
    const linesBefore = server.permissionViolations().length;
    if (operation === 'publish') connection.publish(subject, 'probe');
    else connection.subscribe(subject);
    const { clientSubjects, serverLines } = await refusalsSince(connection, violations, linesBefore);
    return {
      clientSaw: clientSubjects.includes(subject),
      serverLogged: serverLines.some((line) => line.includes(`"${subject}"`)),
    };
  }

  async function refused(identity: string, operation: 'publish' | 'subscribe', subject: string) {
    expect(await probe(identity, operation, subject)).toEqual({ clientSaw: true, serverLogged: true });
  }

  async function allowed(identity: string, operation: 'publish' | 'subscribe', subject: string) {
    expect(await probe(identity, operation, subject)).toEqual({ clientSaw: false, serverLogged: false });
  }

  it('logs every identity of the catalogue in with its own password', async () => {
    expect(auth.identities).toEqual(
      expect.arrayContaining([
        'health-collector',
        'load-balancer',
        'agent',
        'host',
        'task-submitter',
        'operator',
      ]),
    );
    for (const identity of auth.identities) await connectAs(identity);
  });

  it('refuses a wrong password', async () => {
    const wrong = { ...auth.connectOptions('agent'), pass: 'not-the-password' };
    await expect(connect({ servers: server.url, ...wrong })).rejects.toThrow(/Authorization/i);
  });

  it.each([
    ['health-collector', 'supervision.failures.high.agent-1'],
    ['failure-detector', 'supervision.health.state.agent-1'],
    ['recovery-coordinator', 'coordination.tasks.breaker.agent-1'],
    ['load-balancer', 'host.host-1.control'],
    ['consensus-coordinator', 'alerts.firing.high'],
    ['alert-manager', 'supervision.recovery.commanded.agent-1'],
    ['alert-manager', 'dlq.load-balancer'],
    ['task-submitter', 'coordination.tasks.result.agent-1'],
    ['operator', 'supervision.failures.high.agent-1'],
  ])('refuses %s a publish on another identity’s subject %s', async (identity, subject) => {
    await refused(identity, 'publish', subject);
  });

  it.each([
    ['health-collector', 'supervision.health.state.agent-1'],
    ['failure-detector', 'supervision.failures.high.agent-1'],
    ['recovery-coordinator', 'coordination.tasks.handoff.agent-1'],
    ['load-balancer', 'coordination.tasks.breaker.agent-1'],
    ['consensus-coordinator', 'agent.agent-1.vote'],
    ['alert-manager', 'alerts.firing.high'],
    ['alert-manager', 'dlq.alert-manager'],
    ['agent', 'supervision.health.heartbeat.3.agent-1'],
  ])('lets %s publish its own subject %s', async (identity, subject) => {
    await allowed(identity, 'publish', subject);
  });

  it.each([
    ['supervision.health.state.agent-1'],
    ['coordination.tasks.breaker.agent-1'],
    ['supervision.failures.high.agent-1'],
    ['coordination.tasks.assigned.agent-1'],
    ['$KV.agents.3.agent-1'],
    ['$KV.coordination.lock.db'],
    ['$KV.consensus.decision.instance-1'],
    ['$KV.task-runs.task-1'],
    ['$JS.API.STREAM.CREATE.SUPERVISION'],
    ['$JS.API.STREAM.DELETE.SUPERVISION'],
    ['$JS.API.STREAM.MSG.GET.KV_agents'],
    ['$JS.API.CONSUMER.CREATE.SUPERVISION.x.supervision.failures.>'],
  ])('refuses the agent user %s', async (subject) => {
    await refused('agent', 'publish', subject);
    await refused('host', 'publish', subject);
  });

  it.each([
    ['$KV.coordination.election.zone-a-lead'],
    ['$KV.consensus.acceptor.agent-1.instance-1'],
    ['$KV.fences.fence.db'],
    ['$JS.API.STREAM.MSG.GET.KV_coordination'],
  ])('lets the agent user use its buckets: %s', async (subject) => {
    await allowed('agent', 'publish', subject);
  });

  it.each([
    ['agent', 'supervision.>'],
    ['agent', '_INBOX.>'],
    ['agent', '_INBOX_load-balancer.>'],
    ['agent', '$SYS.ACCOUNT.WARDEN.DISCONNECT'],
    ['health-collector', 'agent.*.tasks'],
    ['load-balancer', 'alerts.api.silences.create'],
    ['alert-manager', 'host.*.control'],
    ['consensus-coordinator', 'supervision.health.heartbeat.*.*'],
    ['task-submitter', 'coordination.tasks.submit.*'],
  ])('refuses %s a subscription to %s', async (identity, subject) => {
    await refused(identity, 'subscribe', subject);
  });

  it.each([
    ['consensus-coordinator', 'supervision.failures.*.*'],
    ['consensus-coordinator', 'supervision.health.state.*'],
    ['load-balancer', '_INBOX_load-balancer.>'],
    ['host', 'host.*.control'],
    ['operator', 'supervision.failures.*.*'],
    ['operator', 'alerts.*.*'],
  ])('lets %s subscribe to %s', async (identity, subject) => {
    await allowed(identity, 'subscribe', subject);
  });

  it('lets the load balancer watch a task-runs key, as it does while another replica holds the task’s claim', async () => {
    const { connection, violations } = await connectAs('load-balancer');
    const linesBefore = server.permissionViolations().length;
    const taskRuns = await new Kvm(connection).create(Buckets['task-runs'].name);
    await taskRuns.put('task-watched', 'claimed');
    // KvTaskClaims.finished: an ordered push consumer filtered on the key, with flow control.
    const watch = await taskRuns.watch({ key: 'task-watched' });
    const entries = watch[Symbol.asyncIterator]();
    // The current value first; only then the update, so the order cannot race the watch's start.
    const seen = [(await entries.next()).value?.string()];
    await taskRuns.put('task-watched', 'finished');
    seen.push((await entries.next()).value?.string());
    watch.stop();
    expect(seen).toEqual(['claimed', 'finished']);
    expect(await refusalsSince(connection, violations, linesBefore)).toEqual({
      clientSubjects: [],
      serverLines: [],
    });
  });

  describe('another identity’s durable consumer', () => {
    // The recovery coordinator's durable on failures; the failure detector replays the same subjects
    // through ordered consumers, whose `*` consumer names would also match this durable's name.
    const durable = durableConsumers().find(
      (consumer) => consumer.identity === 'recovery-coordinator' && consumer.subject === 'failures',
    );
    const stream = Streams.SUPERVISION;
    const filter = 'supervision.failures.>';

    beforeAll(async () => {
      const { connection } = await connectAs('recovery-coordinator');
      const jsm = await jetstreamManager(connection);
      await jsm.streams.add({ name: stream.name, subjects: [...stream.subjects] });
      await jsm.consumers.add(stream.name, {
        durable_name: durable?.name,
        ack_policy: AckPolicy.Explicit,
        filter_subject: filter,
        description: 'owned by the recovery coordinator',
      });
    });

    it('is the recovery coordinator’s failures durable', () => {
      expect(durable).toMatchObject({
        stream: 'SUPERVISION',
        name: 'recovery-coordinator-supervision_failures_any_any',
      });
    });

    it('cannot be created or updated (reconfigured) by the failure detector', async () => {
      const name = durable?.name ?? '';
      const { connection, violations } = await connectAs('failure-detector');
      const linesBefore = server.permissionViolations().length;
      const jsm = await jetstreamManager(connection, { timeout: 5_000 });
      await expect(
        jsm.consumers.update(stream.name, name, { description: 'taken over', filter_subject: filter }),
      ).rejects.toThrow();
      await expect(
        jsm.consumers.add(stream.name, {
          durable_name: name,
          ack_policy: AckPolicy.Explicit,
          filter_subject: filter,
          description: 'taken over',
        }),
      ).rejects.toThrow();
      const refused = `$JS.API.CONSUMER.CREATE.${stream.name}.${name}.${filter}`;
      const { clientSubjects, serverLines } = await refusalsSince(connection, violations, linesBefore);
      expect(clientSubjects).toEqual([refused, refused]);
      expect(serverLines.filter((line) => line.includes(`"${refused}"`))).toHaveLength(2);

      const { connection: owner } = await connectAs('recovery-coordinator');
      const info = await (await jetstreamManager(owner)).consumers.info(stream.name, name);
      expect(info.config.description).toBe('owned by the recovery coordinator');
    });

    it('leaves the failure detector its own ordered replays of the same subjects', async () => {
      const { connection, violations } = await connectAs('failure-detector');
      const linesBefore = server.permissionViolations().length;
      const js = jetstream(connection);
      await js.publish('supervision.failures.high.agent-replayed', 'failure');
      const replay = await js.consumers.get(stream.name, { filter_subjects: filter });
      const message = await replay.next({ expires: 5_000 });
      expect(message?.subject).toBe('supervision.failures.high.agent-replayed');
      await replay.delete();
      expect(await refusalsSince(connection, violations, linesBefore)).toEqual({
        clientSubjects: [],
        serverLines: [],
      });
    });

    it('can be updated by the recovery coordinator itself', async () => {
      const name = durable?.name ?? '';
      const { connection, violations } = await connectAs('recovery-coordinator');
      const linesBefore = server.permissionViolations().length;
      const jsm = await jetstreamManager(connection);
      const updated = await jsm.consumers.update(stream.name, name, {
        description: 'updated by its owner',
        filter_subject: filter,
      });
      expect(updated.config.description).toBe('updated by its owner');
      expect(await refusalsSince(connection, violations, linesBefore)).toEqual({
        clientSubjects: [],
        serverLines: [],
      });
    });
  });

  it('logs each refusal as a Permissions Violation line, which SupervisionStack fails an e2e suite on', () => {
    const lines = server.permissionViolations();
    expect(lines.some((line) => line.includes('"supervision.failures.high.agent-1"'))).toBe(true);
    expect(
      lines.some((line) => line.includes('Subscription Violation') && line.includes('"supervision.>"')),
    ).toBe(true);
  });

  it('delivers the disconnect advisory of a WARDEN client to the identity meant to see it (system account)', async () => {
    const { connection: watcher } = await connectAs('health-collector');
    const advisories: { client?: { user?: string; name?: string } }[] = [];
    watcher.subscribe('$SYS.ACCOUNT.WARDEN.DISCONNECT', {
      callback: (error, message) => {
        if (!error) advisories.push(message.json());
      },
    });
    await watcher.flush();
    const agent = await connect({
      servers: server.url,
      name: 'advisory-probe',
      ...auth.connectOptions('agent'),
    });
    await agent.close();
    const advisory = await eventually(() => advisories.find((a) => a.client?.name === 'advisory-probe'), {
      timeoutMs: 10_000,
      message: 'no disconnect advisory for the agent client',
    });
    expect(advisory.client?.user).toBe('agent');
  });
});
