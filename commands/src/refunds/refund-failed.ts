import { DomainError } from '@marquee/domain';

/**
 * The provider refused the refund. Recorded on the order (RefundFailed: the order is flagged for
 * its organizer) and nothing else happened: the tickets are still valid and on the order.
 * Retrying the refund makes a new attempt.
 */
export class RefundFailed extends DomainError {
  constructor(orderId: string, refundRequestId: string, readonly code: string, providerMessage: string) {
    super('refund-failed', `the payment provider refused refund ${refundRequestId} of order ${orderId} (${code}: ${providerMessage}); the tickets stay valid and the order is flagged — retry the refund`, {
      orderId, refundRequestId, code,
    });
  }
}
