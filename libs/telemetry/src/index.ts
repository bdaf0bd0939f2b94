export { ConfigurationError, type ConfigurationIssue } from './config/configuration-error';
export { ConfigFileError, type ConfigFileErrorFactory } from './config/config-file-error';
export { ConfigFileReader, type NumberRule } from './config/config-file-reader';
export { loadConfig, type ConfigClass, type Environment } from './config/load-config';
export { loadConfigOrExit, EXIT_CODE_CONFIGURATION_ERROR } from './config/load-config-or-exit';
export { isSecretVariable, redactUrlCredentials } from './config/secret-redaction';
export { ServiceBaseConfig } from './config/service-base-config';

export { initTelemetry, type Telemetry, type TelemetryOptions } from './otel/init-telemetry';
export { initTelemetryOrExit } from './otel/init-telemetry-or-exit';
export {
  otlpTracesProtocol,
  DEFAULT_OTLP_TRACES_PROTOCOL,
  OTLP_TRACES_PROTOCOLS,
  type OtlpTracesProtocol,
} from './otel/otlp-traces-protocol';
export { TelemetryAlreadyInitializedError } from './otel/telemetry-errors';
export { getTracer } from './otel/get-tracer';
export { inDecisionSpan } from './otel/in-decision-span';
export * from './otel/messaging-attributes';

export { createLogger, type Logger, type LoggerOptions } from './logging/create-logger';
export { LOG_LEVELS, type LogLevel } from './logging/log-level';

export {
  MetricsRegistry,
  type MetricConfig,
  type HistogramConfig,
  type MetricsRegistryOptions,
} from './metrics/metrics-registry';
export { MetricDefinitionConflictError, type MetricKind } from './metrics/metric-definition-conflict-error';

export { ReadinessRegistry } from './readiness/readiness-registry';
export { DuplicateReadinessCheckError } from './readiness/duplicate-readiness-check-error';
export type {
  ReadinessCheck,
  ReadinessCheckResult,
  ReadinessCheckStatus,
  ReadinessReport,
} from './readiness/readiness-check';

export { LOGGER, SERVICE_CONFIG, InjectLogger } from './nest/injection-tokens';
export { PinoNestLogger } from './nest/pino-nest-logger';
export { TelemetryModule, type TelemetryModuleOptions } from './nest/telemetry.module';
export { ProbesModule } from './nest/probes.module';
export { serviceEngines, type ServiceEngine } from './nest/service-engines';
export { ProbesController } from './nest/probes.controller';
export {
  createServiceApp,
  listenOnPort,
  type ServiceAppParts,
  type ServiceRootModule,
} from './nest/create-service-app';
export { HttpServerNotBoundError } from './nest/http-server-not-bound-error';
export { ServiceShutdown } from './nest/service-shutdown';
export { exitGracefullyOnSignals } from './nest/shutdown-signals';
export {
  bootstrapService,
  type BootstrapServiceOptions,
  type RunningService,
  type ServiceContext,
} from './nest/bootstrap-service';
