import type { AgentLifecycle, HealthState, RestartType } from '@warden/contracts';

/** What the registry last said about the agent, when it knows it. */
export interface LastKnownState {
  lifecycle: AgentLifecycle;
  state: HealthState;
}

/**
 * Whether the restart type lets the agent be restarted. OTP's `transient` restarts only after an abnormal
 * exit; Warden's counterpart of a normal exit is an agent that announced its own stop (lifecycle
 * stopping or stopped), which is never restarted unless `permanent`. `temporary` is never restarted.
 */
export function restartTypeAllows(restart: RestartType, last: LastKnownState | undefined): boolean {
  if (restart === 'permanent') return true;
  if (restart === 'temporary') return false;
  const announcedStop =
    last !== undefined &&
    (last.lifecycle === 'stopping' || last.lifecycle === 'stopped' || last.state === 'stopped');
  return !announcedStop;
}
