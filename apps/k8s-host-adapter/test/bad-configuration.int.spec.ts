import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchService } from '@warden/testing';

const ENTRY = join(__dirname, '..', 'dist', 'main.js');
/** sysexits.h EX_CONFIG, as every Warden service exits on a bad variable (libs/telemetry). */
const EXIT_CONFIG = 78;

/** Starts the built adapter with `env` (nothing inherited from the test but PATH) and returns its exit and output. */
async function startWith(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: build apps/k8s-host-adapter first`);
  const adapter = await launchService({
    entry: ENTRY,
    env,
    waitFor: 'none',
    baseEnv: { PATH: process.env.PATH },
  });
  // A process that wrongly starts is killed (exit code null), so the test fails instead of hanging.
  const guard = setTimeout(() => void adapter.kill(), 20_000);
  await adapter.exited();
  clearTimeout(guard);
  return { code: adapter.exitCode, output: adapter.output() };
}

describe('k8s-host-adapter (built process) with bad configuration', () => {
  it('stops naming HOST_ID when neither it nor NODE_NAME is set', async () => {
    const { code, output } = await startWith({});
    expect(code).toBe(EXIT_CONFIG);
    expect(output).toContain('HOST_ID=<unset>');
  });

  it('stops naming KUBECONFIG when the file does not exist', async () => {
    const { code, output } = await startWith({ HOST_ID: 'h1', KUBECONFIG: '/nonexistent/kubeconfig' });
    expect(code).toBe(EXIT_CONFIG);
    expect(output).toContain('KUBECONFIG="/nonexistent/kubeconfig" (the file does not exist)');
  });

  it('stops naming KUBECONFIG when no cluster can be found (no file, not in a pod)', async () => {
    const { code, output } = await startWith({ HOST_ID: 'h1', HOME: '/nonexistent-home' });
    expect(code).toBe(EXIT_CONFIG);
    expect(output).toContain('KUBECONFIG=<unset> (names no Kubernetes cluster');
  });
});
