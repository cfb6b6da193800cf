/**
 * Who caused an event and why: stored beside every event, it is what makes the audit trustworthy.
 * `actor` is `organizer:<userId>`, `buyer:<email>`, `device:<deviceId>` or `system:<process>`.
 */
export interface EventMetadata {
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: string;
  readonly occurredAt: string;
}
