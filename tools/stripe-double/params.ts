import { FormObject, FormValue } from './form-body';
import { stripeErrors } from './stripe-errors';

/** What an endpoint accepts, as Stripe documents it; anything else is `parameter_unknown`. */
export type ParamSpec = 'string' | 'integer' | 'boolean' | 'metadata' | 'list' | { readonly [key: string]: ParamSpec };
export type ParamShape = { readonly [key: string]: ParamSpec };

export type ParamValue = string | number | boolean | string[] | Record<string, string> | ParamObject;
export interface ParamObject { readonly [key: string]: ParamValue | undefined }

/** Checks and coerces a request's parameters against the endpoint's shape. */
export function readParams(raw: FormObject, shape: ParamShape, path = ''): ParamObject {
  const out: Record<string, ParamValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    const name = path ? `${path}[${key}]` : key;
    const spec = shape[key];
    if (spec === undefined) throw stripeErrors.unknownParameter(name);
    out[key] = coerce(value, spec, name);
  }
  return out;
}

function coerce(value: FormValue, spec: ParamSpec, name: string): ParamValue {
  if (typeof spec === 'object') {
    if (typeof value !== 'object' || Array.isArray(value)) throw stripeErrors.invalidValue(name, `Invalid object: ${name} must be a hash`);
    return readParams(value, spec, name);
  }
  switch (spec) {
    case 'string':
      if (typeof value !== 'string') throw stripeErrors.invalidValue(name, `Invalid string: ${name} must be a string`);
      return value;
    case 'integer':
      if (typeof value !== 'string' || !/^-?\d+$/.test(value)) throw stripeErrors.invalidInteger(name, value);
      return Number(value);
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw stripeErrors.invalidBoolean(name, value);
      return value === 'true';
    case 'list': {
      const items = Array.isArray(value) ? value : typeof value === 'object' ? Object.values(value) : [value];
      return items.filter((item): item is string => typeof item === 'string');
    }
    case 'metadata': {
      if (typeof value !== 'object' || Array.isArray(value)) throw stripeErrors.invalidValue(name, 'Invalid hash: metadata must be a hash of keys and values');
      const entries = Object.entries(value);
      if (entries.length > 50) throw stripeErrors.invalidValue(name, 'Invalid metadata: metadata can have up to 50 keys');
      const metadata: Record<string, string> = {};
      for (const [key, text] of entries) {
        if (typeof text !== 'string') throw stripeErrors.invalidValue(`${name}[${key}]`, `Invalid string: ${name}[${key}] must be a string`);
        if (key.length > 40) throw stripeErrors.invalidValue(`${name}[${key}]`, `Invalid metadata: keys can be at most 40 characters, ${key} is ${key.length}`);
        if (text.length > 500) throw stripeErrors.invalidValue(`${name}[${key}]`, 'Invalid metadata: values can be at most 500 characters');
        // An empty value unsets a key.
        if (text !== '') metadata[key] = text;
      }
      return metadata;
    }
  }
}

export function requireParam<T>(params: ParamObject, name: string): T {
  const value = params[name];
  if (value === undefined) throw stripeErrors.missingParameter(name);
  return value as T;
}
