import { Decider } from '../shared/decider';
import { EventCommand } from './event-commands';
import { EventEvent, evolve } from './event-events';
import { EventState } from './event-state';
import { cancelEvent, createEvent, editEventDetails, publishEvent } from './decide-event-lifecycle';
import { assignSeatMap } from './decide-seat-map';
import { setEntryPolicy } from './decide-check-in-settings';
import { setFees, setHoldMinutes, setOrderLimit, setRefundPolicy, setSalesWindow, setTax, setWaitingRoom } from './decide-sales-settings';
import { addTicketType, changeTicketTypeCapacity, renameTicketType, repriceTicketType, retireTicketType } from './decide-ticket-types';

export function eventStreamName(eventId: string): string {
  return `event-${eventId}`;
}

export function decide(command: EventCommand, state: EventState): EventEvent[] {
  switch (command.type) {
    case 'CreateEvent':
      return createEvent(command, state);
    case 'EditEventDetails':
      return editEventDetails(command, state);
    case 'AddTicketType':
      return addTicketType(command, state);
    case 'RenameTicketType':
      return renameTicketType(command, state);
    case 'RepriceTicketType':
      return repriceTicketType(command, state);
    case 'ChangeTicketTypeCapacity':
      return changeTicketTypeCapacity(command, state);
    case 'RetireTicketType':
      return retireTicketType(command, state);
    case 'AssignSeatMap':
      return assignSeatMap(command, state);
    case 'SetHoldMinutes':
      return setHoldMinutes(command, state);
    case 'SetOrderLimit':
      return setOrderLimit(command, state);
    case 'SetSalesWindow':
      return setSalesWindow(command, state);
    case 'SetFees':
      return setFees(command, state);
    case 'SetTax':
      return setTax(command, state);
    case 'SetRefundPolicy':
      return setRefundPolicy(command, state);
    case 'SetWaitingRoom':
      return setWaitingRoom(command, state);
    case 'SetEntryPolicy':
      return setEntryPolicy(command, state);
    case 'PublishEvent':
      return publishEvent(command, state);
    case 'CancelEvent':
      return cancelEvent(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown command ${JSON.stringify(_exhaustive)}`);
    }
  }
}

export const eventDecider: Decider<EventCommand, EventEvent, EventState> = {
  initialState: () => ({ status: 'None' }),
  evolve,
  decide,
};
