import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchService, type ServiceProcess } from '@warden/testing';

const DETECTOR_ENTRY = join(__dirname, '..', '..', '..', '..', 'apps', 'failure-detector', 'dist', 'main.js');

/** A figure read from the detector's Prometheus text (the sum of every series of that name). */
function metricValue(text: string, name: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`))
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

export interface DetectorCost {
  cpuSeconds: number;
  evaluationSeconds: number;
  evaluations: number;
  /** The detector's own view of emission: tick → JetStream acknowledgement. */
  emissionSeconds: number;
  emissions: number;
}

/** The built failure detector as its own process, with an optional rules file, and its metrics. */
export class DetectorProcess {
  private constructor(private readonly service: ServiceProcess) {}

  static async launch(natsUrl: string, rulesYaml?: string): Promise<DetectorProcess> {
    const env: Record<string, string> = {
      NATS_URL: natsUrl,
      SERVICE_INSTANCE_ID: 'bench-detector',
      LOG_LEVEL: 'warn',
    };
    if (rulesYaml) {
      const path = join(mkdtempSync(join(tmpdir(), 'bench-detector-')), 'rules.yaml');
      writeFileSync(path, rulesYaml);
      env.DETECTION_RULES_FILE = path;
    }
    return new DetectorProcess(
      await launchService({ entry: DETECTOR_ENTRY, name: 'bench-failure-detector', env }),
    );
  }

  async cost(): Promise<DetectorCost> {
    const text = await (await fetch(`${this.service.baseUrl}/metrics`)).text();
    return {
      cpuSeconds: metricValue(text, 'warden_process_cpu_seconds_total'),
      evaluationSeconds: metricValue(text, 'warden_failure_phi_evaluation_seconds_sum'),
      evaluations: metricValue(text, 'warden_failure_phi_evaluation_seconds_count'),
      emissionSeconds: metricValue(text, 'warden_failure_emission_seconds_sum'),
      emissions: metricValue(text, 'warden_failure_emission_seconds_count'),
    };
  }

  output(): string {
    return this.service.output();
  }

  stop(): Promise<void> {
    return this.service.stop();
  }
}
