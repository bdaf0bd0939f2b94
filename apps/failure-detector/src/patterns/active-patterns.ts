// The shared ActivePatterns lives in @warden/contracts; this path stays only for pattern-detection-engine.ts,
// whose owner switches its import to @warden/contracts (it is being edited elsewhere right now).
export { ActivePatterns, type ActivePattern, type FailureScope } from '@warden/contracts';
