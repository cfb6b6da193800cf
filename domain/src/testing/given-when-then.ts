import { Decider } from '../shared/decider';

/**
 * given(events).when(command).then(expectedEvents) — every business rule as one readable
 * paragraph. Pure functions only: no store involved.
 */
export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(events: Event[]) {
      return {
        when(command: Command) {
          const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
          return {
            then(expected: Event[]) {
              expect(run()).toEqual(expected);
            },
            thenNothingHappens() {
              expect(run()).toEqual([]);
            },
            thenThrows(errorType: new (...args: never[]) => Error, matching?: Record<string, unknown>) {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(errorType);
              if (matching) expect(thrown).toMatchObject(matching);
            },
          };
        },
      };
    },
  };
}
