import { AdmissionRound, drawOrder, QueueStatus, WaitingRoomQueue } from './queue';

interface Entry {
  readonly entryId: string;
  readonly buyerKey: string;
  state: 'early' | 'waiting' | 'admitted' | 'expired';
  /** Place in line counted from the first buyer ever let in: the head's ticket is always `served`. */
  ticket: number;
  until: number;
  used: boolean;
}

interface EventQueue {
  readonly entries: Map<string, Entry>;
  readonly byBuyer: Map<string, string>;
  early: Entry[];
  /** Waiting entries in ticket order; `head` skips those already served without shifting the array. */
  readonly line: Entry[];
  head: number;
  drawn: boolean;
  served: number;
  givenBack: number;
}

/** The waiting room's queue in this process: one node, no Redis (the embedded default). */
export class MemoryWaitingRoomQueue implements WaitingRoomQueue {
  private readonly events = new Map<string, EventQueue>();

  async join(eventId: string, buyerKey: string, entryId: string, nowMs: number, opensAtMs: number): Promise<{ entryId: string; rejoined: boolean }> {
    const queue = this.queueOf(eventId);
    const existing = queue.entries.get(queue.byBuyer.get(buyerKey) ?? '');
    if (existing && existing.state !== 'expired') return { entryId: existing.entryId, rejoined: true };
    const entry: Entry = { entryId, buyerKey, state: 'waiting', ticket: queue.served + queue.line.length - queue.head, until: 0, used: false };
    queue.entries.set(entryId, entry);
    queue.byBuyer.set(buyerKey, entryId);
    if (!queue.drawn && nowMs < opensAtMs) {
      entry.state = 'early';
      queue.early.push(entry);
    } else {
      queue.line.push(entry);
    }
    return { entryId, rejoined: false };
  }

  async status(eventId: string, entryId: string): Promise<QueueStatus | null> {
    const queue = this.events.get(eventId);
    const entry = queue?.entries.get(entryId);
    if (!queue || !entry) return null;
    switch (entry.state) {
      case 'early':
        return { state: 'waiting', position: null, number: null };
      case 'waiting':
        return { state: 'waiting', position: entry.ticket - queue.served + 1, number: entry.ticket + 1 };
      case 'admitted':
        return { state: 'admitted', until: entry.until, used: entry.used };
      case 'expired':
        return { state: 'expired' };
    }
  }

  async buyerOf(eventId: string, entryId: string): Promise<string | null> {
    return this.events.get(eventId)?.entries.get(entryId)?.buyerKey ?? null;
  }

  async admit(eventId: string, nowMs: number, opensAtMs: number, allowed: number, admissionMs: number, drawSeed: number): Promise<AdmissionRound> {
    const queue = this.queueOf(eventId);
    if (!queue.drawn && nowMs >= opensAtMs) {
      // The early arrivals go ahead of everyone who came after the opening, in a drawn order.
      queue.line.splice(queue.head, 0, ...drawOrder(queue.early, drawSeed));
      for (let i = queue.head; i < queue.line.length; i++) {
        const entry = queue.line[i] as Entry;
        entry.state = 'waiting';
        entry.ticket = queue.served + i - queue.head;
      }
      queue.early = [];
      queue.drawn = true;
    }
    for (const entry of queue.entries.values()) {
      if (entry.state !== 'admitted' || entry.until > nowMs || entry.used) continue;
      entry.state = 'expired';
      queue.givenBack++;
    }
    const admitted: { entryId: string; buyerKey: string }[] = [];
    while (queue.served < allowed + queue.givenBack && queue.head < queue.line.length) {
      const entry = queue.line[queue.head++] as Entry;
      entry.state = 'admitted';
      entry.until = nowMs + admissionMs;
      queue.served++;
      admitted.push({ entryId: entry.entryId, buyerKey: entry.buyerKey });
    }
    if (queue.head > 1_024 && queue.head * 2 > queue.line.length) {
      queue.line.splice(0, queue.head);
      queue.head = 0;
    }
    return { admitted, served: queue.served, waiting: queue.line.length - queue.head + queue.early.length };
  }

  async markUsed(eventId: string, entryId: string): Promise<void> {
    const entry = this.events.get(eventId)?.entries.get(entryId);
    if (entry?.state === 'admitted') entry.used = true;
  }

  async activeEvents(): Promise<string[]> {
    return [...this.events.keys()];
  }

  async close(): Promise<void> {
    this.events.clear();
  }

  private queueOf(eventId: string): EventQueue {
    let queue = this.events.get(eventId);
    if (!queue) {
      queue = { entries: new Map(), byBuyer: new Map(), early: [], line: [], head: 0, drawn: false, served: 0, givenBack: 0 };
      this.events.set(eventId, queue);
    }
    return queue;
  }
}
