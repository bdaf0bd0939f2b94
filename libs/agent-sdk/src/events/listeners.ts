type Listener = (...args: never[]) => void;

/**
 * Typed listeners by event name. A listener that throws is reported to `onError` and does not keep the
 * others from hearing the event (an embedding program's bug must not stop an agent's lifecycle).
 */
export class Listeners<Events extends { [K in keyof Events]: Listener }> {
  private readonly byEvent = new Map<keyof Events, Set<Listener>>();

  constructor(private readonly onError: (error: unknown, event: keyof Events) => void) {}

  on<K extends keyof Events>(event: K, listener: Events[K]): () => void {
    const set = this.byEvent.get(event) ?? new Set<Listener>();
    this.byEvent.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    for (const listener of this.byEvent.get(event) ?? []) {
      try {
        (listener as (...values: Parameters<Events[K]>) => void)(...args);
      } catch (error) {
        this.onError(error, event);
      }
    }
  }
}
