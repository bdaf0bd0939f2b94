import { PatternSettingsError } from './pattern-settings-error';
import type { PatternSettings } from './pattern-settings';

type Rule = { describe: string; accepts: (value: number) => boolean };

const durationMs: Rule = {
  describe: 'a whole number of milliseconds from 1 up',
  accepts: (value) => Number.isInteger(value) && value >= 1,
};
const countFromOne: Rule = {
  describe: 'a whole number from 1 up',
  accepts: (value) => Number.isInteger(value) && value >= 1,
};
const countFromZero: Rule = {
  describe: 'a whole number from 0 up',
  accepts: (value) => Number.isInteger(value) && value >= 0,
};
const fraction: Rule = {
  describe: 'a fraction in (0, 1]',
  accepts: (value) => value > 0 && value <= 1,
};
const confidence: Rule = {
  describe: 'a fraction in [0, 1)',
  accepts: (value) => value >= 0 && value < 1,
};
const probability: Rule = {
  describe: 'a probability in (0, 1)',
  accepts: (value) => value > 0 && value < 1,
};
const positiveRate: Rule = {
  describe: 'a number above 0',
  accepts: (value) => value > 0,
};

type Leaves<T> = {
  [K in keyof T]: T[K] extends number ? Rule : Leaves<T[K]>;
};

/** The rule of every field; its shape mirrors PatternSettings, so a new field without a rule does not compile. */
export const PATTERN_SETTING_RULES: Leaves<PatternSettings> = {
  evaluateIntervalMs: durationMs,
  activeTtlMs: durationMs,
  spike: {
    windowMs: durationMs,
    threshold: countFromZero,
    baselineWindows: countFromOne,
    minExpectedPerWindow: positiveRate,
    minConfidence: confidence,
  },
  crashLoop: {
    windowMs: durationMs,
    restarts: countFromOne,
    maxUptimeMs: durationMs,
    expectedPerWindow: positiveRate,
  },
  flapping: { windowMs: durationMs, transitions: countFromOne, expectedPerWindow: positiveRate },
  correlated: {
    windowMs: durationMs,
    minAgents: countFromOne,
    zoneOutageFraction: fraction,
    hostFraction: fraction,
    minAgentsForFraction: countFromOne,
    zoneHealthyMaxFraction: fraction,
    hostExhaustedAgents: countFromOne,
    agentFailureProbability: probability,
  },
  cascading: {
    stepMs: durationMs,
    steps: {
      describe: 'a whole number from 2 up',
      accepts: (value) => Number.isInteger(value) && value >= 2,
    },
    minFailuresInLastStep: countFromOne,
    minAgents: countFromOne,
    baselineSteps: countFromOne,
    minConfidence: confidence,
  },
  degradation: {
    windowMs: durationMs,
    minAgents: countFromOne,
    minFraction: fraction,
    agentDegradeProbability: probability,
  },
};

type Tree = { [key: string]: unknown };

function isRule(node: unknown): node is Rule {
  return typeof node === 'object' && node !== null && 'accepts' in node;
}

/**
 * Overlays `overrides` (a parsed file or environment values, nested like PatternSettings) on `base`
 * and checks every field; unknown fields and out-of-range values throw PatternSettingsError.
 */
export function overlaySettings(base: PatternSettings, overrides: unknown, source: string): PatternSettings {
  const merged = structuredClone(base) as unknown as Tree;
  overlay(merged, PATTERN_SETTING_RULES as unknown as Tree, overrides, source, '');
  return merged as unknown as PatternSettings;
}

function overlay(target: Tree, rules: Tree, source: unknown, from: string, at: string): void {
  if (typeof source !== 'object' || source === null || Array.isArray(source))
    throw new PatternSettingsError(at || '(root)', 'must be a mapping of fields', from);
  for (const [key, value] of Object.entries(source)) {
    const field = at ? `${at}.${key}` : key;
    const rule = rules[key];
    if (rule === undefined) throw new PatternSettingsError(field, 'is not a pattern setting', from);
    if (isRule(rule)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || !rule.accepts(value))
        throw new PatternSettingsError(field, `must be ${rule.describe}, got ${JSON.stringify(value)}`, from);
      target[key] = value;
    } else {
      overlay(target[key] as Tree, rule as Tree, value, from, field);
    }
  }
}

/** Relations between fields that no single field's rule can express. */
export function checkSettingRelations(settings: PatternSettings, source: string): PatternSettings {
  const { crashLoop, correlated } = settings;
  if (crashLoop.maxUptimeMs > crashLoop.windowMs)
    throw new PatternSettingsError('crashLoop.maxUptimeMs', 'must not exceed crashLoop.windowMs', source);
  if (correlated.zoneHealthyMaxFraction >= correlated.zoneOutageFraction)
    throw new PatternSettingsError(
      'correlated.zoneHealthyMaxFraction',
      'must be below correlated.zoneOutageFraction, or a zone could be both fine and out',
      source,
    );
  return settings;
}
