/**
 * A broken business rule. `rule` is a stable machine-readable name (it becomes the problem
 * `type` in the API), `details` carries the values that broke it.
 */
export class DomainError extends Error {
  constructor(
    readonly rule: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Malformed input: a negative or fractional quantity, an unknown id, a wrong currency… */
export class InvalidInput extends DomainError {
  constructor(
    readonly field: string,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super('invalid-input', message, { field, ...details });
  }
}
