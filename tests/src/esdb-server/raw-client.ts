import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import type { AllStreamResolvedEvent, AllStreamSubscription, Position, ResolvedEvent } from '@eventstore/db-client';
import type { EsdbTestServer } from '@marquee/esdb-test-server';
export { eventually } from '@marquee/testing';

/** Helpers for driving the test server with the real `@eventstore/db-client`, as an application would. */

const clients: EventStoreDBClient[] = [];

export function clientOf(server: EsdbTestServer): EventStoreDBClient {
  const client = EventStoreDBClient.connectionString(server.connectionString);
  clients.push(client);
  return client;
}

export async function disposeClients(): Promise<void> {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
}

export const stream = (label = 'gig') => `${label}-${randomUUID()}`;

export const json = (type: string, data: Record<string, unknown> = {}, metadata?: Record<string, unknown>) =>
  jsonEvent({ type, data, ...(metadata && { metadata }) });

export async function collect<E extends ResolvedEvent | AllStreamResolvedEvent>(read: AsyncIterable<E>): Promise<NonNullable<E['event']>[]> {
  const events: NonNullable<E['event']>[] = [];
  for await (const resolved of read) if (resolved.event) events.push(resolved.event as NonNullable<E['event']>);
  return events;
}

export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => {
    throw new Error('expected a failure');
  }, (error: unknown) => error);
}


export type Observed =
  | { readonly kind: 'event'; readonly streamId: string; readonly type: string; readonly revision: bigint; readonly position: Position }
  | { readonly kind: 'checkpoint'; readonly position: Position }
  | { readonly kind: 'caughtUp' };

/**
 * What a subscription of the client said, in the order the server said it. The client hands out
 * events as stream data but checkpoints and caught-up beside them, so each of those is placed after
 * the events already pushed when it came (handed out plus still buffered).
 */
export function observe(open: (checkpointReached: (position: Position) => void) => AllStreamSubscription): { subscription: AllStreamSubscription; seen: Observed[] } {
  const seen: Observed[] = [];
  const waiting: { after: number; message: Observed }[] = [];
  let received = 0;
  const mark = (message: Observed) => {
    const after = received + subscription.readableLength;
    if (after === received) seen.push(message);
    else waiting.push({ after, message });
  };
  const subscription = open((position) => mark({ kind: 'checkpoint', position }));
  subscription.on('caughtUp', () => mark({ kind: 'caughtUp' }));
  subscription.on('data', (resolved: AllStreamResolvedEvent) => {
    received++;
    const event = resolved.event;
    if (event) seen.push({ kind: 'event', streamId: event.streamId, type: event.type, revision: event.revision, position: event.position });
    while (waiting[0] && waiting[0].after <= received) seen.push((waiting.shift() as { message: Observed }).message);
  });
  subscription.on('error', () => undefined);
  return { subscription, seen };
}

export async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
