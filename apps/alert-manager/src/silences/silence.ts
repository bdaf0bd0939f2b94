import type { SilenceState } from '@warden/contracts';
import type { Labels } from '../domain/labels';
import { matchesAll, type Matcher } from '../domain/matcher';

/** A time-bounded mute over every alert its matchers all match. */
export interface Silence {
  id: string;
  matchers: readonly Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  updatedAt: number;
}

export function silenceStateAt(silence: Pick<Silence, 'startsAt' | 'endsAt'>, now: number): SilenceState {
  if (now >= silence.endsAt) return 'expired';
  return now < silence.startsAt ? 'pending' : 'active';
}

/** The silences in force, by id; answers which of them mute a label set now. */
export class SilenceSet {
  private readonly silences = new Map<string, Silence>();

  put(silence: Silence): void {
    this.silences.set(silence.id, silence);
  }

  remove(id: string): void {
    this.silences.delete(id);
  }

  get(id: string): Silence | undefined {
    return this.silences.get(id);
  }

  all(): Silence[] {
    return [...this.silences.values()];
  }

  /** Ids of the active silences that match every label matcher; empty when the alert is not silenced. */
  mutedBy(labels: Labels, now: number): string[] {
    const ids: string[] = [];
    for (const silence of this.silences.values()) {
      if (silenceStateAt(silence, now) === 'active' && matchesAll(silence.matchers, labels))
        ids.push(silence.id);
    }
    return ids.sort();
  }
}
