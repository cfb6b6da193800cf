import { Api, eventually, newKey } from './support/api';
import { hold, HoldResponse } from './support/buying';
import { startTestMarquee, TestMarquee } from './support/marquee';
import { availabilityOf, createPublishedEvent, eventInput, Organizer, PublicEvent, signUp, smallSeatMap } from './support/organizer';
import { expectProblem } from './support/problem';

interface SeatsResponse {
  readonly eventId: string;
  readonly seats: readonly { seatId: string; label: string; ticketTypeId: string; status: string; holdId: string | null }[];
}

describe('many buyers, one seat: no oversell, ever', () => {
  let running: TestMarquee;
  let api: Api;
  let organizer: Organizer;
  let seated: PublicEvent;

  beforeAll(async () => {
    running = await startTestMarquee('seat_race');
    api = running.api;
    organizer = await signUp(api, 'race');
    seated = await createPublishedEvent(api, organizer, eventInput({
      name: 'Chamber Concert',
      ticketTypes: [{ id: 'stalls', name: 'Stalls', price: 4_500, capacity: 0 }],
      seatMap: smallSeatMap('stalls', 2, 5),
    }));
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('shows the seat map with every seat free', async () => {
    expect(seated.seated).toBe(true);
    expect(seated.ticketTypes).toEqual([{ id: 'stalls', name: 'Stalls', price: 4_500, available: 10 }]);
    const map = await api.get<SeatsResponse>(`/api/v1/events/${seated.id}/seats`);
    expect(map.status).toBe(200);
    expect(map.body.seats).toHaveLength(10);
    expect(map.body.seats.every((s) => s.status === 'free')).toBe(true);
  });

  it('gives one seat to exactly one of 100 concurrent buyers; the other 99 get 409 sold-out', async () => {
    const seatId = 'stalls-A-3';
    const responses = await Promise.all(Array.from({ length: 100 }, (_, i) =>
      hold(api, seated.id, { seats: [seatId], buyer: { email: `buyer${i}@example.org`, name: `Buyer ${i}` } }, newKey(`race-${i}`))));

    const winners = responses.filter((r) => r.status === 201);
    const losers = responses.filter((r) => r.status !== 201);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(99);
    for (const loser of losers) {
      const problem = expectProblem(loser, 409, 'sold-out');
      expect(problem['seatId']).toBe(seatId);
    }
    const winner = winners[0]?.body as HoldResponse;
    expect(winner.seats).toEqual([expect.objectContaining({ seatId, ticketTypeId: 'stalls' })]);

    await eventually(async () => {
      const map = await api.get<SeatsResponse>(`/api/v1/events/${seated.id}/seats`);
      expect(map.status).toBe(200);
      const seat = map.body.seats.find((s) => s.seatId === seatId);
      expect(seat).toMatchObject({ status: 'held', holdId: winner.reservationId });
      expect(map.body.seats.filter((s) => s.status !== 'free').map((s) => s.seatId)).toEqual([seatId]);
    });
    await eventually(async () => expect(await availabilityOf(api, seated.id)).toEqual({ stalls: 9 }));
  });

  it('refuses a seat already held, a duplicate seat in one request, and holds several free seats at once', async () => {
    expectProblem(await hold(api, seated.id, { seats: ['stalls-A-3'] }), 409, 'sold-out');
    expectProblem(await hold(api, seated.id, { seats: ['stalls-B-1', 'stalls-B-1'] }), 422, 'invalid-input');
    const pair = await hold(api, seated.id, { seats: ['stalls-B-1', 'stalls-B-2'] });
    expect(pair.status).toBe(201);
    expect(pair.body.seats.map((s) => s.seatId).sort()).toEqual(['stalls-B-1', 'stalls-B-2']);
    // All or nothing: one taken seat fails the whole request and holds none of the others.
    expectProblem(await hold(api, seated.id, { seats: ['stalls-B-3', 'stalls-B-2'] }), 409, 'sold-out');
    await eventually(async () => {
      const map = await api.get<SeatsResponse>(`/api/v1/events/${seated.id}/seats`);
      expect(map.body.seats.find((s) => s.seatId === 'stalls-B-3')?.status).toBe('free');
      expect(await availabilityOf(api, seated.id)).toEqual({ stalls: 7 });
    });
  });

  it('sells exactly the capacity of a general-admission type to 60 concurrent buyers', async () => {
    const ga = await createPublishedEvent(api, organizer, eventInput({ name: 'Small Club', ticketTypes: [{ id: 'door', name: 'Door', price: 1_500, capacity: 10 }] }));
    const responses = await Promise.all(Array.from({ length: 60 }, (_, i) =>
      hold(api, ga.id, { items: [{ ticketTypeId: 'door', quantity: 1 }], buyer: { email: `fan${i}@example.org`, name: `Fan ${i}` } })));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(10);
    const refused = responses.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(50);
    for (const response of refused) expectProblem(response, 409, 'sold-out');
    await eventually(async () => expect(await availabilityOf(api, ga.id)).toEqual({ door: 0 }));
  });
});
