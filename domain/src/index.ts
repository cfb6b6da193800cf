export * from './shared/decider';
export * from './shared/domain-error';
export * from './shared/money';
export * from './shared/validation';
export * from './shared/metadata';
export * from './inventory';
