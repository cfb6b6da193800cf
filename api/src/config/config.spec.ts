import { ConfigError } from './config-error';
import { loadConfig } from './config';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env, []);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the embedded, single-machine defaults for an empty environment', () => {
    expect(loadConfig({}, [])).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '.data',
      demo: false,
      logLevel: 'info',
      holdSweepMs: 5000,
      workers: 1,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        DATABASE_URL: 'postgres://marquee:pw@db:5432/marquee',
        EVENT_STORE_URL: 'esdb://store:2113?tls=false',
        REDIS_URL: 'redis://cache:6379',
        PORT: '8080',
        HOST: '0.0.0.0',
        MARQUEE_JWT_SECRET: 'x'.repeat(40),
        MARQUEE_DATA_DIR: '/var/lib/marquee',
        MARQUEE_DEMO: '1',
        LOG_LEVEL: 'DEBUG',
        MARQUEE_HOLD_SWEEP_MS: '1000',
        MARQUEE_WORKERS: '3',
      },
      [],
    );
    expect(config).toEqual({
      databaseUrl: 'postgres://marquee:pw@db:5432/marquee',
      eventStoreUrl: 'esdb://store:2113?tls=false',
      redisUrl: 'redis://cache:6379',
      port: 8080,
      host: '0.0.0.0',
      jwtSecret: 'x'.repeat(40),
      dataDir: '/var/lib/marquee',
      demo: true,
      logLevel: 'debug',
      holdSweepMs: 1000,
      workers: 3,
    });
  });

  it('takes the number of API processes from --workers or MARQUEE_WORKERS, and more than one only with Redis', () => {
    const redis = { REDIS_URL: 'redis://cache:6379' };
    expect(loadConfig(redis, ['--workers', '4']).workers).toBe(4);
    expect(loadConfig({ ...redis, MARQUEE_WORKERS: '2' }, ['--workers', '3']).workers).toBe(3);
    expect(() => loadConfig({}, ['--workers', '2'])).toThrow(/2 API processes need REDIS_URL/);
    expect(() => loadConfig(redis, ['--workers', 'many'])).toThrow(/--workers must be a whole number from 1 to 64, got "many"/);
    expect(() => loadConfig({ ...redis, MARQUEE_WORKERS: '0' }, [])).toThrow(/MARQUEE_WORKERS must be a whole number from 1 to 64/);
    expect(loadConfig({}, ['--workers', '1']).workers).toBe(1);
  });

  it('turns demo mode on with the --demo argument', () => {
    expect(loadConfig({}, ['--demo']).demo).toBe(true);
    expect(loadConfig({ MARQUEE_DEMO: '0' }, []).demo).toBe(false);
  });

  it('treats blank variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ' }, [])).toMatchObject({ port: 3000 });
    expect(loadConfig({ DATABASE_URL: '' }, []).databaseUrl).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number from 0 to 65535, got "abc"'],
    [{ PORT: '-1' }, 'PORT must be a whole number from 0 to 65535, got "-1"'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535, got "70000"'],
    [{ PORT: '80.5' }, 'PORT must be a whole number from 0 to 65535, got "80.5"'],
    [{ DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL must be a postgres:// connection URL, got "mysql://db/x"'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL must be a redis:// or rediss:// URL, got "localhost:6379"'],
    [{ EVENT_STORE_URL: 'http://store' }, 'EVENT_STORE_URL must be an esdb://, kurrentdb:// or postgres:// connection URL, got "http://store"'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
    [{ MARQUEE_DEMO: 'maybe' }, 'MARQUEE_DEMO must be 1 or 0 (or true/false), got "maybe"'],
    [{ MARQUEE_HOLD_SWEEP_MS: '60000' }, 'MARQUEE_HOLD_SWEEP_MS must be a whole number from 100 to 30000, got "60000"'],
  ])('explains a bad value: %j', (env, sentence) => {
    expect(problemsOf(env)).toEqual([sentence]);
  });

  it('lists every bad variable in one error', () => {
    const env = { PORT: 'abc', LOG_LEVEL: 'loud', REDIS_URL: 'nope' };
    expect(() => loadConfig(env, [])).toThrow(ConfigError);
    expect(problemsOf(env)).toHaveLength(3);
    expect(() => loadConfig(env, [])).toThrow(/REDIS_URL must be.*\n.*PORT must be.*\n.*LOG_LEVEL must be/s);
  });

  it('never echoes a secret or a password', () => {
    const [jwt] = problemsOf({ MARQUEE_JWT_SECRET: 'short-secret' });
    expect(jwt).toBe('MARQUEE_JWT_SECRET must be at least 32 characters long (HS256 needs a 256-bit key), got 12');
    const [db] = problemsOf({ DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expect(db).toContain('mysql://root:***@db/x');
    expect(db).not.toContain('hunter2');
  });

  describe('Stripe', () => {
    const stripe = {
      STRIPE_SECRET_KEY: 'sk_test_51Marquee0secret0value',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_51Marquee0public0value',
      STRIPE_WEBHOOK_SECRET: 'whsec_0marquee0signing0secret',
    };

    it('is off by default: the simulated gateway', () => {
      expect(loadConfig({}, []).stripe).toBeUndefined();
    });

    it('reads the keys, the webhook secret and an API base', () => {
      expect(loadConfig({ ...stripe, STRIPE_API_BASE: 'http://127.0.0.1:12111' }, []).stripe).toEqual({
        secretKey: 'sk_test_51Marquee0secret0value', publishableKey: 'pk_test_51Marquee0public0value',
        webhookSecret: 'whsec_0marquee0signing0secret', apiBase: 'http://127.0.0.1:12111',
      });
      expect(loadConfig({ ...stripe, STRIPE_SECRET_KEY: 'rk_live_51Restricted0key', STRIPE_PUBLISHABLE_KEY: 'pk_live_51Marquee0public' }, []).stripe)
        .toMatchObject({ secretKey: 'rk_live_51Restricted0key' });
    });

    it.each([
      [{ STRIPE_SECRET_KEY: stripe.STRIPE_SECRET_KEY }, [
        /^STRIPE_PUBLISHABLE_KEY is required with STRIPE_SECRET_KEY: the storefront's Stripe.js needs it/,
        /^STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY: it verifies Stripe's webhooks to \/api\/v1\/webhooks\/stripe/,
      ]],
      [{ STRIPE_PUBLISHABLE_KEY: stripe.STRIPE_PUBLISHABLE_KEY }, [/^STRIPE_PUBLISHABLE_KEY is set but STRIPE_SECRET_KEY is not/]],
      [{ ...stripe, STRIPE_PUBLISHABLE_KEY: 'pk_live_51Marquee0public0value' }, [/^STRIPE_SECRET_KEY is a test key but STRIPE_PUBLISHABLE_KEY is a live key/]],
      [{ ...stripe, STRIPE_SECRET_KEY: 'pk_test_51Marquee0public0value' }, [/^STRIPE_SECRET_KEY must be a Stripe secret key \(sk_test_… or sk_live_…, or a restricted rk_… key\), got a value starting "pk_test_"$/]],
      [{ ...stripe, STRIPE_WEBHOOK_SECRET: 'hunter2hunter2' }, [/^STRIPE_WEBHOOK_SECRET must be the webhook endpoint's signing secret \(whsec_…\), got a value starting "hun…"$/]],
      [{ ...stripe, STRIPE_API_BASE: 'api.stripe.com' }, [/^STRIPE_API_BASE must be an http:\/\/ or https:\/\/ URL/]],
    ])('explains a bad Stripe setting: %j', (env, sentences) => {
      const problems = problemsOf(env);
      expect(problems).toHaveLength(sentences.length);
      sentences.forEach((sentence, index) => expect(problems[index]).toMatch(sentence));
    });

    it('never echoes a Stripe secret', () => {
      const problems = problemsOf({ STRIPE_SECRET_KEY: 'sk_live_51topsecret!!', STRIPE_WEBHOOK_SECRET: 'whsec_top secret', STRIPE_PUBLISHABLE_KEY: 'pk_live_51Marquee0public0value' });
      expect(problems.join('\n')).not.toMatch(/topsecret|top secret/);
    });
  });
});
