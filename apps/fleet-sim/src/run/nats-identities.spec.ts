import { ConfigurationError } from '@warden/telemetry';
import { connectionConfigs, roleVariable } from './nats-identities';

describe('fleet-sim NATS identities', () => {
  const url = 'nats://127.0.0.1:4222';

  it('gives each role its own user and password where they are set, NATS_USER/NATS_PASSWORD otherwise', () => {
    const configs = connectionConfigs(url, {
      NATS_USER: 'agent',
      NATS_PASSWORD: 'agent-pw',
      [roleVariable('host', 'NATS_USER')]: 'host',
      [roleVariable('host', 'NATS_PASSWORD')]: 'host-pw',
    });
    expect([configs.host.NATS_USER, configs.host.NATS_PASSWORD]).toEqual(['host', 'host-pw']);
    expect([configs.agent.NATS_USER, configs.agent.NATS_PASSWORD]).toEqual(['agent', 'agent-pw']);
    expect(configs.observer.NATS_URL).toBe(url);
  });

  it('reads the other connection settings of libs/messaging, such as a credentials file', () => {
    const configs = connectionConfigs(url, { NATS_CREDS_FILE: '/run/secrets/fleet.creds' });
    expect(configs.submitter.NATS_CREDS_FILE).toBe('/run/secrets/fleet.creds');
  });

  it('refuses an invalid setting naming the variable, without showing a secret', () => {
    let error: unknown;
    try {
      connectionConfigs('not a url list, with spaces', { NATS_PASSWORD: 'hidden-secret' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('NATS_URL');
    expect((error as Error).message).not.toContain('hidden-secret');
  });
});
