/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with bracketed keys for nesting,
 * as stripe-node writes it (`metadata[order_id]=…`, `transfer_data[destination]=…`, `expand[0]=…`;
 * `expand[]=…` from other clients). Values stay strings, as on the wire: each endpoint coerces the
 * ones it expects and refuses the ones it does not know, like the real API.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

export class MalformedForm extends Error {}

export function parseForm(body: string): FormObject {
  const root: FormObject = {};
  if (body.trim() === '') return root;
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const rawKey = at < 0 ? pair : pair.slice(0, at);
    const rawValue = at < 0 ? '' : pair.slice(at + 1);
    assign(root, keyPath(decode(rawKey)), decode(rawValue));
  }
  return root;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new MalformedForm(`cannot decode ${JSON.stringify(text)}`);
  }
}

/** `a[b][0]` → ['a', 'b', '0']; `expand[]` → ['expand', '']. */
function keyPath(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match?.[1]) throw new MalformedForm(`malformed parameter name ${JSON.stringify(key)}`);
  const parts = [match[1]];
  for (const bracket of (match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)) parts.push(bracket[1] ?? '');
  return parts;
}

function assign(target: FormObject | FormValue[], path: string[], value: string): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const nextIsList = rest[0] === '' || (rest[0] !== undefined && /^\d+$/.test(rest[0]));
  if (Array.isArray(target)) {
    const index = head === '' ? target.length : Number(head);
    if (rest.length === 0) {
      target[index] = value;
      return;
    }
    target[index] ??= nextIsList ? [] : {};
    assign(container(target[index], path), rest, value);
    return;
  }
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  target[head] ??= nextIsList ? [] : {};
  assign(container(target[head], path), rest, value);
}

function container(value: FormValue | undefined, path: string[]): FormObject | FormValue[] {
  if (value === undefined || typeof value === 'string') throw new MalformedForm(`parameter ${path.join('.')} is both a value and a hash`);
  return value;
}
