import { RoutingPanelModel } from './routing-panel-model';
import { renderRoutingPanel } from './render-routing-panel';
import type { BreakerTransition, TaskAssigned } from '@warden/contracts';

const assignment = (agentId: string, attempt = 1) => ({ agentId, attempt }) as TaskAssigned;

describe('routing panel', () => {
  it('shows the rate, the spread over agents, retries and the breakers that are not closed', () => {
    const model = new RoutingPanelModel();
    for (let i = 0; i < 30; i++) model.assigned(assignment(`agent-${i % 3}`), 1_000 + i);
    model.assigned(assignment('agent-0', 2), 1_100);
    model.breaker({ agentId: 'agent-2', state: 'open', generation: 1 } as BreakerTransition);
    model.breaker({ agentId: 'agent-1', state: 'open', generation: 1 } as BreakerTransition);
    model.breaker({ agentId: 'agent-1', state: 'closed', generation: 3 } as BreakerTransition);
    const lines = renderRoutingPanel(model.snapshot(2_000), 200);
    expect(lines.join('\n')).toContain('3.1 tasks/s  31 routed  1 retried/reassigned');
    expect(lines.join('\n')).toContain('spread over 3 agents (last 10 s): min 10  mean 10.3  max 11');
    expect(lines.join('\n')).toContain('breakers: agent-2 open');
    expect(lines.join('\n')).not.toContain('agent-1 open');
  });

  it('forgets decisions older than ten seconds', () => {
    const model = new RoutingPanelModel();
    model.assigned(assignment('agent-0'), 0);
    expect(model.snapshot(20_000).ratePerSecond).toBe(0);
    expect(model.snapshot(20_000).routedTotal).toBe(1);
  });
});
