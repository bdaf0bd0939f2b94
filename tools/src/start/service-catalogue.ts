import { join } from 'node:path';
import { SERVICE_IDENTITIES } from '@warden/contracts';

/**
 * Every Warden service, in the order `npm start` starts them: each consumes what the ones before it
 * publish (health → failures → recovery; routing, coordination and alerts read all of those). One list
 * with the NATS identities, so a new service cannot be started without an identity or the reverse.
 */
export const WARDEN_SERVICES = SERVICE_IDENTITIES;

export type WardenService = (typeof WARDEN_SERVICES)[number];

export const FLEET_SIM = 'fleet-sim';

/** The built entry point of an app under the repository root. */
export function appEntry(root: string, app: string): string {
  return join(root, 'apps', app, 'dist', 'main.js');
}
