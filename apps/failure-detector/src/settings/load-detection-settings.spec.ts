import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DETECTION_SETTINGS } from './detection-settings';
import { DetectionSettingsError } from './detection-settings-error';
import { loadDetectionSettings } from './load-detection-settings';

const dir = mkdtempSync(join(tmpdir(), 'detection-settings-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function errorOf(path: string): DetectionSettingsError {
  try {
    loadDetectionSettings(path);
  } catch (error) {
    if (error instanceof DetectionSettingsError) return error;
    throw error;
  }
  throw new Error(`${path} was accepted`);
}

describe('loadDetectionSettings', () => {
  it('returns the documented defaults without a file, and they are valid', () => {
    expect(loadDetectionSettings(undefined)).toBe(DEFAULT_DETECTION_SETTINGS);
    const path = file('empty.yaml', '');
    expect(loadDetectionSettings(path)).toEqual(DEFAULT_DETECTION_SETTINGS);
  });

  it('merges a YAML file over the defaults field by field', () => {
    const path = file(
      'rules.yaml',
      [
        'heartbeatTimeout:',
        '  threshold: 10',
        '  severity: critical',
        'signals:',
        '  stuck:',
        '    forMs: 2000',
        '    enabled: false',
      ].join('\n'),
    );
    const settings = loadDetectionSettings(path);
    expect(settings.heartbeatTimeout).toEqual({
      ...DEFAULT_DETECTION_SETTINGS.heartbeatTimeout,
      threshold: 10,
      severity: 'critical',
    });
    expect(settings.signals.stuck).toEqual({
      ...DEFAULT_DETECTION_SETTINGS.signals.stuck,
      forMs: 2_000,
      enabled: false,
    });
    expect(settings.signals.highLatency).toEqual(DEFAULT_DETECTION_SETTINGS.signals.highLatency);
  });

  it('reads JSON too', () => {
    const path = file(
      'rules.json',
      JSON.stringify({ signals: { highLatency: { latencyEwmaMsAbove: 250 } } }),
    );
    expect(loadDetectionSettings(path).signals.highLatency.latencyEwmaMsAbove).toBe(250);
  });

  it.each([
    ['unknown.yaml', 'signals:\n  stuk:\n    forMs: 1', 'signals.stuk', /not a known field/],
    ['type.yaml', 'heartbeatTimeout:\n  threshold: "high"', 'heartbeatTimeout.threshold', /must be a number/],
    ['bool.yaml', 'signals:\n  stuck:\n    enabled: 1', 'signals.stuck.enabled', /must be a boolean/],
    [
      'severity.yaml',
      'signals:\n  stuck:\n    severity: urgent',
      'signals.stuck.severity',
      /one of low, medium, high, critical/,
    ],
    [
      'range.yaml',
      'signals:\n  highErrorRate:\n    errorRatioAbove: 1.5',
      'signals.highErrorRate.errorRatioAbove',
      /0\.\.1/,
    ],
    [
      'relation.yaml',
      'heartbeatTimeout:\n  suspectThreshold: 9',
      'heartbeatTimeout.suspectThreshold',
      /below heartbeatTimeout.threshold/,
    ],
    ['shape.yaml', 'signals: 3', 'signals', /mapping/],
    ['syntax.yaml', 'signals: [', '(file)', /YAML or JSON/],
  ])('stops on %s naming the file and the field', (name, text, field, problem) => {
    const path = file(name, text);
    const error = errorOf(path);
    expect(error.source).toBe(path);
    expect(error.field).toBe(field);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(problem);
  });

  it('names a file that does not exist', () => {
    const error = errorOf(join(dir, 'missing.yaml'));
    expect(error.message).toMatch(/missing\.yaml/);
  });
});
