import { Controller, Inject } from '@nestjs/common';
import {
  AgentHealthQuery,
  AgentHealthRecord,
  AgentHealthReply,
  AgentListPage,
  AgentListQuery,
  FleetSummary,
  FleetSummaryQuery,
  maxBytesOf,
  Subjects,
} from '@warden/contracts';
import { Request, RequestRejectedError } from '@warden/messaging';
import { HealthCollectorEngine } from '../engine/health-collector-engine';

/** Room left in a list page for the envelope of the reply and the cursor. */
const PAGE_HEADROOM_BYTES = 4 * 1024;

/**
 * Queries over request/reply on a queue group: whichever replica answers reads the same fleet view
 * (the whole registry bucket), so the answer does not depend on which partitions it owns.
 */
@Controller()
export class HealthQueriesController {
  constructor(@Inject(HealthCollectorEngine) private readonly engine: HealthCollectorEngine) {}

  @Request(Subjects.agentHealthQuery(), AgentHealthQuery)
  agent(query: AgentHealthQuery): AgentHealthReply {
    const record = this.engine.view.get(query.agentId);
    if (!record) throw new RequestRejectedError('not-found', `no agent ${query.agentId} in the registry`);
    return Object.assign(new AgentHealthReply(), { agent: record });
  }

  @Request(Subjects.fleetSummaryQuery(), FleetSummaryQuery)
  fleet(query: FleetSummaryQuery): FleetSummary {
    const summary = this.engine.view.summary(query);
    return Object.assign(new FleetSummary(), {
      ...(summary.zone !== undefined ? { zone: summary.zone } : {}),
      totalAgents: summary.totalAgents,
      byState: summary.byState,
      byLifecycle: summary.byLifecycle,
      totalCapacity: summary.totalCapacity,
      totalInFlightTasks: summary.totalInFlightTasks,
      generatedAt: new Date().toISOString(),
    });
  }

  @Request(Subjects.agentListQuery(), AgentListQuery)
  list(query: AgentListQuery): AgentListPage {
    const budget = maxBytesOf(AgentListPage) - PAGE_HEADROOM_BYTES;
    let used = 0;
    const fits = (_page: AgentHealthRecord[], next: AgentHealthRecord) => {
      used += Buffer.byteLength(JSON.stringify(next)) + 1;
      return used <= budget;
    };
    const page = this.engine.view.list(query, fits);
    return Object.assign(new AgentListPage(), {
      agents: page.agents,
      ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
    });
  }
}
