/**
 * Door device tokens: HS256 JWTs (jose) with the API's secret, audience `marquee:door-device`,
 * `sub` the device id and `evt` its event. Long-lived on purpose (a phone paired before doors
 * open must still work at midnight, offline in between): no `exp`. What ends a token is the
 * device's revocation, which the scanner routes read from the device's stream on every call.
 */
import { jwtVerify, SignJWT } from 'jose';

export const DEVICE_TOKEN_AUDIENCE = 'marquee:door-device';
const ISSUER = 'marquee';

export interface DeviceTokenClaims {
  readonly deviceId: string;
  readonly eventId: string;
}

export interface DeviceTokens {
  sign(claims: DeviceTokenClaims, issuedAt: Date): Promise<string>;
  /** The device and event a token names, or null when it is forged, altered, for someone else, or malformed. */
  verify(token: string): Promise<DeviceTokenClaims | null>;
}

export function deviceTokens(secret: string): DeviceTokens {
  // Its own key, derived from the secret, so an organizer session can never pass as a device token or back.
  const key = new TextEncoder().encode(`${secret}:door-devices`);
  return {
    sign: ({ deviceId, eventId }, issuedAt) => new SignJWT({ evt: eventId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(deviceId).setIssuer(ISSUER).setAudience(DEVICE_TOKEN_AUDIENCE).setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
      .sign(key),
    verify: async (token) => {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: DEVICE_TOKEN_AUDIENCE, algorithms: ['HS256'], requiredClaims: ['sub', 'evt'] });
        return typeof payload.sub === 'string' && typeof payload['evt'] === 'string' ? { deviceId: payload.sub, eventId: payload['evt'] } : null;
      } catch {
        return null;
      }
    },
  };
}

/**
 * What the organizer's screen shows as a QR code for the scanner app to pair with: where the
 * API is and the device's token, in one line of text (`marquee-door:1:<base64url JSON>`).
 */
export function pairingPayload(apiOrigin: string, device: { deviceId: string; eventId: string; name: string; gates: readonly string[] }, token: string): string {
  const json = JSON.stringify({ api: apiOrigin, eventId: device.eventId, deviceId: device.deviceId, name: device.name, gates: device.gates, token });
  return `marquee-door:1:${Buffer.from(json).toString('base64url')}`;
}
