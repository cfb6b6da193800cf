import { randomUUID } from 'node:crypto';
import { WaitingRoomQueue } from './queue';

const OPENS = Date.parse('2026-12-01T10:00:00.000Z');
const MINUTE = 60_000;

/**
 * What every waiting-room queue does, written once: the in-process one and the Redis one each run
 * it (`memory-queue.spec.ts`, `redis-queue.int.spec.ts`).
 */
export function describeWaitingRoomQueue(name: string, open: () => Promise<{ queue: WaitingRoomQueue; dispose: () => Promise<void> }>): void {
  describe(`${name} waiting-room queue`, () => {
    let queue: WaitingRoomQueue;
    let dispose: () => Promise<void>;
    let eventId: string;
    beforeEach(async () => {
      ({ queue, dispose } = await open());
      eventId = randomUUID();
    });
    afterEach(() => dispose());

    const join = (buyer: string, at: number) => queue.join(eventId, buyer, randomUUID(), at, OPENS);
    const admit = (at: number, allowed: number, seed = 42) => queue.admit(eventId, at, OPENS, allowed, 10 * MINUTE, seed);

    it('keeps one place per buyer', async () => {
      const first = await join('ada@example.com', OPENS + 1);
      const again = await join('ada@example.com', OPENS + 2);
      expect(again).toEqual({ entryId: first.entryId, rejoined: true });
      expect(await queue.buyerOf(eventId, first.entryId)).toBe('ada@example.com');
      expect(await queue.buyerOf(eventId, randomUUID())).toBeNull();
      expect(await queue.status(eventId, first.entryId)).toEqual({ state: 'waiting', position: 1, number: 1 });
    });

    it('queues arrivals after the opening in arrival order', async () => {
      const entries = [];
      for (let i = 0; i < 5; i++) entries.push((await join(`b${i}`, OPENS + i)).entryId);
      const positions = await Promise.all(entries.map((id) => queue.status(eventId, id)));
      expect(positions).toEqual([1, 2, 3, 4, 5].map((n) => ({ state: 'waiting', position: n, number: n })));
    });

    it('draws the early arrivals into a random order at the opening, all ahead of later ones', async () => {
      const early = [];
      for (let i = 0; i < 60; i++) early.push((await join(`early${i}`, OPENS - MINUTE + i)).entryId);
      expect(await queue.status(eventId, early[0] as string)).toEqual({ state: 'waiting', position: null, number: null });
      const late = (await join('late', OPENS + 5)).entryId;

      await admit(OPENS, 0);

      const numbers = await Promise.all(early.map(async (id) => ((await queue.status(eventId, id)) as { number: number }).number));
      expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(numbers).not.toEqual([...numbers].sort((a, b) => a - b)); // 1 chance in 60! of arrival order
      expect(await queue.status(eventId, late)).toEqual({ state: 'waiting', position: 61, number: 61 });
    });

    it('draws the same order from the same seed (a draw can be audited)', async () => {
      for (let i = 0; i < 20; i++) await join(`early${i}`, OPENS - MINUTE + i);
      const round = await admit(OPENS, 20, 7);
      const otherEvent = eventId;
      eventId = randomUUID();
      for (let i = 0; i < 20; i++) await join(`early${i}`, OPENS - MINUTE + i);
      const again = await admit(OPENS, 20, 7);
      expect(again.admitted.map((a) => a.buyerKey)).toEqual(round.admitted.map((a) => a.buyerKey));
      expect(otherEvent).not.toBe(eventId);
    });

    it('lets buyers in from the head as the schedule allows, and the others move up', async () => {
      const ids = [];
      for (let i = 0; i < 10; i++) ids.push((await join(`b${i}`, OPENS + i)).entryId);

      const first = await admit(OPENS + MINUTE, 3);
      expect(first.admitted.map((a) => a.buyerKey)).toEqual(['b0', 'b1', 'b2']);
      expect(first).toMatchObject({ served: 3, waiting: 7 });
      expect(await queue.status(eventId, ids[0] as string)).toEqual({ state: 'admitted', until: OPENS + 11 * MINUTE, used: false });
      expect(await queue.status(eventId, ids[5] as string)).toEqual({ state: 'waiting', position: 3, number: 6 });

      expect((await admit(OPENS + MINUTE, 3)).admitted).toEqual([]);
      const second = await admit(OPENS + 2 * MINUTE, 5);
      expect(second.admitted.map((a) => a.buyerKey)).toEqual(['b3', 'b4']);
      expect(second).toMatchObject({ served: 5, waiting: 5 });
    });

    it('gives the place of an admission that ran out unused to the next buyer, but not of one that was used', async () => {
      const ids = [];
      for (let i = 0; i < 4; i++) ids.push((await join(`b${i}`, OPENS + i)).entryId);
      await admit(OPENS, 2);
      await queue.markUsed(eventId, ids[0] as string);

      const later = await admit(OPENS + 11 * MINUTE, 2);

      expect(later.admitted.map((a) => a.buyerKey)).toEqual(['b2']);
      expect(await queue.status(eventId, ids[0] as string)).toEqual({ state: 'admitted', until: OPENS + 10 * MINUTE, used: true });
      expect(await queue.status(eventId, ids[1] as string)).toEqual({ state: 'expired' });
      const back = await join('b1', OPENS + 11 * MINUTE);
      expect(back.rejoined).toBe(false);
      expect(await queue.status(eventId, back.entryId)).toEqual({ state: 'waiting', position: 2, number: 5 });
    });

    it('lets nobody in before the opening, and answers unknown entries with null', async () => {
      await join('early', OPENS - 1_000);
      expect(await admit(OPENS - 1, 0)).toMatchObject({ admitted: [], served: 0, waiting: 1 });
      expect(await queue.status(eventId, randomUUID())).toBeNull();
    });

    it('gives 300 buyers joining at once 300 different numbers, and lists the event as active', async () => {
      const joined = await Promise.all(Array.from({ length: 300 }, (_, i) => join(`crowd${i}`, OPENS + 1)));
      const numbers = await Promise.all(joined.map(async ({ entryId }) => ((await queue.status(eventId, entryId)) as { number: number }).number));
      expect(new Set(numbers).size).toBe(300);
      expect(Math.max(...numbers)).toBe(300);
      expect(await queue.activeEvents()).toContain(eventId);
    });
  });
}
