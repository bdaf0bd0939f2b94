import { IsBoolean, IsInt, IsString, IsUrl, Max, Min } from 'class-validator';
import { ConfigurationError } from './configuration-error';
import { loadConfig } from './load-config';
import { ServiceBaseConfig } from './service-base-config';

class ExampleConfig extends ServiceBaseConfig {
  @IsUrl({ protocols: ['nats'], require_tld: false })
  NATS_URL!: string;

  @IsString()
  NATS_PASSWORD: string = '';

  @IsInt()
  @Min(1)
  @Max(10)
  JETSTREAM_REPLICAS: number = 1;

  @IsBoolean()
  DRY_RUN: boolean = false;
}

function loadError(env: Record<string, string>): ConfigurationError {
  try {
    loadConfig(ExampleConfig, env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigurationError');
}

describe('loadConfig', () => {
  it('converts numbers and booleans and keeps defaults for unset variables', () => {
    const config = loadConfig(ExampleConfig, {
      NATS_URL: 'nats://localhost:4222',
      HTTP_PORT: '9100',
      JETSTREAM_REPLICAS: '3',
      DRY_RUN: 'false',
      LOG_LEVEL: 'debug',
    });

    expect(config).toBeInstanceOf(ExampleConfig);
    expect(config.HTTP_PORT).toBe(9100);
    expect(config.JETSTREAM_REPLICAS).toBe(3);
    expect(config.DRY_RUN).toBe(false);
    expect(config.LOG_LEVEL).toBe('debug');
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(20000);
    expect(config.SERVICE_INSTANCE_ID).toMatch(/^[A-Za-z0-9_-]+-\d+$/);
  });

  it('treats an empty value as unset', () => {
    const config = loadConfig(ExampleConfig, { NATS_URL: 'nats://nats:4222', HTTP_PORT: '' });
    expect(config.HTTP_PORT).toBe(8080);
  });

  it('ignores environment variables the class does not declare', () => {
    const config = loadConfig(ExampleConfig, { NATS_URL: 'nats://nats:4222', PATH: '/usr/bin' });
    expect(Object.keys(config)).not.toContain('PATH');
  });

  it('rejects a value that is not a number, naming the variable and its value', () => {
    const error = loadError({ NATS_URL: 'nats://nats:4222', HTTP_PORT: '80a' });

    expect(error.variables).toEqual(['HTTP_PORT']);
    expect(error.message).toContain('HTTP_PORT="80a"');
    expect(error.message).toContain('is not a number');
  });

  it('rejects a number outside its bounds with the validator reason', () => {
    const error = loadError({ NATS_URL: 'nats://nats:4222', JETSTREAM_REPLICAS: '5.5' });

    expect(error.variables).toEqual(['JETSTREAM_REPLICAS']);
    expect(error.message).toMatch(/JETSTREAM_REPLICAS="5\.5" \(must be an integer number/);
  });

  it('rejects a boolean it cannot read instead of turning it into true', () => {
    const error = loadError({ NATS_URL: 'nats://nats:4222', DRY_RUN: 'maybe' });

    expect(error.variables).toEqual(['DRY_RUN']);
    expect(error.message).toContain('is not a boolean');
  });

  it('reports a missing required variable as unset', () => {
    const error = loadError({});

    expect(error.variables).toEqual(['NATS_URL']);
    expect(error.message).toContain('NATS_URL=<unset>');
  });

  it('names every bad variable at once', () => {
    const error = loadError({ HTTP_PORT: '70000', LOG_LEVEL: 'loud', SERVICE_INSTANCE_ID: 'a.b' });

    expect(new Set(error.variables)).toEqual(
      new Set(['NATS_URL', 'HTTP_PORT', 'LOG_LEVEL', 'SERVICE_INSTANCE_ID']),
    );
    expect(error.message).toContain('HTTP_PORT="70000" (must not be greater than 65535)');
    expect(error.message).toContain('LOG_LEVEL="loud"');
    expect(error.message).toContain(
      'SERVICE_INSTANCE_ID="a.b" (must be 1-128 characters from [A-Za-z0-9_-])',
    );
  });

  it('never prints the value of a secret variable', () => {
    class SecretConfig {
      @IsUrl({ protocols: ['https'] })
      ALERT_WEBHOOK_TOKEN!: string;

      @IsInt()
      NKEY_SEED_COUNT: number = 1;
    }

    let error: unknown;
    try {
      loadConfig(SecretConfig, { ALERT_WEBHOOK_TOKEN: 'hunter2-secret-value', NKEY_SEED_COUNT: 'SUAF7xyz' });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as ConfigurationError).message;
    expect(message).toContain('ALERT_WEBHOOK_TOKEN=<redacted>');
    expect(message).toContain('NKEY_SEED_COUNT=<redacted>');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('SUAF7xyz');
  });
});
