import { Writable } from 'node:stream';
import pino from 'pino';
import { loggerOptions } from './logger';

describe('loggerOptions', () => {
  it('writes JSON lines when stdout is not a terminal and pretty lines when it is', () => {
    expect(loggerOptions({ pretty: false }).transport).toBeUndefined();
    expect(loggerOptions({ pretty: true }).transport).toMatchObject({ target: 'pino-pretty' });
    expect(loggerOptions({ level: 'debug' }).level).toBe('debug');
  });

  it('never logs a bearer token or a password', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const { transport: _transport, ...options } = loggerOptions({ pretty: false });
    const log = pino(options, sink);
    log.info({ req: { headers: { authorization: 'Bearer secret-token', host: 'x' } } }, 'request');
    log.info({ body: { email: 'a@b.co', password: 'hunter2hunter2' } }, 'signup');
    log.info({ password: 'top-secret-123' }, 'direct');
    const output = lines.join('');
    expect(output).not.toMatch(/secret-token|hunter2|top-secret/);
    expect(output).toContain('a@b.co');
    expect(output).toContain('[redacted]');
  });
});
