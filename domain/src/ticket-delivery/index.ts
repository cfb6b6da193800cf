export * from './ticket-delivery-decider';
