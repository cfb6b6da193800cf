import { hashPassword, verifyPassword } from './passwords';

describe('passwords', () => {
  it('stores scrypt parameters, salt and hash, and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(stored.split('$')[4] ?? '', 'base64')).toHaveLength(16);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('verifies hashes made with other parameters, and refuses malformed ones', async () => {
    const cheap = await hashPassword('a password', { N: 1024, r: 8, p: 1 });
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('a password', cheap)).toBe(true);
    expect(await verifyPassword('a password', 'bcrypt$whatever')).toBe(false);
    expect(await verifyPassword('a password', 'scrypt$16384$8$1$c2FsdA==$')).toBe(false);
  });
});
