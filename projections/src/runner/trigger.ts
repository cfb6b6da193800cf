/**
 * A one-shot signal that waiting code can listen to and stop listening to. Promise.race against
 * a long-lived promise would keep one handler per wait for as long as the promise lives; a
 * runner waits once per event, so its signals must let go of listeners.
 */
export class Trigger {
  private readonly listeners = new Set<() => void>();
  private isFired = false;

  get fired(): boolean {
    return this.isFired;
  }

  fire(): void {
    if (this.isFired) return;
    this.isFired = true;
    for (const listener of [...this.listeners]) listener();
    this.listeners.clear();
  }

  /** Calls `listener` once when fired (at once if it already was); returns a function that stops listening. */
  on(listener: () => void): () => void {
    if (this.isFired) {
      listener();
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Waits `ms`, or less if `trigger` fires first. */
export function delay(ms: number, trigger?: Trigger): Promise<void> {
  return new Promise((resolve) => {
    // `on` calls back at once when the trigger already fired, before it returns its stopper,
    // so the stopper is read through this holder rather than a variable not yet assigned.
    const listening: { stop?: () => void } = {};
    const done = (): void => {
      clearTimeout(timer);
      listening.stop?.();
      resolve();
    };
    const timer = setTimeout(done, ms);
    listening.stop = trigger?.on(done);
  });
}
