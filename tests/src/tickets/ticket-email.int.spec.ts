import { generateTicketSigningKeyPem, orderReference } from '@marquee/commands';
import { defined } from '@marquee/testing';
import type { RunningMarquee } from '@marquee/api';
import { Api, eventually, newKey, sleep } from '../support/api';
import { startSibling, startTestMarquee, TestMarquee } from '../support/marquee';
import { createPublishedEvent, eventInput, Organizer, PublicEvent, signUp } from '../support/organizer';
import { expectProblem } from '../support/problem';
import { buy, qrTokensIn, ReceivedMail, smtpSink, ticketsMail, verifyWithPublishedKeys } from '../support/tickets';

/**
 * Tickets by e-mail, end to end: a real SMTP server on loopback receives what Marquee sends, the
 * PDF is taken out of the mail, its QR codes are read from the PDF's images, and the tokens are
 * verified against the keys the API publishes.
 */
describe('tickets by e-mail', () => {
  const signingKey = generateTicketSigningKeyPem();
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  let running: TestMarquee;
  let api: Api;
  let organizer: Organizer;
  let event: PublicEvent;
  const ticketOptions = () => ({ signingKey, mail: { smtpUrl: smtp.url }, mailFrom: 'Warehouse 9 <tickets@warehouse9.test>', sendEveryMs: 50 });

  /** The mails carrying an order's PDF (named after its reference). */
  const mailsOf = (orderId: string): ReceivedMail[] => smtp.messages.filter((mail) => ticketsMail(mail).pdfName === `tickets-${orderReference(orderId)}.pdf`);

  beforeAll(async () => {
    smtp = await smtpSink();
    running = await startTestMarquee('ticket_email', { tickets: ticketOptions() });
    api = running.api;
    organizer = await signUp(api, 'mailer');
    event = await createPublishedEvent(api, organizer, eventInput({ name: 'The Lanterns — Live' }));
  });
  afterAll(async () => {
    await running?.stop();
    await smtp?.close();
  });

  it('e-mails the buyer once, with the PDF attached, and every QR code in it is a token the published keys verify', async () => {
    const order = await buy(api, event.id, [{ ticketTypeId: 'general', quantity: 2 }], { email: 'ada@example.org', name: 'Ada Lovelace' });
    const mail = await eventually(() => {
      const mails = mailsOf(order.orderId);
      expect(mails).toHaveLength(1);
      return defined(mails[0]);
    });
    expect(mail.to).toEqual(['ada@example.org']);
    expect(mail.from).toBe('tickets@warehouse9.test');
    const { subject, pdf, text } = ticketsMail(mail);
    expect(subject).toBe('Your tickets for The Lanterns — Live');
    expect(text).toContain(`Your order reference is ${orderReference(order.orderId)}.`);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const tokens = qrTokensIn(pdf);
    expect(tokens).toHaveLength(2);
    const verdicts = await Promise.all(tokens.map((token) => verifyWithPublishedKeys(api, token ?? '', event.id)));
    expect(verdicts.map((verdict) => verdict.valid)).toEqual([true, true]);
    const claimed = verdicts.flatMap((verdict) => (verdict.valid ? [verdict.claims] : []));
    expect(claimed.map((claims) => claims.ticketId).sort()).toEqual(order.tickets.map((ticket) => ticket.ticketId).sort());
    expect(claimed.every((claims) => claims.orderId === order.orderId && 'ticketTypeId' in claims.admits && claims.admits.ticketTypeId === 'general')).toBe(true);

    // Nothing more arrives for it.
    await sleep(500);
    expect(mailsOf(order.orderId)).toHaveLength(1);
  });

  it('sends each order once while two processes share the outbox, and nothing again after a restart', async () => {
    const second: RunningMarquee = await startSibling(running, { tickets: ticketOptions() });
    let third: RunningMarquee | null = null;
    try {
      const secondApi = new Api(second.url);
      const orders = await Promise.all([api, secondApi, api, secondApi, api].map((through) => buy(through, event.id, [{ ticketTypeId: 'general', quantity: 1 }])));
      await eventually(() => {
        for (const order of orders) expect(mailsOf(order.orderId)).toHaveLength(1);
      }, { timeoutMs: 15_000 });

      await second.stop();
      third = await startSibling(running, { tickets: ticketOptions() });
      await sleep(1_000);
      for (const order of orders) expect(mailsOf(order.orderId)).toHaveLength(1);
      const before = smtp.messages.length;
      const late = await buy(new Api(third.url), event.id, [{ ticketTypeId: 'vip', quantity: 1 }]);
      await eventually(() => expect(mailsOf(late.orderId)).toHaveLength(1));
      expect(smtp.messages.length).toBe(before + 1);
    } finally {
      await second.stop();
      await third?.stop();
    }
  });

  it('sends the tickets again on the organizer\'s request, once per request even when the request is retried', async () => {
    const order = await buy(api, event.id, [{ ticketTypeId: 'general', quantity: 1 }]);
    await eventually(() => expect(mailsOf(order.orderId)).toHaveLength(1));
    const key = newKey('resend');
    const first = await api.post<{ requestId: string; status: string; to: string }>(`/api/v1/organizer/orders/${order.orderId}/resend-tickets`, undefined, { token: organizer.token, idempotencyKey: key });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'queued', to: 'grace.hopper@example.org' });
    const retried = await api.post<{ requestId: string }>(`/api/v1/organizer/orders/${order.orderId}/resend-tickets`, undefined, { token: organizer.token, idempotencyKey: key });
    expect(retried.status).toBe(202);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body.requestId).toBe(first.body.requestId);
    await eventually(() => expect(mailsOf(order.orderId)).toHaveLength(2));
    await sleep(500);
    expect(mailsOf(order.orderId)).toHaveLength(2);
    const mails = mailsOf(order.orderId).map(ticketsMail);
    const [firstMail, resent] = [defined(mails[0]), defined(mails[1])];
    expect(resent.messageId).not.toBe(firstMail.messageId);
    expect(qrTokensIn(resent.pdf)).toEqual(qrTokensIn(firstMail.pdf));
  });

  it('lets only the event\'s organizer ask, and refuses bad input', async () => {
    const order = await buy(api, event.id, [{ ticketTypeId: 'general', quantity: 1 }]);
    const stranger = await signUp(api, 'stranger');
    expectProblem(await api.post(`/api/v1/organizer/orders/${order.orderId}/resend-tickets`, undefined, { token: stranger.token }), 404, 'not-found');
    expectProblem(await api.post(`/api/v1/organizer/orders/${order.orderId}/resend-tickets`), 401, 'unauthorized');
    expectProblem(await api.post(`/api/v1/organizer/orders/${order.orderId}/resend-tickets`, undefined, { token: order.orderToken }), 401, 'unauthorized');
    expectProblem(await api.post('/api/v1/organizer/orders/not-a-uuid/resend-tickets', undefined, { token: organizer.token }), 400, 'validation-failed');
    expectProblem(await api.post('/api/v1/organizer/orders/00000000-0000-4000-8000-000000000000/resend-tickets', undefined, { token: organizer.token }), 404, 'not-found');
  });
});
