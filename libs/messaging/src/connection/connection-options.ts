import { readFileSync } from 'node:fs';
import { credsAuthenticator, nkeyAuthenticator, type Authenticator } from '@nats-io/nats-core';
import type { NodeConnectionOptions } from '@nats-io/transport-node';
import { inboxPrefixOf } from '@warden/contracts';
import type { NatsConnectionConfig } from './nats-connection-config';

/** Reconnect forever: a service without NATS is useless, and giving up would need an outside restart. */
const RECONNECT_FOREVER = -1;
const RECONNECT_WAIT_MS = 1000;
/** Jitter spreads a fleet's reconnects so a restarted server is not hit by every client at once. */
const RECONNECT_JITTER_MS = 500;
const RECONNECT_JITTER_TLS_MS = 1000;
const PING_INTERVAL_MS = 20_000;

/** Turns the configuration into nats.js options; reads the credential and key files it names. */
export function toConnectionOptions(config: NatsConnectionConfig, name: string): NodeConnectionOptions {
  const options: NodeConnectionOptions = {
    name,
    servers: config.servers,
    maxReconnectAttempts: RECONNECT_FOREVER,
    reconnectTimeWait: RECONNECT_WAIT_MS,
    reconnectJitter: RECONNECT_JITTER_MS,
    reconnectJitterTLS: RECONNECT_JITTER_TLS_MS,
    pingInterval: PING_INTERVAL_MS,
  };
  if (config.NATS_USER !== undefined) {
    options.user = config.NATS_USER;
    options.pass = config.NATS_PASSWORD;
    // Each generated NATS user may only subscribe to replies under its own prefix (docs/security.md).
    options.inboxPrefix = inboxPrefixOf(config.NATS_USER);
  }
  if (config.NATS_TOKEN !== undefined) options.token = config.NATS_TOKEN;
  const authenticator = fileAuthenticator(config);
  if (authenticator) options.authenticator = authenticator;
  if (config.NATS_TLS_CA_FILE || config.NATS_TLS_CERT_FILE || config.NATS_TLS_KEY_FILE) {
    options.tls = {
      caFile: config.NATS_TLS_CA_FILE,
      certFile: config.NATS_TLS_CERT_FILE,
      keyFile: config.NATS_TLS_KEY_FILE,
    };
  }
  return options;
}

/** A credentials file named by the configuration could not be read. */
export class CredentialFileError extends Error {
  override readonly name = 'CredentialFileError';

  constructor(
    readonly variable: string,
    readonly path: string,
    cause: unknown,
  ) {
    super(`${variable}: cannot read ${path} (${(cause as Error).message})`, { cause });
  }
}

function fileAuthenticator(config: NatsConnectionConfig): Authenticator | undefined {
  if (config.NATS_CREDS_FILE) {
    return credsAuthenticator(readCredentialFile('NATS_CREDS_FILE', config.NATS_CREDS_FILE));
  }
  if (config.NATS_NKEY_SEED_FILE) {
    const seed = new TextDecoder()
      .decode(readCredentialFile('NATS_NKEY_SEED_FILE', config.NATS_NKEY_SEED_FILE))
      .trim();
    return nkeyAuthenticator(new TextEncoder().encode(seed));
  }
  return undefined;
}

function readCredentialFile(variable: string, path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new CredentialFileError(variable, path, error);
  }
}
