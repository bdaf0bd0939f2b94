import { join } from 'node:path';

/**
 * Every Warden service, in the order `npm start` starts them: each consumes what the ones before it
 * publish (health → failures → recovery; routing, coordination and alerts read all of those).
 */
export const WARDEN_SERVICES = [
  'health-collector',
  'failure-detector',
  'recovery-coordinator',
  'load-balancer',
  'consensus-coordinator',
  'alert-manager',
] as const;

export type WardenService = (typeof WARDEN_SERVICES)[number];

export const FLEET_SIM = 'fleet-sim';

/** The built entry point of an app under the repository root. */
export function appEntry(root: string, app: string): string {
  return join(root, 'apps', app, 'dist', 'main.js');
}
