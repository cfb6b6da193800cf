import { randomInt, randomUUID } from 'node:crypto';
import type { EventTerms } from '@marquee/commands';
import { admissionsAllowed, estimatedWaitMs, WaitingRoom } from '@marquee/domain';
import { HttpProblem } from '../http/problems';
import { AdmissionTokens } from './admission-tokens';
import { AdmissionRound, WaitingRoomQueue } from './queue';

/** What a buyer sees of their place in the queue (`queueTicketId` is the queue entry). */
export interface QueueTicketView {
  readonly queueTicketId: string;
  readonly eventId: string;
  readonly state: 'waiting' | 'admitted' | 'expired';
  /** 1 is next; null before the opening draw. */
  readonly position: number | null;
  /** The number on the queue ticket: position = number − served (pushed live as `served`). */
  readonly number: number | null;
  readonly estimatedWaitSeconds: number | null;
  readonly opensAt: string;
  readonly admissionToken?: string;
  readonly admittedUntil?: string;
}

/** `email:<address>` (one place per email) or `device:<key>` (per device, when no email is asked). */
export function buyerKeyOf(identity: { readonly email?: string; readonly deviceKey?: string }): string {
  return identity.email !== undefined ? `email:${identity.email.trim().toLowerCase()}` : `device:${identity.deviceKey ?? ''}`;
}

/**
 * An event's waiting room: buyers join a queue, the admission rounds let them in at the room's
 * rate, and the reservation endpoint asks an admitted buyer's token while the room is on.
 */
export class WaitingRoomService {
  constructor(
    private readonly queue: WaitingRoomQueue,
    private readonly terms: EventTerms,
    private readonly tokens: AdmissionTokens,
    private readonly clock: () => Date,
  ) {}

  async join(eventId: string, buyerKey: string): Promise<{ view: QueueTicketView; rejoined: boolean }> {
    const room = await this.roomOf(eventId);
    const { entryId, rejoined } = await this.queue.join(eventId, buyerKey, randomUUID(), this.clock().getTime(), Date.parse(room.opensAt));
    return { view: await this.viewOf(eventId, entryId, room), rejoined };
  }

  async status(eventId: string, queueTicketId: string): Promise<QueueTicketView> {
    return this.viewOf(eventId, queueTicketId, await this.roomOf(eventId));
  }

  /** One admission round for an event (null when its room is off); any process may run it. */
  async admitRound(eventId: string): Promise<AdmissionRound | null> {
    const event = await this.terms.of(eventId);
    const room = event.status === 'Published' ? event.waitingRoom : undefined;
    if (!room) return null;
    const now = this.clock().getTime();
    return this.queue.admit(eventId, now, Date.parse(room.opensAt), admissionsAllowed(room, now), room.admissionMinutes * 60_000, randomInt(1, 2 ** 31 - 1));
  }

  activeEvents(): Promise<string[]> {
    return this.queue.activeEvents();
  }

  /**
   * While the event's room is on, a hold needs the token of an admission for this event, still
   * running, given to whoever holds (the same email when they queued by email).
   */
  async checkAdmission(eventId: string, token: string | undefined, buyerEmail: string): Promise<void> {
    const event = await this.terms.of(eventId);
    if (event.status !== 'Published' || !event.waitingRoom) return;
    const queue = `/api/v1/events/${eventId}/queue`;
    if (!token) {
      throw new HttpProblem({ status: 403, slug: 'admission-required', detail: 'this event lets buyers in through a waiting room: join the queue, then hold with the Admission-Token it gives you', extras: { queue } });
    }
    const admission = await this.tokens.verify(token, this.clock().getTime());
    const wrongBuyer = admission?.buyerKey.startsWith('email:') && admission.buyerKey !== buyerKeyOf({ email: buyerEmail });
    if (!admission || admission.eventId !== eventId || wrongBuyer) {
      throw new HttpProblem({ status: 403, slug: 'admission-invalid', detail: 'the Admission-Token is not valid for this event and buyer, or its time is up: join the queue again', extras: { queue } });
    }
    await this.queue.markUsed(eventId, admission.entryId);
  }

  private async roomOf(eventId: string): Promise<WaitingRoom> {
    const event = await this.terms.of(eventId);
    if (event.status !== 'Published') throw new HttpProblem({ status: 404, slug: 'not-found', detail: `there is no published event ${eventId}` });
    if (!event.waitingRoom) throw new HttpProblem({ status: 409, slug: 'no-waiting-room', detail: 'this event has no waiting room: buyers hold tickets directly' });
    return event.waitingRoom;
  }

  private async viewOf(eventId: string, entryId: string, room: WaitingRoom): Promise<QueueTicketView> {
    const status = await this.queue.status(eventId, entryId);
    if (!status) throw new HttpProblem({ status: 404, slug: 'not-found', detail: `there is no queue ticket ${entryId} for event ${eventId}` });
    const base = { queueTicketId: entryId, eventId, opensAt: room.opensAt };
    const now = this.clock().getTime();
    switch (status.state) {
      case 'waiting':
        return {
          ...base, state: 'waiting', position: status.position, number: status.number,
          estimatedWaitSeconds: Math.ceil(estimatedWaitMs(room, status.position ?? 1, now) / 1_000),
        };
      case 'admitted': {
        const buyerKey = (await this.queue.buyerOf(eventId, entryId)) ?? '';
        const admissionToken = status.until > now ? await this.tokens.sign({ eventId, entryId, buyerKey }, status.until) : undefined;
        return {
          ...base, state: admissionToken ? 'admitted' : 'expired', position: null, number: null, estimatedWaitSeconds: null,
          ...(admissionToken ? { admissionToken, admittedUntil: new Date(status.until).toISOString() } : {}),
        };
      }
      case 'expired':
        return { ...base, state: 'expired', position: null, number: null, estimatedWaitSeconds: null };
    }
  }
}
