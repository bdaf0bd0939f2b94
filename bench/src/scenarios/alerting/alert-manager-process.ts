import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchService, type ServiceProcess } from '@warden/testing';

const ALERT_MANAGER_ENTRY = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'apps',
  'alert-manager',
  'dist',
  'main.js',
);

/** The built alert manager as its own process, with an alerting file written for the run. */
export async function launchAlertManager(natsUrl: string, alertingYaml: string): Promise<ServiceProcess> {
  const path = join(mkdtempSync(join(tmpdir(), 'bench-alerting-')), 'alerting.yaml');
  writeFileSync(path, alertingYaml);
  return launchService({
    entry: ALERT_MANAGER_ENTRY,
    name: 'bench-alert-manager',
    env: {
      NATS_URL: natsUrl,
      SERVICE_INSTANCE_ID: 'bench-alert-manager',
      LOG_LEVEL: 'warn',
      ALERT_MANAGER_CONFIG_FILE: path,
    },
    readyTimeoutMs: 30_000,
  });
}

/** Waits until the alert manager holds the sender lease (its readiness detail says so). */
export async function awaitSender(manager: ServiceProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = await (await fetch(`${manager.baseUrl}/readyz`)).text().catch(() => '');
    if (text.includes('sender (token')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the alert manager did not become the sender within ${timeoutMs} ms`);
}
