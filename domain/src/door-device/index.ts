export * from './door-device-decider';
export * from './scan-answer';
