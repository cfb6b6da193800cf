/**
 * Field errors in a form a person can read: `items[0].quantity` rather than `/items/0/quantity`.
 * Body fields are named bare (the body is what a client thinks of as "the request"); query,
 * path and header fields carry their location: `query.limit`, `params.eventId`.
 */
import type { FieldError } from './problems';

type Segment = string | number;

/** Fastify's per-issue validation entry, from Ajv or from the zod type provider. */
interface ValidationEntry {
  readonly instancePath?: string;
  readonly message?: string;
  readonly keyword?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** A zod issue, structurally (so a ZodError from any zod copy is understood). */
interface ZodIssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
  readonly keys?: readonly string[];
}

const locations: Readonly<Record<string, string>> = { body: '', querystring: 'query', params: 'params', headers: 'headers' };

export function readablePath(segments: readonly Segment[], context = 'body'): string {
  let path = locations[context] ?? context;
  for (const segment of segments) {
    if (typeof segment === 'number' || /^\d+$/.test(segment)) path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) path += path === '' ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path === '' ? 'body' : path;
}

function fromJsonPointer(pointer: string | undefined): Segment[] {
  if (!pointer || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Zod says "Invalid input: expected string, received undefined" for a missing field. */
function humanMessage(message: string | undefined, keyword: string | undefined): string {
  if (!message) return 'is not valid';
  if (keyword === 'invalid_type' && /received undefined$/.test(message)) return 'is required';
  return message;
}

export function fieldErrorsFromValidation(entries: readonly ValidationEntry[], context = 'body'): FieldError[] {
  return entries.flatMap((entry) => {
    const segments = fromJsonPointer(entry.instancePath);
    const params = entry.params ?? {};
    if (entry.keyword === 'unrecognized_keys' && Array.isArray(params['keys'])) {
      return (params['keys'] as unknown[]).map((key) => ({ field: readablePath([...segments, String(key)], context), message: 'is not an allowed field' }));
    }
    // Ajv reports a missing or extra property on its parent object.
    if (entry.keyword === 'required' && typeof params['missingProperty'] === 'string') {
      return [{ field: readablePath([...segments, params['missingProperty']], context), message: 'is required' }];
    }
    if (entry.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
      return [{ field: readablePath([...segments, params['additionalProperty']], context), message: 'is not an allowed field' }];
    }
    return [{ field: readablePath(segments, context), message: humanMessage(entry.message, entry.keyword) }];
  });
}

export function fieldErrorsFromZodIssues(issues: readonly ZodIssueLike[], context = 'body'): FieldError[] {
  return fieldErrorsFromValidation(
    issues.map((issue) => ({
      instancePath: `/${issue.path.map((segment) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`,
      message: issue.message,
      ...(issue.code !== undefined && { keyword: issue.code }),
      params: { keys: issue.keys },
    })),
    context,
  );
}
