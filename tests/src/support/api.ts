/**
 * A small typed HTTP client for black-box tests: real requests over TCP (Node's fetch), JSON in and
 * out, and the whole response (status, headers, parsed body, raw text) back for assertions.
 */
export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly contentType: string;
  readonly body: T;
  readonly text: string;
}

export interface RequestOptions {
  /** Serialized as JSON with `Content-Type: application/json`. */
  readonly json?: unknown;
  /** A raw body, sent as is (malformed JSON, other content types, oversized bodies). */
  readonly body?: string | Buffer;
  readonly headers?: Record<string, string>;
  /** Organizer session or order token, sent as `Authorization: Bearer …`. */
  readonly token?: string;
  readonly idempotencyKey?: string;
}

export class Api {
  constructor(readonly baseUrl: string) {}

  get<T = unknown>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, options);
  }

  post<T = unknown>(path: string, json?: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, json === undefined ? options : { ...options, json });
  }

  patch<T = unknown>(path: string, json?: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('PATCH', path, json === undefined ? options : { ...options, json });
  }

  delete<T = unknown>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('DELETE', path, options);
  }

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
    let body: string | Buffer | undefined = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    }
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    let parsed: unknown = text;
    if (/json/i.test(contentType) && text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, headers: response.headers, contentType, body: parsed as T, text };
  }
}

export { eventually } from '@marquee/testing';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let counter = 0;
/** A fresh Idempotency-Key per call. */
export const newKey = (label = 'key'): string => `${label}-${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
