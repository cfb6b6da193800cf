import { Checkout, PaymentIntent, SimulatedPaymentGateway } from '@marquee/commands';
import { Api, eventually, sleep } from './support/api';
import { checkout, holdOk, ReservationResponse } from './support/buying';
import { startTestMarquee, TestMarquee } from './support/marquee';
import { availabilityOf, createPublishedEvent, eventInput, Organizer, PublicEvent, signUp } from './support/organizer';
import { expectProblem } from './support/problem';

/** The simulated gateway, counting what it is asked to do: an expired hold must charge nothing. */
class CountingGateway extends SimulatedPaymentGateway {
  intentsCreated = 0;
  confirmAttempts = 0;

  override async createIntent(input: Parameters<SimulatedPaymentGateway['createIntent']>[0]): Promise<PaymentIntent> {
    this.intentsCreated++;
    return super.createIntent(input);
  }

  override async confirmIntent(intentId: string, input: { paymentMethod: string }): Promise<PaymentIntent> {
    this.confirmAttempts++;
    return super.confirmIntent(intentId, input);
  }
}

const MINUTE = 60_000;

// Both ways the read side runs: in the API's event loop, and in its own worker thread (`npm start`).
describe.each(['inline', 'worker'] as const)('hold expiry, read side %s (a movable clock, a 200 ms sweep)', (readSide) => {
  let now = new Date();
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  const gateway = new CountingGateway();
  let running: TestMarquee;
  let api: Api;
  let organizer: Organizer;
  let event: PublicEvent;

  beforeAll(async () => {
    running = await startTestMarquee(`hold_expiry_${readSide}`, { clock: () => now, holdSweepMs: 200, paymentGateway: gateway, readSide });
    api = running.api;
    organizer = await signUp(api, 'expiry');
    event = await createPublishedEvent(api, organizer, eventInput({ name: 'Expiry Night', holdMinutes: 10 }));
  });

  afterAll(async () => {
    await running?.stop();
  });

  const reservationOf = async (id: string) => (await api.get<ReservationResponse>(`/api/v1/reservations/${id}`)).body;

  it('gives an expired hold\'s tickets back within seconds of the clock passing expiresAt', async () => {
    const before = await availabilityOf(api, event.id);
    const held = await holdOk(api, event.id, { items: [{ ticketTypeId: 'general', quantity: 4 }] });
    expect(Date.parse(held.expiresAt)).toBe(now.getTime() + 10 * MINUTE);
    const whileHeld = { ...before, general: (before['general'] ?? 0) - 4 };
    await eventually(async () => expect(await availabilityOf(api, event.id)).toEqual(whileHeld));

    // Nine minutes in, nothing happens: the hold is still the buyer's.
    advance(9 * MINUTE);
    await sleep(600);
    expect((await reservationOf(held.reservationId)).status).toBe('held');
    expect(await availabilityOf(api, event.id)).toEqual(whileHeld);

    advance(2 * MINUTE); // 11 minutes after the hold
    await eventually(async () => expect(await availabilityOf(api, event.id)).toEqual(before), { timeoutMs: 5_000 });
    await eventually(async () => expect(await reservationOf(held.reservationId)).toMatchObject({ status: 'released', releaseReason: expect.stringMatching(/expir/) }));
  });

  it('releases an expired hold once the expiry schedule has seen it (here: after later activity on other streams)', async () => {
    // Narrows the failure above down: the sweep and the clock work; what is missing is the hold
    // reaching the schedule. A checkout writes order and ticket streams, which moves it on.
    const held = await holdOk(api, event.id, { items: [{ ticketTypeId: 'general', quantity: 2 }] });
    const other = await holdOk(api, event.id, { items: [{ ticketTypeId: 'general', quantity: 1 }] });
    expect((await checkout(api, other.reservationId)).status).toBe(200);
    await sleep(300);
    advance(11 * MINUTE);
    await eventually(async () => expect(await reservationOf(held.reservationId)).toMatchObject({ status: 'released', releaseReason: expect.stringMatching(/expir/) }), { timeoutMs: 5_000 });
  });

  it('refuses to check out a hold whose time ran out, charges nothing and places no order', async () => {
    const held = await holdOk(api, event.id, { items: [{ ticketTypeId: 'general', quantity: 1 }] });
    const { intentsCreated, confirmAttempts } = gateway;
    advance(10 * MINUTE + 1_000);

    const refused = await checkout(api, held.reservationId);
    expectProblem(refused, [409, 410], /^(hold-expired|hold-not-active)$/);
    const again = await checkout(api, held.reservationId, 'pm_card_visa');
    expectProblem(again, [409, 410], /^(hold-expired|hold-not-active)$/);
    expect(gateway.intentsCreated).toBe(intentsCreated);
    expect(gateway.confirmAttempts).toBe(confirmAttempts);

    // No order exists for it: not even its organizer finds one.
    expectProblem(await api.get(`/api/v1/orders/${Checkout.orderIdFor(held.reservationId)}`, { token: organizer.token }), 404, 'not-found');
    expect((await reservationOf(held.reservationId)).status).not.toBe('sold');
  });

  it('sells a hold paid a second before it expires, and a sold hold never returns to stock', async () => {
    const held = await holdOk(api, event.id, { items: [{ ticketTypeId: 'vip', quantity: 2 }] });
    await eventually(async () => expect((await reservationOf(held.reservationId)).status).toBe('held'));
    // Only this test buys VIP tickets, so their count is this hold's alone.
    await eventually(async () => expect((await availabilityOf(api, event.id))['vip']).toBe(8));
    advance(10 * MINUTE - 1_000);
    const paid = await checkout(api, held.reservationId);
    expect(paid.status).toBe(200);
    expect(paid.body.tickets).toHaveLength(2);

    advance(5 * MINUTE);
    await sleep(600);
    await eventually(async () => expect((await reservationOf(held.reservationId)).status).toBe('sold'));
    expect((await availabilityOf(api, event.id))['vip']).toBe(8);
  });
});
