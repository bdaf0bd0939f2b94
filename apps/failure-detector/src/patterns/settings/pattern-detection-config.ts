import { IsInt, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';

/**
 * The environment variables of pattern detection, for the service's config class to extend or load on
 * its own with `loadConfig`. Each numeric variable overrides one field of the settings file (or of the
 * defaults); the file can set every field.
 */
export class PatternDetectionConfig {
  /** A YAML or JSON file overriding any part of PatternSettings (nested like it); defaults otherwise. */
  @IsOptional()
  @IsString()
  PATTERN_SETTINGS_FILE?: string;

  /** settings.evaluateIntervalMs */
  @IsOptional()
  @IsInt()
  @Min(1)
  PATTERN_EVALUATE_INTERVAL_MS?: number;

  /** settings.spike.windowMs */
  @IsOptional()
  @IsInt()
  @Min(1)
  PATTERN_SPIKE_WINDOW_MS?: number;

  /** settings.spike.threshold: a spike is more than this many failures in the window. */
  @IsOptional()
  @IsInt()
  @Min(0)
  PATTERN_SPIKE_THRESHOLD?: number;

  /** settings.correlated.windowMs */
  @IsOptional()
  @IsInt()
  @Min(1)
  PATTERN_CORRELATED_WINDOW_MS?: number;

  /** settings.correlated.minAgents (k) */
  @IsOptional()
  @IsInt()
  @Min(1)
  PATTERN_CORRELATED_MIN_AGENTS?: number;

  /** settings.correlated.zoneOutageFraction (x) */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  PATTERN_ZONE_OUTAGE_FRACTION?: number;
}

type EnvOverride = {
  variable: keyof PatternDetectionConfig;
  toOverride: (value: number) => object;
};

/** Which settings field each numeric variable sets; applied after the file, so the environment wins. */
export const PATTERN_ENV_OVERRIDES: readonly EnvOverride[] = [
  { variable: 'PATTERN_EVALUATE_INTERVAL_MS', toOverride: (value) => ({ evaluateIntervalMs: value }) },
  { variable: 'PATTERN_SPIKE_WINDOW_MS', toOverride: (value) => ({ spike: { windowMs: value } }) },
  { variable: 'PATTERN_SPIKE_THRESHOLD', toOverride: (value) => ({ spike: { threshold: value } }) },
  { variable: 'PATTERN_CORRELATED_WINDOW_MS', toOverride: (value) => ({ correlated: { windowMs: value } }) },
  {
    variable: 'PATTERN_CORRELATED_MIN_AGENTS',
    toOverride: (value) => ({ correlated: { minAgents: value } }),
  },
  {
    variable: 'PATTERN_ZONE_OUTAGE_FRACTION',
    toOverride: (value) => ({ correlated: { zoneOutageFraction: value } }),
  },
];
