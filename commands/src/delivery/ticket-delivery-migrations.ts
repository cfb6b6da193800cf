import { Migration } from '../postgres/migrator';
import { CREATE_PROCESS_CHECKPOINTS } from '../processes/process-checkpoints';

export const TICKET_DELIVERY_COMPONENT = 'ticket-delivery';

/**
 * The outbox of ticket e-mails: one row per delivery, keyed by the delivery's id, so following the
 * log twice (two processes, a replay after a crash) still makes one row, and one e-mail.
 */
export const ticketDeliveryMigrations: Migration[] = [
  {
    version: 1,
    name: 'ticket e-mail outbox',
    sql: `${CREATE_PROCESS_CHECKPOINTS}
      CREATE TABLE ticket_deliveries (
        delivery_id text PRIMARY KEY,
        order_id text NOT NULL,
        reason text NOT NULL CHECK (reason IN ('issued', 'resend')),
        requested_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        claimed_until timestamptz,
        claim_token uuid,
        sent_at timestamptz,
        recipient text,
        message_id text,
        last_error text
      );
      CREATE INDEX ticket_deliveries_due ON ticket_deliveries (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX ticket_deliveries_order ON ticket_deliveries (order_id);
    `,
  },
];
