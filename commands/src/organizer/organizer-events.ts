import { randomUUID } from 'node:crypto';
import {
  availability, DomainError, EventCommand, eventDecider, EventNotFound, EventState, eventStreamName, InventoryCommand,
  InventoryState, SeatMap, seatStatus, TicketTypeExists,
} from '@marquee/domain';
import { CommandContext, metadataFor } from '../command-handling/command-context';
import { handleCommand } from '../command-handling/handle-command';
import { loadAggregate } from '../command-handling/load-aggregate';
import { toEventToAppend } from '../command-handling/event-envelope';
import { EventStore, NO_STREAM, WrongExpectedRevisionError } from '../event-store/event-store';
import { EventTerms } from '../buying/event-terms';
import { InventoryGates } from '../inventory-gate/inventory-gates';
import { openInventory } from '../inventory-gate/open-inventory';

export interface NewTicketType {
  readonly ticketTypeId?: string;
  readonly name: string;
  readonly price: number;
  readonly capacity: number;
}

/** An event as the organizer describes it: CreateEvent's data, minus what Marquee assigns. */
export type NewEvent = Omit<Extract<EventCommand, { type: 'CreateEvent' }>['data'], 'eventId' | 'organizerId' | 'now' | 'ticketTypes'> & {
  readonly ticketTypes: readonly NewTicketType[];
  readonly seatMap?: SeatMap;
};

/** What an organizer may change with one command; the inventory-derived fields are filled in here. */
export type OrganizerChange =
  | Exclude<EventCommand, { type: 'CreateEvent' | 'EditEventDetails' | 'ChangeTicketTypeCapacity' | 'PublishEvent' | 'CancelEvent' }>
  | { type: 'EditEventDetails'; data: Omit<Extract<EventCommand, { type: 'EditEventDetails' }>['data'], 'ticketsSoldSoFar'> }
  | { type: 'ChangeTicketTypeCapacity'; data: Omit<Extract<EventCommand, { type: 'ChangeTicketTypeCapacity' }>['data'], 'committed'> };

export class CurrencyLockedAfterPublish extends DomainError {
  constructor(eventId: string) {
    super('currency-locked-after-publish', 'the currency cannot change once tickets are on sale', { eventId });
  }
}

/**
 * The organizer's side of an event: its own stream (low contention, plain command handling) and,
 * once published, the inventory it sells from (through the gate). Ownership is checked on every
 * command: another organizer's event does not exist for you.
 */
