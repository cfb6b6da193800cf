import type { ServiceError } from './wire';
import type { TransactionLog } from './transaction-log';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** A subscription call the faults can end from the server's side. */
export interface LiveCall {
  drop(error: ServiceError): void;
}

/** What the service handlers of one server instance share. */
export interface ServerContext {
  readonly log: TransactionLog;
  readonly faults: FaultState;
  readonly subscriptions: Set<LiveCall>;
  /** The server goes away at once: every connection is cut, nothing more is answered. */
  goAway(): void;
}

export class FaultState {
  /** While set, this node is a follower: writes are refused with NotLeader pointing there. */
  leader: Endpoint | null = null;
  private goAwayPlan: { readonly afterCommit: boolean } | null = null;

  goAwayOnNextAppend(plan: { afterCommit: boolean }): void {
    this.goAwayPlan = plan;
  }

  /** The plan for this append, if the server is to die on it; taken once. */
  takeGoAwayPlan(): { readonly afterCommit: boolean } | null {
    const plan = this.goAwayPlan;
    this.goAwayPlan = null;
    return plan;
  }
}
