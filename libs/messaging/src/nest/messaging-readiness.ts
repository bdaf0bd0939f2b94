import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry, type ReadinessCheckResult } from '@warden/telemetry';
import { Messaging } from '../runtime/messaging';

export const NATS_READINESS_CHECK = 'nats';

/**
 * Ready when connected to NATS. Streams and buckets are provisioned before Messaging is created,
 * so once this exists they are in place. Registers itself with the TelemetryModule's readiness registry.
 */
@Injectable()
export class MessagingReadiness implements OnModuleInit {
  constructor(
    @Inject(Messaging) private readonly messaging: Messaging,
    @Optional() @Inject(ReadinessRegistry) private readonly readiness?: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness?.register(NATS_READINESS_CHECK, () => this.check());
  }

  check(): ReadinessCheckResult {
    const connected = this.messaging.client.isConnected;
    return {
      ready: connected,
      detail: connected
        ? `connected to ${this.messaging.client.connection.getServer()}`
        : 'NATS disconnected',
    };
  }
}
