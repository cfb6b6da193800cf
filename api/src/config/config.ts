/**
 * Configuration from environment variables, validated once at start (ARCHITECTURE.md "What runs
 * where").
 *
 * Usage (composition root / main):
 *   const config = loadConfig();                      // throws ConfigError listing every bad value
 *   const jwtSecret = config.jwtSecret ?? (await loadOrCreateSecret(config.dataDir, 'jwt-secret'));
 *
 * Variables: DATABASE_URL, EVENT_STORE_URL, REDIS_URL, PORT (3000), HOST (127.0.0.1),
 * MARQUEE_JWT_SECRET, MARQUEE_DATA_DIR (.data), MARQUEE_DEMO (or the `--demo` argument),
 * LOG_LEVEL (info), MARQUEE_HOLD_SWEEP_MS (5000), and for Stripe STRIPE_SECRET_KEY with
 * STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET (all three or none), STRIPE_API_BASE (tests).
 * Ticket tokens and delivery: see tickets-config.ts (TICKET_SIGNING_KEY, SMTP_URL, wallet passes).
 * An empty variable counts as unset, as env files and compose files often leave them blank.
 */
import { z } from 'zod';
import { ConfigError } from './config-error';
import { ticketsConfigOf, TicketsConfig, ticketsEnvShape, ticketsProblems } from './tickets-config';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const logLevels: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Ticket tokens and delivery (tickets-config.ts) add their optional settings. */
export interface Config extends TicketsConfig {
  /** Postgres for read models (and the event store when no EVENT_STORE_URL); unset → embedded. */
  readonly databaseUrl?: string;
  readonly port: number;
  readonly host: string;
  /** `esdb://…`/`kurrentdb://…` for EventStoreDB, `postgres://…` for a separate Postgres store. */
  readonly eventStoreUrl?: string;
  readonly redisUrl?: string;
  /** Unset → the composition root uses loadOrCreateSecret(dataDir, …). */
  readonly jwtSecret?: string;
  readonly dataDir: string;
  readonly demo: boolean;
  readonly logLevel: LogLevel;
  /** How often the hold-expiry process looks for due holds (rule 3: released within 30 s). */
  readonly holdSweepMs: number;
  /** Set: buyers pay with Stripe; unset: the simulated gateway. */
  readonly stripe?: StripeConfig;
  /** API processes sharing the port (`--workers N` or MARQUEE_WORKERS); more than one needs REDIS_URL. */
  readonly workers: number;
}

export interface StripeConfig {
  readonly secretKey: string;
  readonly publishableKey: string;
  readonly webhookSecret: string;
  /** Another API base (the local Stripe double in tests); unset: api.stripe.com. */
  readonly apiBase?: string;
}

/** Quotes what the operator wrote, so the mistake is visible; credentials are masked first. */
const shown = (value: unknown) => JSON.stringify(maskCredentials(String(value)));

function maskCredentials(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

function urlWithScheme(name: string, schemes: readonly string[], what: string) {
  return z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { error: (issue) => `${name} must be ${what}, got ${shown(issue.input)}` },
  );
}

/** A key's kind and mode (`sk_live_`, `pk_test_`), never the secret part. */
const keyPrefix = (value: unknown) => JSON.stringify(/^[a-z]+_(test|live)_/.exec(String(value))?.[0] ?? `${String(value).slice(0, 3)}…`);

function stripeKey(name: string, pattern: RegExp, what: string) {
  return z.string().trim().regex(pattern, { error: (issue) => `${name} must be ${what}, got a value starting ${keyPrefix(issue.input)}` });
}

function wholeNumber(name: string, min: number, max: number) {
  const sentence = (input: unknown) => `${name} must be a whole number from ${min} to ${max}, got ${shown(input)}`;
  return z
    .string()
    .regex(/^\s*\d+\s*$/, { error: (issue) => sentence(issue.input) })
    .transform(Number)
    .pipe(z.number().min(min, { error: (issue) => sentence(issue.input) }).max(max, { error: (issue) => sentence(issue.input) }));
}

const envSchema = z.object({
  DATABASE_URL: urlWithScheme('DATABASE_URL', ['postgres', 'postgresql'], 'a postgres:// connection URL').optional(),
  EVENT_STORE_URL: urlWithScheme(
    'EVENT_STORE_URL',
    ['esdb', 'esdb+discover', 'kurrentdb', 'kurrentdb+discover', 'kurrent', 'postgres', 'postgresql'],
    'an esdb://, kurrentdb:// or postgres:// connection URL',
  ).optional(),
  REDIS_URL: urlWithScheme('REDIS_URL', ['redis', 'rediss'], 'a redis:// or rediss:// URL').optional(),
  // 0 asks the OS for a free port (tests, several instances on one machine).
  PORT: wholeNumber('PORT', 0, 65_535).default(3000),
  HOST: z.string().trim().default('127.0.0.1'),
  // Never echoed: it is a secret.
  MARQUEE_JWT_SECRET: z
    .string()
    .min(32, { error: (issue) => `MARQUEE_JWT_SECRET must be at least 32 characters long (HS256 needs a 256-bit key), got ${String((issue.input as string).length)}` })
    .optional(),
  MARQUEE_DATA_DIR: z.string().default('.data'),
  MARQUEE_DEMO: z
    .enum(['1', '0', 'true', 'false', 'yes', 'no'], { error: (issue) => `MARQUEE_DEMO must be 1 or 0 (or true/false), got ${shown(issue.input)}` })
    .optional(),
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(logLevels as [LogLevel, ...LogLevel[]], { error: (issue) => `LOG_LEVEL must be one of ${logLevels.join(', ')}, got ${shown(issue.input)}` }))
    .default('info'),
  MARQUEE_HOLD_SWEEP_MS: wholeNumber('MARQUEE_HOLD_SWEEP_MS', 100, 30_000).default(5_000),
  // Checked by workersFrom, together with the --workers argument.
  MARQUEE_WORKERS: z.string().optional(),
  // Secrets: only their kind and mode (sk_live_…) are ever echoed.
  STRIPE_SECRET_KEY: stripeKey('STRIPE_SECRET_KEY', /^(sk|rk)_(test|live)_[A-Za-z0-9_]{8,}$/, 'a Stripe secret key (sk_test_… or sk_live_…, or a restricted rk_… key)').optional(),
  STRIPE_PUBLISHABLE_KEY: stripeKey('STRIPE_PUBLISHABLE_KEY', /^pk_(test|live)_[A-Za-z0-9_]{8,}$/, 'a Stripe publishable key (pk_test_… or pk_live_…)').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().trim().regex(/^whsec_[A-Za-z0-9_+/=]{8,}$/, {
    error: (issue) => `STRIPE_WEBHOOK_SECRET must be the webhook endpoint's signing secret (whsec_…), got a value starting ${keyPrefix(issue.input)}`,
  }).optional(),
  STRIPE_API_BASE: urlWithScheme('STRIPE_API_BASE', ['http', 'https'], 'an http:// or https:// URL').optional(),
  ...ticketsEnvShape,
});

