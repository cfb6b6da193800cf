import { EventState, inventoryOpeningFrom } from '@marquee/domain';
import { CommandContext, metadataFor } from '../command-handling/command-context';
import { InventoryGates } from './inventory-gates';

/**
 * Opens a published event's inventory unless it is open already: publishing does it, and a hold
 * on an event whose publish was cut off before this step does it again.
 */
export async function openInventory(gates: InventoryGates, eventId: string, event: EventState, context: CommandContext, now: Date): Promise<void> {
  const outcome = await gates.forEvent(eventId).submit({ type: 'OpenInventory', data: inventoryOpeningFrom(event, now.toISOString()) }, metadataFor(context, now));
  if (!outcome.accepted && outcome.error.rule !== 'inventory-already-open') throw outcome.error;
}
