import { randomUUID } from 'node:crypto';
import { EventMetadata, Message } from '@marquee/domain';
import { EventToAppend } from '../event-store/event-store';

/** A domain event on its way into the store, stamped with who caused it and why. */
export function toEventToAppend(event: Message, metadata: EventMetadata, id: string = randomUUID()): EventToAppend {
  return { id, type: event.type, data: event.data, metadata };
}
