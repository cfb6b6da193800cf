export { InvalidTicketSigningKey, generateTicketSigningKeyPem, keyIdOf, parseTicketSigningKey, publicJwkOf, TICKET_TOKEN_ALGORITHM } from './ticket-keys';
export type { PublishedTicketKey, TicketKeySet } from './ticket-keys';
export { TicketKeyRing, validityOf } from './ticket-key-ring';
export type { TicketKeyRingOptions } from './ticket-key-ring';
export { ticketKeyMigrations, TICKET_KEYS_COMPONENT } from './ticket-key-migrations';
export { TicketSigner } from './ticket-signer';
export type { TicketSigningKey } from './ticket-signer';
export { TicketVerificationKeys, verifyTicketToken } from './verify-ticket-token';