/** Stripe needs its three values together, from one mode (test or live). */
function stripeProblems(present: Record<string, string>): string[] {
  const secret = present['STRIPE_SECRET_KEY'];
  const problems: string[] = [];
  if (secret === undefined) {
    for (const name of ['STRIPE_PUBLISHABLE_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_API_BASE']) {
      if (present[name] !== undefined) problems.push(`${name} is set but STRIPE_SECRET_KEY is not: set STRIPE_SECRET_KEY too to pay with Stripe, or unset ${name} for the simulated gateway`);
    }
    return problems;
  }
  if (present['STRIPE_PUBLISHABLE_KEY'] === undefined) problems.push('STRIPE_PUBLISHABLE_KEY is required with STRIPE_SECRET_KEY: the storefront\'s Stripe.js needs it (Dashboard → Developers → API keys)');
  if (present['STRIPE_WEBHOOK_SECRET'] === undefined) problems.push('STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY: it verifies Stripe\'s webhooks to /api/v1/webhooks/stripe (the endpoint\'s signing secret, whsec_…)');
  const mode = (key: string | undefined) => /^[a-z]+_(test|live)_/.exec(key?.trim() ?? '')?.[1];
  const secretMode = mode(secret);
  const publishableMode = mode(present['STRIPE_PUBLISHABLE_KEY']);
  if (secretMode && publishableMode && secretMode !== publishableMode) {
    problems.push(`STRIPE_SECRET_KEY is a ${secretMode} key but STRIPE_PUBLISHABLE_KEY is a ${publishableMode} key: use both keys of one mode`);
  }
  return problems;
}

/** `--workers N` wins over MARQUEE_WORKERS; a problem is returned as its message. */
function workersFrom(variable: string | undefined, argv: readonly string[]): number | string {
  const at = argv.indexOf('--workers');
  const text = at >= 0 ? argv[at + 1] : variable;
  if (text === undefined) return 1;
  const count = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || count < 1 || count > 64) {
    return `${at >= 0 ? '--workers' : 'MARQUEE_WORKERS'} must be a whole number from 1 to 64, got ${JSON.stringify(text)}`;
  }
  return count;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv.slice(2)): Config {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((name) => {
      const value = env[name];
      return value === undefined || value.trim() === '' ? [] : [[name, value]];
    }),
  );
  const parsed = envSchema.safeParse(present);
  const workers = workersFrom(present['MARQUEE_WORKERS'], argv);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => issue.message)), ...stripeProblems(present), ...ticketsProblems(present),
    ...(typeof workers === 'string' ? [workers] : workers > 1 && present['REDIS_URL'] === undefined
      ? [`${workers} API processes need REDIS_URL: live updates and the waiting room are shared between them through Redis`] : []),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const vars = parsed.data;
  return {
    ...(vars.DATABASE_URL !== undefined && { databaseUrl: vars.DATABASE_URL }),
    ...(vars.EVENT_STORE_URL !== undefined && { eventStoreUrl: vars.EVENT_STORE_URL }),
    ...(vars.REDIS_URL !== undefined && { redisUrl: vars.REDIS_URL }),
    ...(vars.MARQUEE_JWT_SECRET !== undefined && { jwtSecret: vars.MARQUEE_JWT_SECRET }),
    port: vars.PORT,
    host: vars.HOST,
    dataDir: vars.MARQUEE_DATA_DIR,
    demo: ['1', 'true', 'yes'].includes(vars.MARQUEE_DEMO ?? '') || argv.includes('--demo'),
    logLevel: vars.LOG_LEVEL,
    holdSweepMs: vars.MARQUEE_HOLD_SWEEP_MS,
    workers: typeof workers === 'number' ? workers : 1,
    ...(vars.STRIPE_SECRET_KEY !== undefined && vars.STRIPE_PUBLISHABLE_KEY !== undefined && vars.STRIPE_WEBHOOK_SECRET !== undefined && {
      stripe: {
        secretKey: vars.STRIPE_SECRET_KEY, publishableKey: vars.STRIPE_PUBLISHABLE_KEY, webhookSecret: vars.STRIPE_WEBHOOK_SECRET,
        ...(vars.STRIPE_API_BASE !== undefined && { apiBase: vars.STRIPE_API_BASE }),
      },
    }),
    ...ticketsConfigOf(vars),
  };
}
