import { AlertList, AlertListQuery, Subjects, createMessage } from '@warden/contracts';
import { NoRespondersError, type Messaging } from '@warden/messaging';
import { alertsViewOf, type AlertsView } from './alerts-view';
import { PollingLoop } from './polling-loop';

export interface AlertsObserverOptions {
  pollIntervalMs?: number;
  requestTimeoutMs?: number;
}

/**
 * Polls the alert manager's alert list over request/reply for the live view. An alert manager that does
 * not answer (not built, still starting) is a state of the view, never an error.
 */
export class AlertsObserver {
  private readonly loop: PollingLoop;

  constructor(
    private readonly messaging: Messaging,
    private readonly report: (view: AlertsView) => void,
    private readonly options: AlertsObserverOptions = {},
  ) {
    this.loop = new PollingLoop(() => this.poll(), options.pollIntervalMs ?? 2000);
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async poll(): Promise<void> {
    try {
      const list = await this.messaging.publisher.request(
        Subjects.alertListQuery(),
        AlertListQuery,
        createMessage(AlertListQuery, {}),
        AlertList,
        { timeoutMs: this.options.requestTimeoutMs ?? 1500 },
      );
      this.report(alertsViewOf(list));
    } catch (error) {
      if (error instanceof NoRespondersError)
        this.report({ status: 'absent', firing: 0, suppressed: 0, latest: [] });
      // A timeout keeps the last counts: the manager is busy, not gone.
    }
  }
}
