/**
 * The shape every aggregate follows (after Emmett's Decider): three plain functions.
 * `decide` throws a DomainError naming the broken rule; it never performs I/O, reads a clock
 * or draws randomness — time and ids arrive inside the command.
 */
export interface Decider<Command, Event, State> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Event[];
}

/** A command or event: a type tag and its data. */
export interface Message<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}
