import { EventMetadata } from '@marquee/domain';

/** Who asks and on behalf of which request: becomes every event's metadata, for the audit. */
export interface CommandContext {
  /** `organizer:<id>`, `buyer:<email>`, `device:<id>` or `system:<process>`. */
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId?: string;
}

export function metadataFor(context: CommandContext, now: Date): EventMetadata {
  return { correlationId: context.correlationId, causationId: context.causationId ?? context.correlationId, actor: context.actor, occurredAt: now.toISOString() };
}
