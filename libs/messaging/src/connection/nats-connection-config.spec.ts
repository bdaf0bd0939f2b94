import { ConfigurationError, loadConfig } from '@warden/telemetry';
import { CredentialFileError, toConnectionOptions } from './connection-options';
import { NatsConnectionConfig } from './nats-connection-config';

describe('NatsConnectionConfig', () => {
  it('reads a comma-separated server list and the replica count from the environment', () => {
    const config = loadConfig(NatsConnectionConfig, {
      NATS_URL: 'nats://a:4222, tls://b:4443',
      JETSTREAM_REPLICAS: '3',
    });

    expect(config.servers).toEqual(['nats://a:4222', 'tls://b:4443']);
    expect(config.JETSTREAM_REPLICAS).toBe(3);
  });

  it('defaults to a local server and one replica', () => {
    const config = loadConfig(NatsConnectionConfig, {});

    expect(config.servers).toEqual(['nats://127.0.0.1:4222']);
    expect(config.JETSTREAM_REPLICAS).toBe(1);
  });

  it('names every invalid variable', () => {
    let thrown: unknown;
    try {
      loadConfig(NatsConnectionConfig, { JETSTREAM_REPLICAS: '0', NATS_URL: 'nats://a b' });
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as ConfigurationError).variables.sort()).toEqual(['JETSTREAM_REPLICAS', 'NATS_URL']);
  });
});

describe('toConnectionOptions', () => {
  it('reconnects forever with jitter and passes user, password and TLS files through', () => {
    const config = loadConfig(NatsConnectionConfig, {
      NATS_USER: 'svc',
      NATS_PASSWORD: 'secret',
      NATS_TLS_CA_FILE: '/etc/nats/ca.pem',
    });

    const options = toConnectionOptions(config, 'svc-1');

    expect(options).toMatchObject({
      name: 'svc-1',
      maxReconnectAttempts: -1,
      user: 'svc',
      pass: 'secret',
      tls: { caFile: '/etc/nats/ca.pem' },
    });
    expect(options.reconnectJitter).toBeGreaterThan(0);
  });

  it('names the variable whose credentials file cannot be read', () => {
    const config = loadConfig(NatsConnectionConfig, { NATS_CREDS_FILE: '/nonexistent/warden.creds' });

    expect(() => toConnectionOptions(config, 'svc-1')).toThrow(CredentialFileError);
    expect(() => toConnectionOptions(config, 'svc-1')).toThrow(/NATS_CREDS_FILE/);
  });
});
