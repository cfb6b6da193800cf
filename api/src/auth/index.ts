export { authPlugin } from './auth-plugin';
export type { AuthOptions } from './auth-plugin';
export type { AuthRoutesOptions, LoginRateLimit } from './auth-routes';
export { authenticationPlugin, requireOrganizer } from './authenticate';
export type { AuthenticationOptions, AuthHook } from './authenticate';
export { AUTH_COMPONENT, authMigrations } from './auth-migrations';
export { hashPassword, verifyPassword } from './passwords';
export { SESSION_ISSUER, SESSION_TTL_SECONDS, signSessionToken, verifySessionToken } from './session-tokens';
export type { AuthenticatedOrganizer, SessionSecret, SignOptions } from './session-tokens';
