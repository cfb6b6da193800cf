import { Migration } from '../postgres/migrator';

export const PAYMENTS_COMPONENT = 'payments';

export const paymentMigrations: Migration[] = [
  {
    version: 1,
    name: 'webhook inbox and checkouts awaiting payment',
    sql: `
      -- Each provider event handled once (ARCHITECTURE.md rule 4: webhooks are idempotent by the provider's event id).
      CREATE TABLE payment_webhook_events (
        provider text NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        claimed_until timestamptz,
        processed_at timestamptz,
        outcome text,
        PRIMARY KEY (provider, event_id)
      );
      -- Orders whose payment may still come: checked when their hold ends, so an abandoned
      -- checkout's intent is canceled and a payment that slipped through is settled.
      CREATE TABLE checkouts_awaiting_payment (
        order_id text PRIMARY KEY,
        event_id text NOT NULL,
        hold_id text NOT NULL,
        check_at timestamptz NOT NULL,
        claimed_until timestamptz
      );
      CREATE INDEX checkouts_awaiting_payment_due ON checkouts_awaiting_payment (check_at);
    `,
  },
];
