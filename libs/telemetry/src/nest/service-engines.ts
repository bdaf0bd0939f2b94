import {
  Inject,
  type BeforeApplicationShutdown,
  type InjectionToken,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import type { ReadinessCheck } from '../readiness/readiness-check';
import { ReadinessRegistry } from '../readiness/readiness-registry';

/**
 * The framework-free core of a service (its "engine"): started once the app is up, stopped before
 * messaging closes the connection, and contributing the readiness checks that say when it can work.
 */
export interface ServiceEngine {
  start(): Promise<void>;
  stop(): Promise<void>;
  readinessChecks(): Readonly<Record<string, ReadinessCheck>>;
}

const SERVICE_ENGINES = Symbol.for('warden.service-engines');

/** Starts the engines in the order given and stops them in reverse, registering their readiness checks first. */
class ServiceEnginesLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(SERVICE_ENGINES) private readonly engines: readonly ServiceEngine[],
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const engine of this.engines) {
      for (const [name, check] of Object.entries(engine.readinessChecks()))
        this.readiness.register(name, check);
    }
    for (const engine of this.engines) await engine.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const engine of [...this.engines].reverse()) await engine.stop();
  }
}

/**
 * Providers that run the service's engines with the application's lifecycle: put them in the root
 * module's providers, after the providers of the engines themselves (given here by their tokens).
 */
export function serviceEngines(...engines: InjectionToken[]): Provider[] {
  return [
    { provide: SERVICE_ENGINES, useFactory: (...instances: ServiceEngine[]) => instances, inject: engines },
    ServiceEnginesLifecycle,
  ];
}
