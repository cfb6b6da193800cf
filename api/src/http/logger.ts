/**
 * Logging options for Fastify's pino logger: readable lines for a person at a terminal, JSON
 * lines for everything else (log shippers, containers, CI).
 *
 * Usage: `buildHttpServer({ logger: loggerOptions({ level: config.logLevel }) })`.
 */
import type { LoggerOptions } from 'pino';

export interface LoggerSettings {
  readonly level?: string;
  /** Defaults to whether stdout is a terminal. */
  readonly pretty?: boolean;
}

/**
 * Credentials never reach a log line: the bearer token, cookies, and any password field a
 * serializer or a `log.info({ body })` might include.
 */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  '*.password',
  'body.password',
  'req.body.password',
  'passwordHash',
  '*.passwordHash',
  'password_hash',
  '*.password_hash',
];

export function loggerOptions(settings: LoggerSettings = {}): LoggerOptions {
  const pretty = settings.pretty ?? process.stdout.isTTY === true;
  return {
    level: settings.level ?? 'info',
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    ...(pretty && {
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } },
    }),
  };
}
