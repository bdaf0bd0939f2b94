import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { EXIT_CODE_CONFIGURATION_ERROR } from '../config/load-config-or-exit';

/** The built library, initialised in a process of its own, as a service's entry point does. */
const DIST = join(__dirname, '..', '..', 'dist', 'index.js');
const SCRIPT = `
  const { initTelemetryOrExit } = require(${JSON.stringify(DIST)});
  const telemetry = initTelemetryOrExit({ serviceName: 'probe-service', serviceVersion: '1', instanceId: 'p-1' });
  process.stdout.write(String(telemetry.exportProtocol));
  telemetry.shutdown().then(() => process.exit(0));
`;

function run(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['-e', SCRIPT], {
    env: { PATH: process.env['PATH'] ?? '', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('initTelemetryOrExit in a process', () => {
  it('stops the process with exit 78 and one line naming the variable for grpc', () => {
    const { status, stdout, stderr } = run({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    expect(status).toBe(EXIT_CODE_CONFIGURATION_ERROR);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(
      'probe-service: Invalid configuration (OTLP trace exporter): OTEL_EXPORTER_OTLP_PROTOCOL="grpc" ' +
        '(must be one of http/protobuf, http/json (grpc is not supported))',
    );
  });

  it('starts with the protocol asked for, and http/protobuf when none is', () => {
    expect(run({ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' })).toMatchObject({
      status: 0,
      stdout: 'http/json',
    });
    expect(run({})).toMatchObject({ status: 0, stdout: 'http/protobuf' });
  });
});
