import type { Notification } from '../projection';

/** One push per room and batch, however many of the batch's events touched it. */
export function distinctNotifications(notifications: readonly Notification[]): Notification[] {
  const seen = new Map<string, Notification>();
  for (const notification of notifications) {
    const key = [notification.kind, notification.eventId, notification.holdId ?? '', notification.orderId ?? ''].join('\u0000');
    if (!seen.has(key)) seen.set(key, notification);
  }
  return [...seen.values()];
}
