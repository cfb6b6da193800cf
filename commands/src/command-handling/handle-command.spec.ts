import { randomUUID } from 'node:crypto';
import { DomainError, EventCommand, eventDecider, eventStreamName } from '@marquee/domain';
import { ANY, AppendResult, EventToAppend, ExpectedRevision, WrongExpectedRevisionError } from '../event-store/event-store';
import { MemoryEventStore } from '../event-store/memory/memory-event-store';
import { ConcurrencyRetriesExhausted, handleCommand } from './handle-command';

const NOW = '2026-11-24T12:00:00Z';
const meta = () => ({ correlationId: randomUUID(), causationId: randomUUID(), actor: 'organizer:u1', occurredAt: NOW });
const create = (eventId: string): EventCommand => ({
  type: 'CreateEvent',
  data: {
    eventId, organizerId: 'org-1', name: 'Night Shift', venue: { name: 'The Roundhouse' }, startsAt: '2027-02-01T19:00:00Z',
    endsAt: '2027-02-01T23:00:00Z', timezone: 'Europe/London', currency: 'GBP', ticketTypes: [{ ticketTypeId: 'ga', name: 'GA', price: 2_500, capacity: 300 }], now: NOW,
  },
});
const rename = (name: string): EventCommand => ({ type: 'EditEventDetails', data: { name, ticketsSoldSoFar: 0, now: NOW } });

/** A store where someone else appends to the stream just before each of our first `times` appends. */
class InterloperStore extends MemoryEventStore {
  appends = 0;
  private times = 0;
  constructor(private readonly interloper: () => EventToAppend) {
    super();
  }
  interfere(times: number): void {
    this.times = times;
  }
  override async appendToStream(stream: string, events: readonly EventToAppend[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    this.appends++;
    if (this.times-- > 0) await super.appendToStream(stream, [this.interloper()], { expectedRevision: ANY });
    return super.appendToStream(stream, events, options);
  }
}

const interloperEdit = () => ({ id: randomUUID(), type: 'EventDetailsEdited', data: { eventId: 'e', venue: { name: 'Elsewhere' }, editedAt: NOW }, metadata: meta() });

it('creates a stream and appends what the decider decided, at the revision it decided on', async () => {
  const store = new MemoryEventStore();
  const handled = await handleCommand(store, eventDecider, eventStreamName('e1'), create('e1'), meta());
  expect(handled.events.map((e) => e.type)).toEqual(['EventCreated', 'TicketTypeAdded']);
  expect(handled.nextExpectedRevision).toBe(1n);
  expect(handled.state).toMatchObject({ status: 'Draft', name: 'Night Shift' });
  expect((await store.readStream(eventStreamName('e1'))).map((e) => (e.metadata as { actor: string }).actor)).toEqual(['organizer:u1', 'organizer:u1']);
});

it('a broken rule throws and appends nothing', async () => {
  const store = new MemoryEventStore();
  await handleCommand(store, eventDecider, eventStreamName('e1'), create('e1'), meta());
  await expect(handleCommand(store, eventDecider, eventStreamName('e1'), create('e1'), meta())).rejects.toMatchObject({ rule: 'event-already-exists' });
  await expect(handleCommand(store, eventDecider, eventStreamName('e1'), rename(''), meta())).rejects.toBeInstanceOf(DomainError);
  expect(await store.readStream(eventStreamName('e1'))).toHaveLength(2);
});

it('a command that changes nothing appends nothing', async () => {
  const store = new MemoryEventStore();
  await handleCommand(store, eventDecider, eventStreamName('e1'), create('e1'), meta());
  const handled = await handleCommand(store, eventDecider, eventStreamName('e1'), rename('Night Shift'), meta());
  expect(handled.events).toEqual([]);
  expect(await store.readStream(eventStreamName('e1'))).toHaveLength(2);
});

it('when another writer got in first, it loads again and decides on the new state', async () => {
  const store = new InterloperStore(interloperEdit);
  await handleCommand(store, eventDecider, eventStreamName('e1'), create('e1'), meta());
  store.interfere(2);
  const handled = await handleCommand(store, eventDecider, eventStreamName('e1'), rename('Night Shift II'), meta());
  // One append to create, then two that lost to the interloper and a third that won.
  expect(store.appends).toBe(1 + 3);
  expect(handled.nextExpectedRevision).toBe(4n);
  expect(handled.state).toMatchObject({ name: 'Night Shift II', venue: { name: 'Elsewhere' } });
});

it('gives up after its attempts when the stream never stops changing', async () => {
  const store = new InterloperStore(interloperEdit);
  await handleCommand(store, eventDecider, eventStreamName('e1'), create('e1'), meta());
  store.interfere(100);
  await expect(handleCommand(store, eventDecider, eventStreamName('e1'), rename('X'), meta(), { maxAttempts: 3 })).rejects.toBeInstanceOf(ConcurrencyRetriesExhausted);
});

it('an If-Match revision the stream has moved past is refused, never retried over', async () => {
  const store = new MemoryEventStore();
  await handleCommand(store, eventDecider, eventStreamName('e1'), create('e1'), meta());
  await handleCommand(store, eventDecider, eventStreamName('e1'), rename('Second'), meta(), { expectedRevision: 1n });
  await expect(handleCommand(store, eventDecider, eventStreamName('e1'), rename('Stale'), meta(), { expectedRevision: 1n }))
    .rejects.toMatchObject({ constructor: WrongExpectedRevisionError, actualRevision: 2n });
  expect(await store.readStream(eventStreamName('e1'))).toHaveLength(3);
});
