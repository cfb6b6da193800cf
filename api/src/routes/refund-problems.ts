import { RefundFailed } from '@marquee/commands';
import { HttpProblem } from '../http/problems';

/**
 * A refund the payment provider refused is the provider's answer, not the client's mistake:
 * 502 `refund-failed`, with the provider's code. The order is flagged and its tickets still valid;
 * the same request again (or the organizer's retry) makes a new attempt.
 */
export async function answeringRefundFailure<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof RefundFailed)) throw error;
    throw new HttpProblem({ status: 502, slug: 'refund-failed', detail: error.message, extras: { ...error.details } });
  }
}
