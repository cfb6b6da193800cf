export { loadConfig } from './config';
export type { Config, LogLevel } from './config';
export { ConfigError } from './config-error';
export { loadOrCreateSecret } from './secret-file';
