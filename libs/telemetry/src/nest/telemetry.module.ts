import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import type { Logger } from 'pino';
import { ServiceBaseConfig } from '../config/service-base-config';
import { MetricsRegistry } from '../metrics/metrics-registry';
import { ReadinessRegistry } from '../readiness/readiness-registry';
import { LOGGER, SERVICE_CONFIG } from './injection-tokens';

export interface TelemetryModuleOptions {
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
  readonly readiness: ReadinessRegistry;
  /** The validated config; injectable by its class, by ServiceBaseConfig when it extends it, and by SERVICE_CONFIG. */
  readonly config?: { readonly configClass: Type<object>; readonly value: object };
}

/**
 * Global module that hands the instances bootstrapService created to every other module, so all
 * of a process shares one logger, one metrics registry and one readiness registry.
 */
@Module({})
export class TelemetryModule {
  static forRoot(options: TelemetryModuleOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: LOGGER, useValue: options.logger },
      { provide: MetricsRegistry, useValue: options.metrics },
      { provide: ReadinessRegistry, useValue: options.readiness },
      ...configProviders(options.config),
    ];
    return {
      module: TelemetryModule,
      global: true,
      providers,
      exports: providers.map((provider) => ('provide' in provider ? provider.provide : provider)),
    };
  }
}

function configProviders(config: TelemetryModuleOptions['config']): Provider[] {
  if (!config) return [];
  const providers: Provider[] = [
    { provide: SERVICE_CONFIG, useValue: config.value },
    { provide: config.configClass, useValue: config.value },
  ];
  if (config.configClass !== ServiceBaseConfig && config.value instanceof ServiceBaseConfig) {
    providers.push({ provide: ServiceBaseConfig, useValue: config.value });
  }
  return providers;
}
