import { Controller, Get, HttpException, HttpStatus, Inject, Param } from '@nestjs/common';
import type { EvidenceLink } from '@warden/contracts';
import type { DeliveryRecord } from '../domain/alert';
import { AlertManagerEngine } from '../engine/alert-manager-engine';

interface AlertHistory {
  fingerprint: string;
  labels: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  evidence: EvidenceLink[];
  deliveries: (Omit<DeliveryRecord, 'at'> & { at: string })[];
}

/**
 * Warden's own addition beside the v2 API: one alert's history (the evidence that raised and resolved
 * it, and every delivery attempt with its outcome), which Alertmanager does not keep.
 */
@Controller('api/warden')
export class AlertHistoryController {
  constructor(@Inject(AlertManagerEngine) private readonly engine: AlertManagerEngine) {}

  @Get('alerts/:fingerprint/history')
  history(@Param('fingerprint') fingerprint: string): AlertHistory {
    const alert = this.engine.state.alerts.get(fingerprint);
    if (!alert) throw new HttpException(`no alert ${fingerprint}`, HttpStatus.NOT_FOUND);
    return {
      fingerprint,
      labels: { ...alert.labels },
      startsAt: new Date(alert.startsAt).toISOString(),
      ...(alert.endsAt !== undefined ? { endsAt: new Date(alert.endsAt).toISOString() } : {}),
      evidence: [...alert.evidence],
      deliveries: alert.deliveries.map((delivery) => ({
        ...delivery,
        at: new Date(delivery.at).toISOString(),
      })),
    };
  }

  @Get('incidents')
  incidents(): unknown {
    return this.engine.commands.listIncidents();
  }
}
