import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchService, type ServiceProcess } from '@warden/testing';

const APPS = join(__dirname, '..', '..', '..', '..', 'apps');
const entryOf = (app: string): string => join(APPS, app, 'dist', 'main.js');

/** The recovery path as separate processes: health collector, failure detector when built, recovery coordinator. */
export class RecoveryServices {
  private constructor(
    private readonly processes: ServiceProcess[],
    readonly withDetector: boolean,
  ) {}

  static detectorBuilt(): boolean {
    return existsSync(entryOf('failure-detector'));
  }

  static async launch(natsUrl: string, policyYaml: string): Promise<RecoveryServices> {
    const policy = join(mkdtempSync(join(tmpdir(), 'bench-recovery-')), 'policy.yaml');
    writeFileSync(policy, policyYaml);
    const base = { NATS_URL: natsUrl, LOG_LEVEL: 'warn' };
    const processes: ServiceProcess[] = [];
    try {
      processes.push(
        await launchService({
          entry: entryOf('health-collector'),
          name: 'bench-health-collector',
          env: { ...base, SERVICE_INSTANCE_ID: 'bench-collector' },
        }),
      );
      const withDetector = RecoveryServices.detectorBuilt();
      if (withDetector)
        processes.push(
          await launchService({
            entry: entryOf('failure-detector'),
            name: 'bench-failure-detector',
            env: { ...base, SERVICE_INSTANCE_ID: 'bench-detector' },
          }),
        );
      processes.push(
        await launchService({
          entry: entryOf('recovery-coordinator'),
          name: 'bench-recovery-coordinator',
          env: { ...base, SERVICE_INSTANCE_ID: 'bench-coordinator', RECOVERY_POLICY_FILE: policy },
        }),
      );
      return new RecoveryServices(processes, withDetector);
    } catch (error) {
      await Promise.all(processes.map((process) => process.stop()));
      throw error;
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes].reverse().map((process) => process.stop()));
  }
}
