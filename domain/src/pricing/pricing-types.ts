/** The service fee charged on every ticket: a fixed part plus a share of the ticket price. */
export interface FeeRule {
  /** Minor units per ticket. */
  readonly fixed: number;
  /** 0..10000 basis points of the ticket price (500 = 5 %). */
  readonly percentBasisPoints: number;
}

export interface TaxRule {
  /** 0..10000 basis points (1900 = 19 %), charged on ticket price plus fee. */
  readonly rateBasisPoints: number;
  /** True where displayed prices already contain the tax (EU consumer prices), false where it is added at checkout. */
  readonly inclusive: boolean;
}

export interface PricingLine {
  readonly ticketTypeId: string;
  readonly name?: string;
  /** Minor units per ticket, before fee and tax. */
  readonly unitPrice: number;
  readonly quantity: number;
}

export interface PricingInput {
  readonly currency: string;
  readonly lines: readonly PricingLine[];
  readonly fees: FeeRule;
  readonly tax: TaxRule;
}

/** Every amount is whole minor units of the breakdown's currency. */
export interface PricedLine {
  readonly ticketTypeId: string;
  readonly name?: string;
  readonly unitPrice: number;
  readonly quantity: number;
  readonly subtotal: number;
  readonly fees: number;
  readonly tax: number;
  readonly total: number;
}

export interface PriceBreakdown {
  readonly currency: string;
  readonly lines: readonly PricedLine[];
  readonly subtotal: number;
  readonly fees: number;
  readonly tax: number;
  readonly total: number;
}
