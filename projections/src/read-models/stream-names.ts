/** The id part of `<category>-<id>`: inventory-<eventId>, order-<orderId>, ticket-<ticketId>, event-<eventId>. */
export function idInStream(streamId: string, category: string): string {
  const prefix = `${category}-`;
  if (!streamId.startsWith(prefix)) throw new Error(`stream ${streamId} is not a ${category} stream`);
  return streamId.slice(prefix.length);
}
