export { organizerDecider, organizerStreamName } from './organizer-decider';
export type {
  ConnectPayoutAccount, DisconnectPayoutAccount, OrganizerCommand, OrganizerEvent, OrganizerState, PayoutAccount, PayoutAccountConnected,
  PayoutAccountDisconnected, PayoutProvider,
} from './organizer-decider';
