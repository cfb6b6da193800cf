import type { Api, ApiResponse } from './api';
import { eventually, newKey } from './api';
import { buyer as aBuyer } from './organizer';

export interface HoldResponse {
  readonly reservationId: string;
  readonly eventId: string;
  readonly status: 'held';
  readonly expiresAt: string;
  readonly items: readonly { ticketTypeId: string; quantity: number }[];
  readonly seats: readonly { seatId: string; ticketTypeId: string }[];
  readonly pricing: { readonly total: number; readonly currency: string; readonly [key: string]: unknown };
  readonly payment: { readonly status: string; readonly provider: string; readonly amount: number; readonly currency: string };
}

export interface ReservationResponse {
  readonly reservationId: string;
  readonly eventId: string;
  readonly status: 'held' | 'released' | 'sold' | string;
  readonly expiresAt: string;
  readonly items: readonly { ticketTypeId: string; quantity: number }[];
  readonly seats: readonly { seatId: string; ticketTypeId: string }[];
  readonly total: number;
  readonly currency: string;
  readonly releaseReason?: string;
  readonly orderId?: string;
}

export interface CheckoutResponse {
  readonly orderId: string;
  readonly status: 'confirmed';
  readonly orderToken: string;
  readonly total: number;
  readonly currency: string;
  readonly tickets: readonly { ticketId: string; ticketTypeId: string; seatId?: string }[];
}

export interface OrderResponse {
  readonly orderId: string;
  readonly eventId: string;
  readonly status: string;
  readonly total: number;
  readonly tickets: readonly { ticketId: string; ticketTypeId: string; seatId: string | null; status: string }[];
}

export interface HoldBody {
  readonly items?: readonly { ticketTypeId: string; quantity: number }[];
  readonly seats?: readonly string[];
  readonly buyer?: { email: string; name: string };
}

/** `admissionToken`: the waiting room's, for events that let buyers in through one. */
export function hold(api: Api, eventId: string, body: HoldBody, idempotencyKey: string | null = newKey('hold'), admissionToken?: string): Promise<ApiResponse<HoldResponse>> {
  return api.post<HoldResponse>(`/api/v1/events/${eventId}/reservations`, { buyer: aBuyer(), ...body }, {
    ...(idempotencyKey === null ? {} : { idempotencyKey }),
    ...(admissionToken === undefined ? {} : { headers: { 'admission-token': admissionToken } }),
  });
}

export async function holdOk(api: Api, eventId: string, body: HoldBody): Promise<HoldResponse> {
  const response = await hold(api, eventId, body);
  if (response.status !== 201) throw new Error(`hold failed: ${response.status} ${response.text}`);
  return response.body;
}

/**
 * Pays for a reservation. It first waits until the reservation can be read: right after a hold,
 * any transaction open elsewhere on the Postgres cluster can make the API answer 404 for it (see
 * read-your-writes.int.spec.ts, which tests exactly that); the other files test other things.
 * `direct` skips the wait.
 */
export async function checkout(api: Api, reservationId: string, paymentMethod?: string, idempotencyKey: string = newKey('checkout'), direct = false): Promise<ApiResponse<CheckoutResponse>> {
  if (!direct) await readable(api, reservationId);
  return api.post<CheckoutResponse>(`/api/v1/reservations/${reservationId}/checkout`, paymentMethod === undefined ? {} : { paymentMethod }, { idempotencyKey });
}

/** Waits until `GET /reservations/:id` answers 200. */
export async function readable(api: Api, reservationId: string): Promise<ReservationResponse> {
  return eventually(async () => {
    const response = await api.get<ReservationResponse>(`/api/v1/reservations/${reservationId}`);
    expect(response.status).toBe(200);
    return response.body;
  });
}
