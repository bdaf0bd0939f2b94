import type { RoutingPanelSnapshot } from './routing-panel-model';

const SHOWN_AGENTS = 5;

/** The load balancer's lines of the live view: rate, spread over agents, retries, breakers. */
export function renderRoutingPanel(snapshot: RoutingPanelSnapshot, width: number): string[] {
  const lines = [''];
  lines.push(
    `Routing  ${snapshot.ratePerSecond.toFixed(1)} tasks/s  ${snapshot.routedTotal} routed  ` +
      `${snapshot.retriesTotal} retried/reassigned  results ${snapshot.succeeded} ok ${snapshot.failed} failed`,
  );
  if (snapshot.routedTotal === 0) {
    lines.push('  no task routed yet (load-balancer not built or fleet-sim routes no load)');
    return lines.map((line) => line.slice(0, width));
  }
  const counts = snapshot.perAgent.map(([, n]) => n);
  if (counts.length > 0) {
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    lines.push(
      `  spread over ${counts.length} agents (last 10 s): min ${Math.min(...counts)}  mean ${mean.toFixed(1)}  max ${Math.max(...counts)}`,
    );
    const busiest = snapshot.perAgent.slice(0, SHOWN_AGENTS).map(([id, n]) => `${id} ${n}`);
    const idlest = snapshot.perAgent
      .slice(-Math.min(3, Math.max(0, counts.length - SHOWN_AGENTS)))
      .map(([id, n]) => `${id} ${n}`);
    lines.push(
      `  busiest: ${busiest.join(', ')}${idlest.length > 0 ? `   least: ${idlest.join(', ')}` : ''}`,
    );
  }
  lines.push(
    snapshot.breakers.length === 0
      ? `  breakers: all closed (${snapshot.breakerTransitions} transitions so far)`
      : `  breakers: ${snapshot.breakers.map(([id, state]) => `${id} ${state}`).join(', ')}`,
  );
  return lines.map((line) => line.slice(0, width));
}
