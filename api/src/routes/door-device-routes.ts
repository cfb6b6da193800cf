import { z } from 'zod';
import { MAX_GATES_PER_DEVICE } from '@marquee/domain';
import type { FastifyPluginAsyncZod } from '../http/zod';
import type { ApiServices } from '../app/services';
import type { DoorServices } from '../door/door-services';
import { pairingPayload } from '../door/device-tokens';
import { organizerOf } from './organizer-context';
import { eventIdParams } from './schemas';

const gate = z.string().regex(/^[A-Za-z0-9 ._:-]{1,50}$/, '1–50 letters, digits, spaces or . _ : -');
const deviceParams = z.strictObject({ eventId: z.uuid(), deviceId: z.uuid() });

/**
 * The organizer's door devices for one of their events: register (the answer carries the
 * device's token and pairing QR payload, shown once), list, revoke; and the event's entry
 * policy, and its door alerts. Another organizer's event or device answers 404.
 */
export const doorDeviceRoutes: FastifyPluginAsyncZod<{ services: ApiServices; door: DoorServices }> = async (app, { services, door }) => {
  app.addHook('onRequest', app.authenticate);

  app.post('/api/v1/organizer/events/:eventId/devices', {
    schema: {
      tags: ['door'], summary: 'Register a door device for my event: its token and pairing code', params: eventIdParams, security: [{ bearerAuth: [] }],
      body: z.strictObject({ name: z.string().trim().min(1).max(100), gates: z.array(gate).min(1).max(MAX_GATES_PER_DEVICE) }),
    },
  }, async (request, reply) => {
    const { organizerId, context } = organizerOf(request);
    const { device } = await door.devices.register(organizerId, request.params.eventId, request.body, context);
    const token = await door.tokens.sign(device, new Date(device.registeredAt));
    const origin = `${request.protocol}://${request.host}`;
    reply.code(201).header('location', `/api/v1/organizer/events/${device.eventId}/devices/${device.deviceId}`).header('cache-control', 'no-store');
    return {
      id: device.deviceId, eventId: device.eventId, name: device.name, gates: device.gates, status: 'active', registeredAt: device.registeredAt,
      token, pairing: { qr: pairingPayload(origin, device, token) },
    };
  });

  app.get('/api/v1/organizer/events/:eventId/devices', {
    schema: { tags: ['door'], summary: 'My event\'s door devices, revoked ones included', params: eventIdParams, security: [{ bearerAuth: [] }] },
  }, async (request) => {
    const { organizerId } = organizerOf(request);
    await services.organizerEvents.read(organizerId, request.params.eventId);
    await services.freshness.waitForHead(2_000);
    return { devices: await door.list(request.params.eventId) };
  });

  app.delete('/api/v1/organizer/events/:eventId/devices/:deviceId', {
    schema: { tags: ['door'], summary: 'Revoke a door device: its token scans nothing from now on', params: deviceParams, security: [{ bearerAuth: [] }] },
  }, async (request) => {
    const { organizerId, context } = organizerOf(request);
    const { device } = await door.devices.revoke(organizerId, request.params.eventId, request.params.deviceId, context);
    return { id: device.deviceId, status: device.status === 'Revoked' ? 'revoked' : 'active', ...(device.status === 'Revoked' ? { revokedAt: device.revokedAt } : {}) };
  });

  app.put('/api/v1/organizer/events/:eventId/check-in-settings', {
    schema: {
      tags: ['door'], summary: 'Single entry (default) or re-entry (devices scan people out and in again)', params: eventIdParams, security: [{ bearerAuth: [] }],
      body: z.strictObject({ entryPolicy: z.enum(['single-entry', 're-entry']) }),
    },
  }, async (request) => {
    const { organizerId, context } = organizerOf(request);
    await services.organizerEvents.change(organizerId, request.params.eventId, { type: 'SetEntryPolicy', data: { entryPolicy: request.body.entryPolicy, now: new Date().toISOString() } }, context);
    return { entryPolicy: request.body.entryPolicy };
  });

  app.get('/api/v1/organizer/events/:eventId/door-alerts', {
    schema: { tags: ['door'], summary: 'Duplicate entries at my event: two offline devices let one ticket in', params: eventIdParams, security: [{ bearerAuth: [] }] },
  }, async (request) => {
    const { organizerId } = organizerOf(request);
    await services.organizerEvents.read(organizerId, request.params.eventId);
    await services.freshness.waitForHead(2_000);
    return { alerts: await door.alerts(request.params.eventId) };
  });
};
