import { join } from 'node:path';
import { launchService, ServiceStartError } from './service-process';

const fixture = join(__dirname, 'fixtures', 'readyz-after-delay.js');

describe('launchService', () => {
  it('waits for /readyz, then stops the process gracefully', async () => {
    const lines: string[] = [];
    const service = await launchService({ entry: fixture, onLine: (line) => lines.push(line) });
    const response = await fetch(`${service.baseUrl}/readyz`);
    expect(response.status).toBe(200);

    await service.stop();
    expect(service.running).toBe(false);
    expect(service.exitCode).toBe(0);
    expect(lines).toContain('stopping on SIGTERM');
  });

  it('reports the output of a process that dies before it is ready', async () => {
    const launch = launchService({
      entry: join(__dirname, 'fixtures', 'no-such-entry.js'),
      readyTimeoutMs: 5_000,
    });
    await expect(launch).rejects.toThrow(ServiceStartError);
    await expect(launch).rejects.toThrow(/Cannot find module/);
  });
});