export class OrganizerEvents {
  constructor(
    private readonly store: EventStore,
    private readonly gates: InventoryGates,
    private readonly terms: EventTerms,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(organizerId: string, input: NewEvent, context: CommandContext): Promise<{ eventId: string; revision: bigint }> {
    const eventId = randomUUID();
    const now = this.clock().toISOString();
    const ticketTypes = withTicketTypeIds(input.ticketTypes);
    const { venue, name, startsAt, endsAt, timezone, currency, holdMinutes, perOrderLimit } = input;
    // Created and given its seat map in one append: a refused seat map leaves no half-made event.
    const commands: EventCommand[] = [{
      type: 'CreateEvent',
      data: { eventId, organizerId, name, venue, startsAt, endsAt, timezone, currency, ticketTypes, now,
        ...(holdMinutes !== undefined ? { holdMinutes } : {}), ...(perOrderLimit !== undefined ? { perOrderLimit } : {}) },
    }];
    if (input.seatMap) commands.push({ type: 'AssignSeatMap', data: { seatMap: input.seatMap, now } });
    let state = eventDecider.initialState();
    const events = commands.flatMap((command) => {
      const decided = eventDecider.decide(command, state);
      state = decided.reduce(eventDecider.evolve, state);
      return decided;
    });
    const metadata = metadataFor(context, this.clock());
    const appended = await this.store.appendToStream(eventStreamName(eventId), events.map((event) => toEventToAppend(event, metadata)), { expectedRevision: NO_STREAM });
    return { eventId, revision: appended.nextExpectedRevision };
  }

  /** The event as its organizer sees it (EventNotFound for anyone else's). */
  async read(organizerId: string, eventId: string): Promise<{ state: Exclude<EventState, { status: 'None' }>; revision: bigint }> {
    const { state, revision } = await loadAggregate(this.store, eventDecider, eventStreamName(eventId));
    if (state.status === 'None' || state.organizerId !== organizerId) throw new EventNotFound();
    return { state, revision };
  }

  async change(organizerId: string, eventId: string, change: OrganizerChange, context: CommandContext, options: { expectedRevision?: bigint } = {}): Promise<{ revision: bigint }> {
    const { state } = await this.read(organizerId, eventId);
    const published = state.status === 'Published';
    if (published && change.type === 'ChangeTicketTypeCapacity') {
      // The inventory decides first: it alone knows, atomically, what is held and sold right now.
      await this.toInventory(eventId, { type: 'ChangeCapacity', data: { ticketTypeId: change.data.ticketTypeId, capacity: change.data.capacity, now: change.data.now } }, context);
    }
    const command = commandFor(change, state, published ? await this.inventoryState(eventId) : null);
    const handled = await handleCommand(this.store, eventDecider, eventStreamName(eventId), command, metadataFor(context, this.clock()), options);
    this.terms.forget(eventId);
    if (published && handled.state.status === 'Published') await this.followOnInventory(eventId, command, handled.state, context);
    return { revision: handled.nextExpectedRevision };
  }

  /**
   * Several changes from one request (a settings form): all are decided first against the event
   * as it is, so one refused change leaves nothing changed; then each is applied in turn.
   */
  async changeMany(organizerId: string, eventId: string, changes: readonly OrganizerChange[], context: CommandContext, options: { expectedRevision?: bigint } = {}): Promise<{ revision: bigint }> {
    const { state, revision } = await this.read(organizerId, eventId);
    if (options.expectedRevision !== undefined && options.expectedRevision !== revision) {
      throw new WrongExpectedRevisionError(eventStreamName(eventId), options.expectedRevision, revision);
    }
    const inventory = state.status === 'Published' ? await this.inventoryState(eventId) : null;
    let rehearsed: EventState = state;
    for (const change of changes) {
      for (const event of eventDecider.decide(commandFor(change, rehearsed, inventory), rehearsed)) rehearsed = eventDecider.evolve(rehearsed, event);
    }
    let latest = revision;
    for (const change of changes) latest = (await this.change(organizerId, eventId, change, context)).revision;
    return { revision: latest };
  }

  /** Puts the event on sale: the event stream says so, then its inventory opens. Safe to repeat. */
  async publish(organizerId: string, eventId: string, context: CommandContext): Promise<{ revision: bigint }> {
    await this.read(organizerId, eventId);
    const now = this.clock().toISOString();
    const handled = await handleCommand(this.store, eventDecider, eventStreamName(eventId), { type: 'PublishEvent', data: { now } }, metadataFor(context, this.clock()));
    this.terms.forget(eventId);
    await this.openInventory(eventId, handled.state, context);
    return { revision: handled.nextExpectedRevision };
  }

  /** Opens the inventory of a published event unless it is open already (publish may have been cut off). */
  async openInventory(eventId: string, state: EventState, context: CommandContext): Promise<void> {
    if (state.status === 'Published') await openInventory(this.gates, eventId, state, context, this.clock());
  }

  async pauseSales(organizerId: string, eventId: string, context: CommandContext): Promise<void> {
    await this.read(organizerId, eventId);
    await this.toInventory(eventId, { type: 'CloseInventory', data: { reason: 'paused', now: this.clock().toISOString() } }, context);
  }

  async resumeSales(organizerId: string, eventId: string, context: CommandContext): Promise<void> {
    await this.read(organizerId, eventId);
    await this.toInventory(eventId, { type: 'ReopenInventory', data: { now: this.clock().toISOString() } }, context);
  }

  /** Cancels the event and stops its sales; sold tickets stay sold until they are refunded. */
  async cancel(organizerId: string, eventId: string, reason: string, context: CommandContext): Promise<{ revision: bigint }> {
    const { state } = await this.read(organizerId, eventId);
    const handled = await handleCommand(this.store, eventDecider, eventStreamName(eventId), { type: 'CancelEvent', data: { reason, now: this.clock().toISOString() } }, metadataFor(context, this.clock()));
    this.terms.forget(eventId);
    if (state.status === 'Published' || (state.status === 'Cancelled' && state.publishedAt)) {
      await this.toInventory(eventId, { type: 'CloseInventory', data: { reason: 'event-cancelled', now: this.clock().toISOString() } }, context);
    }
    return { revision: handled.nextExpectedRevision };
  }

  async inventoryState(eventId: string): Promise<InventoryState> {
    return (await this.gates.forEvent(eventId).currentState()).state;
  }

  /** A published event's changes that the live stock must follow. */
  private async followOnInventory(eventId: string, command: EventCommand, state: EventState, context: CommandContext): Promise<void> {
    if (state.status !== 'Published') return;
    const now = this.clock().toISOString();
    switch (command.type) {
      case 'AddTicketType': {
        const { ticketTypeId, name, price, capacity } = command.data;
        await this.toInventory(eventId, { type: 'AddTicketType', data: { ticketTypeId, name, price, capacity, now } }, context, TicketTypeExists);
        return;
      }
      case 'RepriceTicketType':
        await this.toInventory(eventId, { type: 'RepriceTicketType', data: { ticketTypeId: command.data.ticketTypeId, price: command.data.price, now } }, context);
        return;
      case 'RetireTicketType':
        await this.stopSelling(eventId, command.data.ticketTypeId, context);
        return;
      case 'SetHoldMinutes':
        await this.toInventory(eventId, { type: 'ChangeHoldPolicy', data: { holdMinutes: command.data.holdMinutes, now } }, context);
        return;
      case 'SetOrderLimit':
        await this.toInventory(eventId, { type: 'ChangeHoldPolicy', data: { perOrderLimit: command.data.perOrderLimit, now } }, context);
        return;
      case 'SetSalesWindow': {
        const { opensAt, closesAt } = command.data;
        await this.toInventory(eventId, { type: 'ChangeSalesWindow', data: { ...(opensAt ? { opensAt } : {}), ...(closesAt ? { closesAt } : {}), now } }, context);
        return;
      }
      default:
        return;
    }
  }

  /** A retired type sells no more: GA capacity drops to what is committed, free seats are blocked. */
  private async stopSelling(eventId: string, ticketTypeId: string, context: CommandContext): Promise<void> {
    const inventory = await this.inventoryState(eventId);
    const type = availability(inventory).find((t) => t.ticketTypeId === ticketTypeId);
    if (!type) return;
    const now = this.clock().toISOString();
    if (type.seated) {
      const free = seatStatus(inventory).filter((s) => s.ticketTypeId === ticketTypeId && s.status === 'free').map((s) => s.seatId);
      if (free.length > 0) await this.toInventory(eventId, { type: 'BlockTickets', data: { seats: free, note: 'ticket type retired', now } }, context);
    } else {
      await this.toInventory(eventId, { type: 'ChangeCapacity', data: { ticketTypeId, capacity: type.held + type.sold + type.blocked, now } }, context);
    }
  }

  private async toInventory(eventId: string, command: InventoryCommand, context: CommandContext, alreadyDone?: new (...args: never[]) => DomainError): Promise<void> {
    const outcome = await this.gates.forEvent(eventId).submit(command, metadataFor(context, this.clock()));
    if (!outcome.accepted && !(alreadyDone && outcome.error instanceof alreadyDone)) throw outcome.error;
  }
}

/** The event command for an organizer's change, with what only the inventory knows filled in. */
function commandFor(change: OrganizerChange, state: EventState, inventory: InventoryState | null): EventCommand {
  switch (change.type) {
    case 'EditEventDetails':
      if (state.status === 'Published' && change.data.currency !== undefined && change.data.currency !== state.currency) throw new CurrencyLockedAfterPublish(state.eventId);
      return { type: 'EditEventDetails', data: { ...change.data, ticketsSoldSoFar: inventory ? sum(availability(inventory).map((t) => t.sold)) : 0 } };
    case 'ChangeTicketTypeCapacity':
      return { type: 'ChangeTicketTypeCapacity', data: { ...change.data, committed: inventory ? committedOf(inventory, change.data.ticketTypeId) : 0 } };
    default:
      return change;
  }
}

/** Ticket type ids are slugs of their names unless given, so seat maps can name them. */
function withTicketTypeIds(types: readonly NewTicketType[]): { ticketTypeId: string; name: string; price: number; capacity: number }[] {
  const used = new Set<string>();
  return types.map(({ ticketTypeId, name, price, capacity }) => {
    let id = ticketTypeId ?? (ticketTypeSlug(name) || 'tickets');
    for (let n = 2; used.has(id); n++) id = `${ticketTypeId ?? ticketTypeSlug(name)}-${n}`;
    used.add(id);
    return { ticketTypeId: id, name, price, capacity };
  });
}

/** `Early Bird (Standing)` → `early-bird-standing`: readable ids that seat maps and URLs can name. */
export function ticketTypeSlug(name: unknown): string {
  return typeof name === 'string' ? name.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) : '';
}

function committedOf(inventory: InventoryState, ticketTypeId: string): number {
  const type = availability(inventory).find((t) => t.ticketTypeId === ticketTypeId);
  return type ? type.held + type.sold + type.blocked : 0;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
