import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { keyIdOf, loadAggregate, publicJwkOf, TicketSigner } from '@marquee/commands';
import { TicketClaims, ticketClaimsOf, ticketDecider, ticketStreamName } from '@marquee/domain';
import type { RunningMarquee } from '@marquee/api';
import type { Api, ApiResponse } from './api';
import type { Organizer } from './organizer';

export interface RegisteredDevice {
  readonly id: string;
  readonly eventId: string;
  readonly name: string;
  readonly gates: readonly string[];
  readonly token: string;
  readonly pairing: { readonly qr: string };
}

export interface ScanAnswerBody {
  readonly scanId: string;
  readonly result: 'admitted' | 'exited' | 'refused';
  readonly reason: string | null;
  readonly detail: string;
  readonly ticket?: { ticketId: string; ticketType: string; seat?: string; holderName: string };
  readonly firstScan?: { at: string; gate: string; deviceId: string };
}

export async function registerDevice(api: Api, organizer: Organizer, eventId: string, name = 'North door', gates: string[] = ['north']): Promise<RegisteredDevice> {
  const response = await api.post<RegisteredDevice>(`/api/v1/organizer/events/${eventId}/devices`, { name, gates }, { token: organizer.token });
  if (response.status !== 201) throw new Error(`register device failed: ${response.status} ${response.text}`);
  return response.body;
}

export function scan(api: Api, device: RegisteredDevice, token: string, extra: { gate?: string; direction?: 'in' | 'out'; scannedAt?: string } = {}): Promise<ApiResponse<ScanAnswerBody>> {
  return api.post<ScanAnswerBody>('/api/v1/scanner/check-ins', {
    token, gate: extra.gate ?? device.gates[0], scannedAt: extra.scannedAt ?? new Date().toISOString(), ...(extra.direction ? { direction: extra.direction } : {}),
  }, { token: device.token });
}

/** The claims a ticket was issued with, from its stream (what its QR code's token says). */
export async function issuedClaims(marquee: RunningMarquee, ticketId: string): Promise<TicketClaims> {
  const { state } = await loadAggregate(marquee.store, ticketDecider, ticketStreamName(ticketId));
  if (state.status === 'None') throw new Error(`no ticket ${ticketId}`);
  return ticketClaimsOf(state);
}

/** The token printed on a ticket: signed by the running Marquee's current key, as its PDF and QR code are. */
export async function ticketToken(marquee: RunningMarquee, ticketId: string): Promise<string> {
  return marquee.services.tickets.signer.sign(await issuedClaims(marquee, ticketId));
}

export function newSigningKey(keyId?: string): { keyId: string; privateKey: KeyObject } {
  const privateKey = generateKeyPairSync('ed25519').privateKey;
  return { keyId: keyId ?? keyIdOf(publicJwkOf(privateKey)), privateKey };
}

export function signWith(key: { keyId: string; privateKey: KeyObject }, claims: TicketClaims): Promise<string> {
  return new TicketSigner({ current: key }).sign(claims);
}

/** Replaces a signed token's payload, keeping its header and signature (an edited QR code). */
export function withPayload(token: string, payload: unknown): string {
  const [header, , signature] = token.split('.');
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}
