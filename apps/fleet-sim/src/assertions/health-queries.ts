import {
  AgentHealthQuery,
  AgentHealthReply,
  FleetSummary,
  FleetSummaryQuery,
  Subjects,
  createMessage,
  type AgentHealthRecord,
} from '@warden/contracts';
import { RemoteHandlerError, type Messaging } from '@warden/messaging';

const QUERY_TIMEOUT_MS = 3000;

/** The health collector's queries, as the simulator asks them over NATS request/reply. */
export class HealthQueries {
  constructor(private readonly messaging: Messaging) {}

  async agent(agentId: string): Promise<AgentHealthRecord | undefined> {
    try {
      const reply = await this.messaging.publisher.request(
        Subjects.agentHealthQuery(),
        AgentHealthQuery,
        createMessage(AgentHealthQuery, { agentId }),
        AgentHealthReply,
        { timeoutMs: QUERY_TIMEOUT_MS },
      );
      return reply.agent;
    } catch (error) {
      if (error instanceof RemoteHandlerError && error.code === 'not-found') return undefined;
      throw error;
    }
  }

  summary(zone?: string): Promise<FleetSummary> {
    const query = createMessage(FleetSummaryQuery, zone === undefined ? {} : { zone });
    return this.messaging.publisher.request(
      Subjects.fleetSummaryQuery(),
      FleetSummaryQuery,
      query,
      FleetSummary,
      { timeoutMs: QUERY_TIMEOUT_MS },
    );
  }
}
