import { randomUUID } from 'node:crypto';
import { CommandContext } from '../command-handling/command-context';
import { GateBusyError, GateConflictError } from '../inventory-gate/batching-gate';
import { InventoryGates } from '../inventory-gate/inventory-gates';
import { PaymentGateway } from '../payments/payment-gateway';
import { AwaitingPayment, AwaitingPayments } from './awaiting-payments';
import { OrderFulfilment, paymentOf } from './order-fulfilment';

export interface AbandonedCheckoutOptions {
  readonly sweepEveryMs?: number;
  /** How long a claimed row is this process's before another may try it. */
  readonly claimMs?: number;
  readonly maxPerSweep?: number;
  readonly clock?: () => Date;
  readonly onError?: (error: unknown) => void;
}

export type CheckOutcome = 'waiting' | 'ended' | 'canceled' | 'settled' | 'done';

/**
 * When a checkout's hold ends without a sale — it expired, or the buyer released it — its
 * payment intent is canceled, so the buyer can no longer pay for tickets they do not hold, and the
 * order ends with its hold. If the intent can no longer be canceled because the payment won the
 * race, the payment is settled like any other (the tickets re-held, or the money refunded): a lost
 * webhook therefore also ends here. Each checkout is looked at when its hold is due to end;
 * rows are claimed, so several processes may sweep, and every step is idempotent.
 */
export class AbandonedCheckouts {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;
  private readonly clock: () => Date;

  constructor(
    private readonly awaiting: AwaitingPayments,
    private readonly gates: InventoryGates,
    private readonly gateway: PaymentGateway,
    private readonly fulfilment: OrderFulfilment,
    private readonly options: AbandonedCheckoutOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  start(): this {
    this.scheduleNextSweep();
    return this;
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.sweeping;
  }

  async sweep(): Promise<Record<CheckOutcome, number>> {
    const rows = await this.awaiting.claimDue(this.clock(), this.options.claimMs ?? 30_000, this.options.maxPerSweep ?? 200);
    const context: CommandContext = { actor: 'system:abandoned-checkouts', correlationId: randomUUID() };
    const counts: Record<CheckOutcome, number> = { waiting: 0, ended: 0, canceled: 0, settled: 0, done: 0 };
    for (const row of rows) {
      try {
        counts[await this.check(row, { ...context, causationId: row.orderId })] += 1;
      } catch (error) {
        // A busy stream or an unreachable provider: the claim lapses and the next sweeps try again.
        if (!(error instanceof GateBusyError || error instanceof GateConflictError)) this.options.onError?.(error);
      }
    }
    return counts;
  }

  async check(row: AwaitingPayment, context: CommandContext): Promise<CheckOutcome> {
    const order = await this.fulfilment.load(row.orderId);
    if (order.status === 'Confirmed') {
      await this.fulfilment.completeConfirmed(order, context);
      return 'done';
    }
    if (order.status !== 'Placed') {
      await this.awaiting.remove(row.orderId);
      return 'done';
    }
    const { state } = await this.gates.forEvent(row.eventId).currentState();
    const holdId = order.payments.reheld?.holdId ?? order.holdId;
    const hold = state.status === 'NotOpened' ? undefined : state.holds.get(holdId);
    const ended = state.status === 'NotOpened' ? undefined : state.endedHolds.get(holdId);
    if (hold) {
      // Still held: look again when it is due, or (due already) at the next sweep, once the expiry process has released it.
      await this.awaiting.postpone(row.orderId, new Date(Math.max(hold.expiresAtMs, this.clock().getTime())));
      return 'waiting';
    }
    const intentId = order.payments.intent?.id;
    if (!intentId) {
      await this.fulfilment.endUnpaid(row.orderId, ended?.outcome === 'released' ? ended.reason : 'ended', context);
      return 'ended';
    }
    const intent = ended?.outcome === 'sold' ? await this.gateway.retrieveIntent(intentId) : await this.gateway.cancelIntent(intentId);
    if (intent.status === 'canceled') {
      await this.fulfilment.endUnpaid(row.orderId, ended?.outcome === 'released' ? ended.reason : 'ended', context);
      return 'canceled';
    }
    if (intent.status === 'succeeded') {
      await this.fulfilment.settle(row.orderId, paymentOf(intent), context);
      return 'settled';
    }
    // Processing at the provider: its outcome arrives as a webhook; look again in a minute.
    await this.awaiting.postpone(row.orderId, new Date(this.clock().getTime() + 60_000));
    return 'waiting';
  }

  private scheduleNextSweep(): void {
    this.timer = setTimeout(() => {
      this.sweeping = this.sweep()
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          this.sweeping = null;
          if (this.timer) this.scheduleNextSweep();
        });
    }, this.options.sweepEveryMs ?? 5_000);
  }
}
