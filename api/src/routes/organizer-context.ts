import type { FastifyRequest } from 'fastify';
import type { CommandContext } from '@marquee/commands';
import { requireOrganizer } from '../auth/authenticate';
import { HttpProblem } from '../http/problems';

/** The signed-in organizer of a request that passed `app.authenticate`, as the actor of its commands. */
export function organizerOf(request: FastifyRequest): { organizerId: string; context: CommandContext } {
  const organizer = requireOrganizer(request);
  return { organizerId: organizer.organizerId, context: { actor: `organizer:${organizer.organizerId}`, correlationId: request.id } };
}

/** `If-Match: W/"3"` → 3n: the revision an editing client saw, so it never overwrites unseen changes. */
export function expectedRevisionOf(request: FastifyRequest): { expectedRevision?: bigint } {
  const header = request.headers['if-match'];
  if (header === undefined) return {};
  const match = /^(?:W\/)?"(\d{1,18})"$/.exec(String(header).trim());
  if (!match?.[1]) throw new HttpProblem({ status: 400, slug: 'bad-request', detail: 'If-Match must be an ETag this API returned, like W/"3"' });
  return { expectedRevision: BigInt(match[1]) };
}

export const etagOf = (revision: bigint): string => `W/"${revision.toString()}"`;
