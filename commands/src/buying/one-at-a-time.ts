/**
 * Runs work for the same key one after another in this process: a checkout's own confirmation
 * and the provider's webhook for it often arrive together, and taking them in turn keeps the
 * second from meeting the first half-way (every step is idempotent, so across processes the
 * deciders and the gate still keep the outcome right; this only spares wasted work and retries).
 */
export class OneAtATime {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.tails.set(key, next);
    const forget = () => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    };
    next.then(forget, forget);
    return next;
  }
}
