import { Decider } from '../shared/decider';
import { InventoryCommand } from './inventory-commands';
import { InventoryEvent } from './inventory-events';
import { evolveInventory, initialInventoryState, InventoryState } from './inventory-state';
import { hold, release, returnTickets, sell } from './decide-sales';
import {
  addTicketType, block, changeCapacity, changeHoldPolicy, changeSalesWindow, close, open, reopen, reprice, unblock,
} from './decide-organizer';

export const inventoryStreamName = (eventId: string): string => `inventory-${eventId}`;

export function decideInventory(command: InventoryCommand, state: InventoryState): InventoryEvent[] {
  switch (command.type) {
    case 'OpenInventory': return open(command, state);
    case 'HoldTickets': return hold(command, state);
    case 'ReleaseHold': return release(command, state);
    case 'SellHold': return sell(command, state);
    case 'ReturnTickets': return returnTickets(command, state);
    case 'BlockTickets': return block(command, state);
    case 'UnblockTickets': return unblock(command, state);
    case 'ChangeCapacity': return changeCapacity(command, state);
    case 'AddTicketType': return addTicketType(command, state);
    case 'RepriceTicketType': return reprice(command, state);
    case 'ChangeSalesWindow': return changeSalesWindow(command, state);
    case 'ChangeHoldPolicy': return changeHoldPolicy(command, state);
    case 'CloseInventory': return close(command, state);
    case 'ReopenInventory': return reopen(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown inventory command ${JSON.stringify(_exhaustive)}`);
    }
  }
}

/** One per event: the hot stream every buyer of an on-sale writes to, through the batching gate. */
export const inventoryDecider: Decider<InventoryCommand, InventoryEvent, InventoryState> = {
  initialState: initialInventoryState,
  evolve: evolveInventory,
  decide: decideInventory,
};
