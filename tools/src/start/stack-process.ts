import { launchService, type ServiceProcess } from '@warden/testing';
import { LogFile } from './log-file';

export interface StackProcessSpec {
  name: string;
  entry: string;
  env: Record<string, string>;
  args?: string[];
  /** Services are waited for on /readyz; fleet-sim has no HTTP and runs as soon as it is spawned. */
  waitFor: 'readyz' | 'none';
  logPath: string;
}

/** One process of the stack with the file its output goes to. */
export class StackProcess {
  private constructor(
    readonly name: string,
    readonly process: ServiceProcess,
    readonly log: LogFile,
  ) {}

  /** Starts the process with its output in `logPath`; on failure the log keeps what it printed and the error says why. */
  static async launch(spec: StackProcessSpec): Promise<StackProcess> {
    const log = new LogFile(spec.logPath);
    try {
      const process = await launchService({
        name: spec.name,
        entry: spec.entry,
        env: spec.env,
        args: spec.args,
        waitFor: spec.waitFor,
        onLine: (line) => log.writeLine(line),
      });
      return new StackProcess(spec.name, process, log);
    } catch (error) {
      await log.close();
      throw error;
    }
  }

  get url(): string {
    return this.process.baseUrl;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; the log is closed once the process is gone. */
  async stop(graceMs: number): Promise<void> {
    await this.process.stop(graceMs);
    await this.log.close();
  }
}
