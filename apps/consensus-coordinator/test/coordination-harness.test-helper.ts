import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  BarrierArrival,
  BarrierReleased,
  ConsensusDecided,
  ConsensusProposal,
  ElectionLeaders,
  ElectionLeadersQuery,
  LockAcquire,
  LockGrant,
  Subjects,
  type DomainLeader,
} from '@warden/contracts';
import { Messaging, NatsConnectionConfig, connectNats } from '@warden/messaging';
import { MetricsRegistry, createLogger, type Logger } from '@warden/telemetry';
import { launchService, type ServiceProcess } from '@warden/testing';

const COORDINATOR_ENTRY = join(__dirname, '..', 'dist', 'main.js');

export const COORDINATOR_TTL_MS = 2_000;

export function silentLogger(): Logger {
  return createLogger({
    service: 'coordination-test',
    instanceId: 't',
    level: 'error',
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
}

/** A coordinator replica as its own OS process (the built output), on every node of the cluster. */
export function launchCoordinator(natsUrls: string[], instanceId: string): Promise<ServiceProcess> {
  if (!existsSync(COORDINATOR_ENTRY)) {
    throw new Error(`${COORDINATOR_ENTRY} is missing: run "npm run build" before the integration tests`);
  }
  return launchService({
    entry: COORDINATOR_ENTRY,
    name: instanceId,
    env: {
      NATS_URL: natsUrls.join(','),
      JETSTREAM_REPLICAS: String(natsUrls.length),
      SERVICE_INSTANCE_ID: instanceId,
      COORDINATOR_LEASE_TTL_MS: String(COORDINATOR_TTL_MS),
      LOG_LEVEL: 'warn',
    },
    readyTimeoutMs: 30_000,
  });
}

/** A client (an agent's or a service's connection) to the cluster. */
export async function connectClient(natsUrls: string[], name: string): Promise<Messaging> {
  const config = Object.assign(new NatsConnectionConfig(), { NATS_URL: natsUrls.join(',') });
  const logger = silentLogger();
  const client = await connectNats(config, { name, logger });
  const metrics = new MetricsRegistry({ service: name, instanceId: name, collectProcessMetrics: false });
  return new Messaging(client, { service: name, logger, metrics });
}

export async function leaderOf(client: Messaging, domain: string): Promise<DomainLeader | undefined> {
  const reply = await client.publisher.request(
    Subjects.electionLeadersQuery(),
    ElectionLeadersQuery,
    { domain },
    ElectionLeaders,
    { timeoutMs: 2_000 },
  );
  return reply.leaders[0];
}

export function acquireLock(client: Messaging, request: LockAcquire): Promise<LockGrant> {
  return client.publisher.request(Subjects.lockAcquire(request.lockName), LockAcquire, request, LockGrant, {
    timeoutMs: request.waitMs + 3_000,
  });
}

export function arriveAt(client: Messaging, arrival: BarrierArrival): Promise<BarrierReleased> {
  return client.publisher.request(
    Subjects.barrierArrival(arrival.barrierId),
    BarrierArrival,
    arrival,
    BarrierReleased,
    {
      timeoutMs: arrival.timeoutMs + 3_000,
    },
  );
}

export function propose(client: Messaging, proposal: ConsensusProposal): Promise<ConsensusDecided> {
  return client.publisher.request(
    Subjects.consensusPropose(proposal.instanceId),
    ConsensusProposal,
    proposal,
    ConsensusDecided,
    {
      timeoutMs: 20_000,
    },
  );
}
