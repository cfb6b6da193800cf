import { Metadata, status } from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { StreamDeleted, StreamIdentifier, Timeout, UUID, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { ExpectedRevision } from './commit-check';
import type { LoggedEvent, LogPosition } from './transaction-log';

/**
 * Conversions between the client's generated protobuf messages and the log, and the errors
 * EventStoreDB answers with: gRPC status + `exception` trailer for calls, google.rpc.Status with
 * packed details inside BatchAppend responses.
 */

export interface ServiceError {
  readonly code: status;
  readonly details: string;
  readonly metadata: Metadata;
}

const EXPECTED_VERSION_NUMBER = { any: -2n, no_stream: -1n, stream_exists: -4n } as const;

function serviceError(code: status, details: string, trailers: Record<string, string> = {}): ServiceError {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return { code, details, metadata };
}

export const rpcErrors = {
  streamDeleted: (streamName: string) =>
    serviceError(status.FAILED_PRECONDITION, `Event stream '${streamName}' is deleted.`, { exception: 'stream-deleted', 'stream-name': streamName }),
  notLeader: (host: string, port: number) =>
    serviceError(status.NOT_FOUND, 'Leader info available', { exception: 'not-leader', 'leader-endpoint-host': host, 'leader-endpoint-port': String(port) }),
  wrongExpectedVersion: (operation: string, streamName: string, expected: ExpectedRevision, actual: bigint) => {
    const expectedNumber = typeof expected === 'bigint' ? expected : EXPECTED_VERSION_NUMBER[expected];
    return serviceError(status.FAILED_PRECONDITION,
      `${operation} failed due to WrongExpectedVersion. Stream: ${streamName}, Expected version: ${expectedNumber}, Actual version: ${actual}`,
      { exception: 'wrong-expected-version', 'stream-name': streamName, 'expected-version': String(expectedNumber), 'actual-version': String(actual) });
  },
  invalidArgument: (details: string) => serviceError(status.INVALID_ARGUMENT, details),
  unavailable: (details: string) => serviceError(status.UNAVAILABLE, details),
};

/** The expected-revision oneof that Append, BatchAppend, Delete and Tombstone options all carry. */
export function expectedRevisionOf(
  options: { hasAny(): boolean; hasNoStream(): boolean; hasStreamExists(): boolean },
  revision: string | undefined,
): ExpectedRevision {
  if (options.hasAny()) return 'any';
  if (options.hasNoStream()) return 'no_stream';
  if (options.hasStreamExists()) return 'stream_exists';
  if (revision !== undefined) return BigInt(revision);
  throw rpcErrors.invalidArgument('expected revision missing');
}

/** Where a read or subscription of `$all` starts. */
export function allPosition(options: ReadReq.Options.AllOptions): 'start' | 'end' | LogPosition {
  if (options.hasStart()) return 'start';
  if (options.hasEnd()) return 'end';
  const position = options.getPosition();
  if (!position) throw rpcErrors.invalidArgument('position missing');
  return { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) };
}

/** Where a read or subscription of a stream starts. */
export function streamRevision(options: ReadReq.Options.StreamOptions): 'start' | 'end' | bigint {
  if (options.hasStart()) return 'start';
  if (options.hasEnd()) return 'end';
  return BigInt(options.getRevision());
}

export function streamName(identifier: StreamIdentifier | undefined): string {
  return identifier ? Buffer.from(identifier.getStreamName_asU8()).toString('utf8') : '';
}

export function streamIdentifier(name: string): StreamIdentifier {
  const identifier = new StreamIdentifier();
  identifier.setStreamName(new Uint8Array(Buffer.from(name, 'utf8')));
  return identifier;
}

export function uuidString(uuid: UUID | undefined): string {
  if (!uuid) throw rpcErrors.invalidArgument('event id missing');
  if (uuid.hasString()) return uuid.getString().toLowerCase();
  const structured = uuid.getStructured();
  if (!structured) throw rpcErrors.invalidArgument('event id missing');
  const bytes = Buffer.alloc(16);
  bytes.writeBigInt64BE(BigInt(structured.getMostSignificantBits()), 0);
  bytes.writeBigInt64BE(BigInt(structured.getLeastSignificantBits()), 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function uuidMessage(id: string, asString: boolean): UUID {
  const uuid = new UUID();
  if (asString) {
    uuid.setString(id);
    return uuid;
  }
  const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');
  const structured = new UUID.Structured();
  structured.setMostSignificantBits(bytes.readBigInt64BE(0).toString());
  structured.setLeastSignificantBits(bytes.readBigInt64BE(8).toString());
  uuid.setStructured(structured);
  return uuid;
}

/** A ReadResp carrying one event, positioned as EventStoreDB 23+ positions self-committed events. */
export function readEventResponse(event: LoggedEvent, uuidAsString: boolean): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  recorded.setId(uuidMessage(event.id, uuidAsString));
  recorded.setStreamIdentifier(streamIdentifier(event.streamId));
  recorded.setStreamRevision(event.revision.toString());
  recorded.setCommitPosition(event.position.toString());
  recorded.setPreparePosition(event.position.toString());
  recorded.getMetadataMap().set('type', event.type);
  recorded.getMetadataMap().set('content-type', event.contentType);
  recorded.getMetadataMap().set('created', event.created.toString());
  recorded.setData(event.data);
  recorded.setCustomMetadata(event.metadata);
  const readEvent = new ReadResp.ReadEvent();
  readEvent.setEvent(recorded);
  readEvent.setCommitPosition(event.position.toString());
  const response = new ReadResp();
  response.setEvent(readEvent);
  return response;
}

/** A BatchAppend error: google.rpc.Status whose `details` is an Any packing EventStoreDB's message. */
export function batchStatus(code: Code, message: string, details: { serializeBinary(): Uint8Array }, typeName: string): Status {
  const any = new Any();
  any.pack(details.serializeBinary(), typeName);
  const result = new Status();
  result.setCode(code);
  result.setMessage(message);
  result.setDetails(any);
  return result;
}

export function wrongExpectedVersionStatus(current: bigint, expected: ExpectedRevision): Status {
  const details = new WrongExpectedVersion();
  if (current < 0n) details.setCurrentNoStream(new ProtobufEmpty());
  else details.setCurrentStreamRevision(current.toString());
  if (expected === 'any') details.setExpectedAny(new ProtobufEmpty());
  else if (expected === 'no_stream') details.setExpectedNoStream(new ProtobufEmpty());
  else if (expected === 'stream_exists') details.setExpectedStreamExists(new ProtobufEmpty());
  else details.setExpectedStreamPosition(expected.toString());
  return batchStatus(Code.ALREADY_EXISTS, 'WrongExpectedVersion', details, 'event_store.client.WrongExpectedVersion');
}

export function streamDeletedStatus(name: string): Status {
  const details = new StreamDeleted();
  details.setStreamIdentifier(streamIdentifier(name));
  return batchStatus(Code.NOT_FOUND, 'StreamDeleted', details, 'event_store.client.StreamDeleted');
}

export function timeoutStatus(): Status {
  return batchStatus(Code.DEADLINE_EXCEEDED, 'Timeout', new Timeout(), 'event_store.client.Timeout');
}
