import { AlertList, AlertListQuery, Subjects, createMessage } from '@warden/contracts';
import { NoRespondersError, type Messaging } from '@warden/messaging';
import { alertsViewOf, type AlertsView } from './alerts-view';

export interface AlertsObserverOptions {
  pollIntervalMs?: number;
  requestTimeoutMs?: number;
}

/**
 * Polls the alert manager's alert list over request/reply for the live view. An alert manager that does
 * not answer (not built, still starting) is a state of the view, never an error.
 */
export class AlertsObserver {
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;

  constructor(
    private readonly messaging: Messaging,
    private readonly report: (view: AlertsView) => void,
    private readonly options: AlertsObserverOptions = {},
  ) {}

  start(): void {
    this.pollOnce();
    this.timer = setInterval(() => this.pollOnce(), this.options.pollIntervalMs ?? 2000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.polling;
  }

  private pollOnce(): void {
    if (this.polling) return;
    this.polling = this.poll().finally(() => (this.polling = undefined));
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
