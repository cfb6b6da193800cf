export * from './ticket-decider';
