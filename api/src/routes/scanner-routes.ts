import { z } from 'zod';
import type { FastifyPluginAsyncZod } from '../http/zod';
import type { DoorServices } from '../door/door-services';
import type { Freshness } from '../app/services';
import { deviceAuthentication, requireDoorDevice } from '../door/device-auth';
import { HttpProblem } from '../http/problems';
import { assertDeviceGate } from '@marquee/domain';
import { DOOR_STATE_CURSOR } from '@marquee/projections';
import { eventIdParams, instant } from './schemas';

/**
 * What a door device calls with its own token (not an organizer session): check a scanned ticket in.
 * Every scan is recorded, refused ones too, so the answer is 200 with `result` for every ticket
 * however bad; 4xx only for a request that is not a scan (no device, unknown gate, bad body).
 */
export const scannerRoutes: FastifyPluginAsyncZod<{ door: DoorServices; freshness: Freshness }> = async (app, { door, freshness }) => {
  app.decorateRequest('doorDevice', null);
  app.addHook('onRequest', deviceAuthentication(door));

  app.post('/api/v1/scanner/check-ins', {
    schema: {
      tags: ['door'], summary: 'Check a scanned ticket in (or out, at a re-entry event)', security: [{ bearerAuth: [] }],
      body: z.strictObject({
        // Any text the camera read: a torn or foreign code is a refused scan, not a bad request.
        token: z.string().max(4_000),
        gate: z.string().min(1).max(50),
        scannedAt: instant,
        direction: z.enum(['in', 'out']).default('in'),
        scanId: z.string().regex(/^[A-Za-z0-9._:-]{8,100}$/, '8–100 letters, digits or . _ : -').optional(),
      }),
    },
  }, async (request) => {
    const device = requireDoorDevice(request);
    const { token, gate, scannedAt, direction, scanId } = request.body;
    assertDeviceGate(device, gate);
    const answer = await door.desk.scan(
      { device, token, gate, scannedAt, direction, mode: 'online', ...(scanId !== undefined ? { scanId } : {}) },
      { actor: `device:${device.deviceId}`, correlationId: request.id },
    );
    return answer;
  });

  app.post('/api/v1/scanner/sync', {
    schema: {
      tags: ['door'], summary: 'Report scans a device let in while offline; idempotent by scanId', security: [{ bearerAuth: [] }],
      body: z.strictObject({
        scans: z.array(z.strictObject({
          scanId: z.string().regex(/^[A-Za-z0-9._:-]{8,100}$/, '8–100 letters, digits or . _ : -'),
          token: z.string().max(4_000),
          gate: z.string().min(1).max(50),
          scannedAt: instant,
        })).min(1).max(500),
      }),
    },
  }, async (request) => {
    const device = requireDoorDevice(request);
    // Every gate first: a batch with a foreign gate is refused whole and records nothing.
    for (const scan of request.body.scans) assertDeviceGate(device, scan.gate);
    const context = { actor: `device:${device.deviceId}`, correlationId: request.id };
    const results = [];
    // In order, one at a time: a batch is one device's history, and two scans of one ticket in it must meet in order.
    for (const scan of request.body.scans) {
      const answer = await door.desk.scan({ device, token: scan.token, gate: scan.gate, scannedAt: scan.scannedAt, direction: 'in', mode: 'offline', scanId: scan.scanId }, context);
      results.push({
        scanId: scan.scanId,
        status: answer.result === 'admitted' ? 'accepted' : answer.reason === 'already-checked-in' ? 'duplicate' : 'refused',
        reason: answer.reason,
        ...(answer.firstScan ? { firstScan: answer.firstScan } : {}),
      });
    }
    return { results };
  });

  app.get('/api/v1/scanner/events/:eventId/manifest', {
    schema: {
      tags: ['door'], summary: 'What a device needs to check tickets offline: keys, revocations, every ticket\'s door state (holders sealed)', security: [{ bearerAuth: [] }],
      params: eventIdParams,
      querystring: z.strictObject({ after: z.string().regex(DOOR_STATE_CURSOR, 'a cursor from an earlier manifest, like 8345:120').optional() }),
    },
  }, async (request, reply) => {
    const device = requireDoorDevice(request);
    // A device sees its own event only; another event is not there for it.
    if (device.eventId !== request.params.eventId) throw new HttpProblem({ status: 404, slug: 'not-found', detail: `this device is not registered for event ${request.params.eventId}` });
    // Read your writes: a device that just scanned finds that check-in in its next delta.
    await freshness.waitForHead(2_000);
    reply.header('cache-control', 'no-store');
    return door.manifest(device.eventId, request.query.after);
  });
};
