/**
 * UUIDs as raw bytes in base64url: a ticket token carries three ids, and 16 bytes say in 22
 * characters what the 36-character text form says. Written out here (no Buffer, no atob) so door
 * devices and browsers decode tokens with the same code as the server.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUES: ReadonlyMap<string, number> = new Map([...ALPHABET].map((character, value) => [character, value]));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** Base64url without padding (RFC 4648 §5), as JOSE uses it. */
export function base64url(bytes: readonly number[]): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = bytes.slice(i, i + 3);
    const chunk = (a << 16) | (b << 8) | c;
    const characters = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < characters; k++) text += ALPHABET[(chunk >> (18 - 6 * k)) & 63];
  }
  return text;
}

/** Bytes of unpadded base64url text, or null when it is not canonical base64url. */
export function fromBase64url(text: string): number[] | null {
  if (text.length % 4 === 1) return null;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 4) {
    const group = text.slice(i, i + 4);
    let chunk = 0;
    for (let k = 0; k < 4; k++) {
      const value = k < group.length ? VALUES.get(group[k] ?? '') : 0;
      if (value === undefined) return null;
      chunk = (chunk << 6) | value;
    }
    const count = Math.floor((group.length * 6) / 8);
    for (let k = 0; k < count; k++) bytes.push((chunk >> (16 - 8 * k)) & 255);
  }
  // Unused low bits must be zero, or two texts would name the same bytes.
  return base64url(bytes) === text ? bytes : null;
}

export function uuidBytes(uuid: string): number[] {
  const hex = uuid.replace(/-/g, '');
  return Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

export function uuidOfBytes(bytes: readonly number[]): string {
  const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Several UUIDs packed into one base64url text, in order. */
export function packUuids(uuids: readonly string[]): string {
  return base64url(uuids.flatMap(uuidBytes));
}

/** The UUIDs packed by packUuids, or null when the text does not hold exactly `count` of them. */
export function unpackUuids(packed: string, count: number): string[] | null {
  const bytes = fromBase64url(packed);
  if (!bytes || bytes.length !== 16 * count) return null;
  return Array.from({ length: count }, (_, i) => uuidOfBytes(bytes.slice(16 * i, 16 * i + 16)));
}
