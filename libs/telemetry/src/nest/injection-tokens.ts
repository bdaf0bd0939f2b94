import { Inject } from '@nestjs/common';

/** The service's pino Logger (a type, not a class, so it needs a token). */
export const LOGGER = Symbol.for('warden.telemetry.logger');

/** The validated configuration object, whatever its class. */
export const SERVICE_CONFIG = Symbol.for('warden.telemetry.service-config');

export const InjectLogger = (): ParameterDecorator & PropertyDecorator => Inject(LOGGER);
