import { z } from 'zod';

/** Request shapes shared by the routes. The domain re-checks every rule; these catch the malformed early. */
const MAX_MINOR_UNITS = 1_000_000_000;

export const id = z.string().min(1).max(100).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');
export const uuid = z.uuid();
export const instant = z.iso.datetime({ offset: true });
export const minorUnits = z.number().int().min(0).max(MAX_MINOR_UNITS);
export const currency = z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 code such as EUR');

export const buyer = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 code such as DE').optional(),
  postcode: z.string().trim().min(1).max(16).optional(),
});

export const quantityLine = z.strictObject({ ticketTypeId: id, quantity: z.number().int().min(1).max(100) });

export const venue = z.strictObject({ name: z.string().trim().min(1).max(200), address: z.string().max(500).optional() });

export const ticketTypeInput = z.strictObject({
  id: id.optional(),
  name: z.string().trim().min(1).max(200),
  price: minorUnits,
  capacity: z.number().int().min(0).max(1_000_000),
});

export const seatMap = z.strictObject({
  sections: z.array(z.strictObject({
    sectionId: id,
    name: z.string().trim().min(1).max(200),
    rows: z.array(z.strictObject({
      rowId: id,
      label: z.string().trim().min(1).max(50),
      seats: z.array(z.strictObject({
        seatId: id,
        label: z.string().trim().min(1).max(50),
        ticketTypeId: id,
        accessible: z.boolean().optional(),
        x: z.number().finite().optional(),
        y: z.number().finite().optional(),
      })).max(1_000),
    })).max(1_000),
  })).max(200),
});

export const salesWindow = z.strictObject({ opensAt: instant.optional(), closesAt: instant.optional() });
export const fees = z.strictObject({ fixed: minorUnits, percentBasisPoints: z.number().int().min(0).max(10_000) });
export const tax = z.strictObject({ rateBasisPoints: z.number().int().min(0).max(10_000), inclusive: z.boolean() });
/** What buyers may get back on their own (docs/payments.md, "Refund policies"). */
export const refundPolicy = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('full-refund'), hoursBefore: z.number().int().min(0).max(24 * 366), serviceFeeRefundable: z.boolean() }),
  z.strictObject({
    kind: z.literal('partial-refund'), hoursBefore: z.number().int().min(0).max(24 * 366), keepBasisPoints: z.number().int().min(1).max(9_999), serviceFeeRefundable: z.boolean(),
  }),
  z.strictObject({ kind: z.literal('exchange-only') }),
  z.strictObject({ kind: z.literal('final-sale') }),
]);

export const waitingRoom = z.strictObject({
  opensAt: instant,
  admissionsPerMinute: z.number().int().min(1).max(100_000),
  admissionMinutes: z.number().int().min(1).max(60),
});

export const eventIdParams = z.strictObject({ eventId: uuid });
export const reservationIdParams = z.strictObject({ reservationId: uuid });
export const orderIdParams = z.strictObject({ orderId: uuid });

/** Zero or more seats or quantities, as the public API core names them. */
export const reservationBody = z.strictObject({
  items: z.array(quantityLine).min(1).max(20).optional(),
  seats: z.array(id).min(1).max(100).optional(),
  buyer,
}).refine((body) => body.items !== undefined || body.seats !== undefined, { message: 'choose items or seats', path: ['items'] });
