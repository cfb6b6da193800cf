import type { FastifyRequest } from 'fastify';
import type { RegisteredDoorDevice } from '@marquee/commands';
import { HttpProblem } from '../http/problems';
import type { DoorServices } from './door-services';

declare module 'fastify' {
  interface FastifyRequest {
    doorDevice: RegisteredDoorDevice | null;
  }
}

const CHALLENGE = 'Bearer realm="marquee-door"';

/**
 * onRequest hook for the scanner routes: `Authorization: Bearer <device token>`, and the device
 * still active (read from its stream, so a revocation counts from the next request on).
 */
export function deviceAuthentication(door: DoorServices) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined) throw new HttpProblem({ status: 401, slug: 'unauthorized', detail: 'Send the door device token as `Authorization: Bearer <token>`.', headers: { 'www-authenticate': CHALLENGE } });
    const found = await door.authenticate(token);
    if ('refused' in found) {
      throw found.refused === 'device-revoked'
        ? new HttpProblem({ status: 401, slug: 'device-revoked', detail: 'This door device was revoked by the organizer; pair it again.', headers: { 'www-authenticate': `${CHALLENGE}, error="invalid_token"` } })
        : new HttpProblem({ status: 401, slug: 'unauthorized', detail: 'The door device token is not valid.', headers: { 'www-authenticate': `${CHALLENGE}, error="invalid_token"` } });
    }
    request.doorDevice = found.device;
  };
}

export function requireDoorDevice(request: FastifyRequest): RegisteredDoorDevice {
  if (request.doorDevice) return request.doorDevice;
  throw new HttpProblem({ status: 401, slug: 'unauthorized', detail: 'Send the door device token as `Authorization: Bearer <token>`.' });
}
