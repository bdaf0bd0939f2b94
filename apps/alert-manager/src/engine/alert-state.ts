import type { AlertingConfig } from '../config/alerting-config';
import type { AlertRecord } from '../domain/alert';
import type { MuteState } from '../domain/alert-view';
import { isResolved } from '../domain/alert';
import type { IncidentRecord } from '../incidents/incident-record';
import { InhibitionIndex } from '../inhibition/inhibition-index';
import { SilenceSet, type Silence } from '../silences/silence';
import { RecordMap } from '../store/record-map';

/**
 * What every replica knows, mirrored from the buckets: alerts, silences and incidents. Answers which
 * alerts are muted and why; the sender reads its alerts from here too.
 */
export class AlertState {
  readonly alerts = new RecordMap<AlertRecord>();
  readonly silenceRecords = new RecordMap<Silence>();
  readonly incidents = new RecordMap<IncidentRecord>();
  readonly silences = new SilenceSet();

  constructor(readonly config: AlertingConfig) {
    this.silenceRecords.listen((id, silence) => {
      if (silence) this.silences.put(silence);
      else this.silences.remove(id);
    });
  }

  /** Silences and inhibitions as of `now`, over every alert: one index build, then a look-up per alert. */
  muteStates(now: number): (alert: AlertRecord) => MuteState {
    const index = new InhibitionIndex(
      this.config.inhibitRules,
      this.config.topologyInhibition,
      this.alerts.values(),
      now,
    );
    const explainers = this.firingTopologyPatterns(now);
    return (alert) => {
      if (isResolved(alert, now)) return { silencedBy: [], inhibitedBy: [] };
      const inhibitedBy = index.inhibitorsOf(alert);
      const explainer = alert.explainedBy === undefined ? undefined : explainers.get(alert.explainedBy);
      if (explainer !== undefined && explainer !== alert.fingerprint && !inhibitedBy.includes(explainer))
        inhibitedBy.push(explainer);
      return { silencedBy: this.silences.mutedBy(alert.labels, now), inhibitedBy };
    };
  }

  /** pattern id → fingerprint of its firing alert, for patterns whose alerts fold the failures they explain. */
  private firingTopologyPatterns(now: number): Map<string, string> {
    const found = new Map<string, string>();
    const { enabled, patterns } = this.config.topologyInhibition;
    if (!enabled) return found;
    for (const alert of this.alerts.values()) {
      const patternId = alert.labels.pattern_id;
      if (patternId !== undefined && patterns.includes(alert.labels.pattern ?? '') && !isResolved(alert, now))
        found.set(patternId, alert.fingerprint);
    }
    return found;
  }
}
