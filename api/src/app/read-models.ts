import type { Pool } from 'pg';
import {
  availabilityOf, CatalogueEvent, CatalogueEventDetail, EventAvailability, getEvent, listOrganizerEvents, listPublishedEvents, order,
  ordersOfEvent, OrderSummary, OrderView, reservation, ReservationView, salesPerMinute, SalesMinute, seatsOf, SeatView,
} from '@marquee/projections';

/** The projections' queries bound to this process's pool: what the routes and live updates read. */
export class ReadModels {
  constructor(private readonly pool: Pool) {}

  publishedEvents(): Promise<CatalogueEvent[]> { return listPublishedEvents(this.pool); }
  event(eventId: string): Promise<CatalogueEventDetail | null> { return getEvent(this.pool, eventId); }
  organizerEvents(organizerId: string): Promise<CatalogueEvent[]> { return listOrganizerEvents(this.pool, organizerId); }
  availability(eventId: string): Promise<EventAvailability | null> { return availabilityOf(this.pool, eventId); }
  seats(eventId: string): Promise<SeatView[]> { return seatsOf(this.pool, eventId); }
  reservation(reservationId: string): Promise<ReservationView | null> { return reservation(this.pool, reservationId); }
  order(orderId: string): Promise<OrderView | null> { return order(this.pool, orderId); }
  ordersOfEvent(eventId: string, options: { search?: string; limit?: number }): Promise<OrderSummary[]> { return ordersOfEvent(this.pool, eventId, options); }
  salesPerMinute(eventId: string): Promise<SalesMinute[]> { return salesPerMinute(this.pool, eventId); }
}
