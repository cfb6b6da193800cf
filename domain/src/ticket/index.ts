export * from './ticket-decider';
export * from './ticket-token-claims';
export * from './ticket-token-verdict';
export { base64url, fromBase64url, isUuid, packUuids, unpackUuids } from './packed-ids';
export * from './ticket-scans';
