import { ElectionLeaders, ElectionLeadersQuery, Subjects, createMessage } from '@warden/contracts';
import type { Messaging } from '@warden/messaging';
import { styled } from './ansi';
import type { FleetViewState } from './fleet-view-state';
import type { LeadersView } from './leaders-view';
import type { RenderOptions } from './render-options';
import { PollingLoop } from './polling-loop';

export const LEADERS_SHOWN = 12;

/** Asks the consensus coordinator who leads which domain, once a second; silence is a state, not an error. */
export class LeadersObserver {
  private readonly loop: PollingLoop;

  constructor(
    private readonly messaging: Messaging,
    private readonly onView: (view: LeadersView) => void,
    intervalMs = 1_000,
  ) {
    this.loop = new PollingLoop(() => this.poll(), intervalMs);
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async poll(): Promise<void> {
    try {
      const reply = await this.messaging.publisher.request(
        Subjects.electionLeadersQuery(),
        ElectionLeadersQuery,
        createMessage(ElectionLeadersQuery, {}),
        ElectionLeaders,
        { timeoutMs: 800 },
      );
      this.onView({ lastAnswerAt: Date.now(), leaders: reply.leaders });
    } catch (error) {
      this.onView({ problem: (error as Error).message, leaders: [] });
    }
  }
}

/** The live view's "Leaders" section: each domain, its leader, fencing token and lease age. */
export function leadersSection(state: FleetViewState, { now, color }: RenderOptions): string[] {
  const title = styled('Leaders', 'bold', color);
  const view = state.leaders;
  if (!view || view.lastAnswerAt === undefined) {
    return [title, `  ${styled('consensus-coordinator: waiting…', 'yellow', color)}`];
  }
  if (view.leaders.length === 0) return [title, '  no domain has a leader'];
  const width = Math.max(...view.leaders.map((l) => l.domain.length));
  const lines = view.leaders.slice(0, LEADERS_SHOWN).map((leader) => {
    const age = Math.max(0, now - Date.parse(leader.renewedAt));
    return `  ${leader.domain.padEnd(width)}  ${styled(leader.leaderId, 'green', color)}  token ${leader.fencingToken}  renewed ${age} ms ago (TTL ${leader.leaseTtlMs} ms)`;
  });
  if (view.leaders.length > LEADERS_SHOWN) lines.push(`  … and ${view.leaders.length - LEADERS_SHOWN} more`);
  return [title, ...lines];
}
