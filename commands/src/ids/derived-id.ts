import { createHash } from 'node:crypto';

/**
 * A UUID (version 5 layout) derived from a namespace and a name: the same inputs always give the
 * same id. Retried steps of a process (checkout after a lost response, say) then name the same
 * order and tickets, and the deciders make the repeat a no-op.
 */
export function derivedId(namespace: string, ...names: readonly string[]): string {
  const hash = createHash('sha1').update(namespace).update('\u0000').update(names.join('\u0000')).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
