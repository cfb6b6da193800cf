export { loadConfig } from './config';
export type { Config, LogLevel, StripeConfig } from './config';
export { ConfigError } from './config-error';
export { loadOrCreateSecret } from './secret-file';
export type { AppleWalletSettings, GoogleWalletSettings, TicketsConfig } from './tickets-config';
export { loadOrCreateTicketSigningKey } from './ticket-signing-key-file';
