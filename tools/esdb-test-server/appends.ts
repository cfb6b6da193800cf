import type { sendUnaryData, ServerDuplexStream, ServerReadableStream } from '@grpc/grpc-js';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { AllStreamPosition, BadRequest, Empty } from '@eventstore/db-client/generated/shared_pb';
import { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import type { ExpectedRevision } from './commit-check';
import type { ServerContext } from './server-context';
import type { ProposedEvent, WriteOutcome } from './transaction-log';
import {
  batchStatus, expectedRevisionOf, rpcErrors, ServiceError, streamDeletedStatus, streamIdentifier, streamName, timeoutStatus,
  uuidString, wrongExpectedVersionStatus,
} from './wire';

type Proposed = AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage;

function proposedEvent(message: Proposed): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  if (!type || !contentType) throw new Error("Required metadata properties 'type' and 'content-type' are missing");
  return { id: uuidString(message.getId()), type, contentType, data: message.getData_asU8(), metadata: message.getCustomMetadata_asU8() };
}

/**
 * The write itself, with the faults that can stand in its way: a follower refuses it (NotLeader),
 * a dying server may take it down with it — before or after committing.
 */
function write(context: ServerContext, stream: string, expected: ExpectedRevision, events: ProposedEvent[]): WriteOutcome | ServiceError | 'gone' {
  const leader = context.faults.leader;
  if (leader) return rpcErrors.notLeader(leader.host, leader.port);
  const goAway = context.faults.takeGoAwayPlan();
  if (goAway && !goAway.afterCommit) {
    context.goAway();
    return 'gone';
  }
  const outcome = context.log.append(stream, expected, events);
  if (goAway) {
    context.goAway();
    return 'gone';
  }
  return outcome;
}

/** Streams.Append: options, then one proposed message per request, answered once the client half-closes. */
export function append(context: ServerContext) {
  return (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>) => {
    let stream = '';
    let expected: ExpectedRevision = 'any';
    const events: ProposedEvent[] = [];
    let failed: ServiceError | null = null;
    call.on('data', (request: AppendReq) => {
      try {
        const options = request.getOptions();
        if (options) {
          stream = streamName(options.getStreamIdentifier());
          expected = expectedRevisionOf(options, options.hasRevision() ? options.getRevision() : undefined);
        }
        const message = request.getProposedMessage();
        if (message) events.push(proposedEvent(message));
      } catch (error) {
        failed ??= toServiceError(error);
      }
    });
    call.on('end', () => {
      if (failed) return callback(failed);
      if (!stream) return callback(rpcErrors.invalidArgument('stream identifier missing'));
      const outcome = write(context, stream, expected, events);
      if (outcome === 'gone') return;
      if ('code' in outcome) return callback(outcome);
      if (outcome.kind === 'streamDeleted') return callback(rpcErrors.streamDeleted(stream));
      const response = new AppendResp();
      if (outcome.kind === 'wrongExpectedVersion') {
        const wrong = new AppendResp.WrongExpectedVersion();
        if (outcome.currentRevision < 0n) wrong.setCurrentNoStream(new Empty());
        else wrong.setCurrentRevision(outcome.currentRevision.toString());
        if (expected === 'any') wrong.setExpectedAny(new Empty());
        else if (expected === 'no_stream') wrong.setExpectedNoStream(new Empty());
        else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
        else wrong.setExpectedRevision(expected.toString());
        response.setWrongExpectedVersion(wrong);
        return callback(null, response);
      }
      const success = new AppendResp.Success();
      if (outcome.lastRevision < 0n) success.setNoStream(new Empty());
      else success.setCurrentRevision(outcome.lastRevision.toString());
      if (outcome.position === null) success.setNoPosition(new Empty());
      else {
        const position = new AppendResp.Position();
        position.setCommitPosition(outcome.position.toString());
        position.setPreparePosition(outcome.position.toString());
        success.setPosition(position);
      }
      response.setSuccess(success);
      callback(null, response);
    });
  };
}

interface PendingBatch {
  readonly stream: string;
  readonly expected: ExpectedRevision;
  readonly deadline: Date | null;
  readonly events: ProposedEvent[];
  failure: Error | null;
}

/**
 * Streams.BatchAppend: one long-lived duplex call carries many appends, each identified by its
 * correlation id; its first request has the options, its last says `is_final`. Each append is
 * answered on its own; a NotLeader ends the whole call (the server throws it out of the write's
 * callback), which the client maps to NotLeaderError and follows to the leader.
 */
export function batchAppend(context: ServerContext) {
  return (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => {
    const pending = new Map<string, PendingBatch>();
    let failed = false;
    call.on('data', (request: BatchAppendReq) => {
      if (failed) return;
      try {
        receive(request);
      } catch (error) {
        // A request the server cannot even attribute to an append: the whole call fails.
        failed = true;
        call.emit('error', toServiceError(error));
      }
    });
    const receive = (request: BatchAppendReq) => {
      const correlationId = request.getCorrelationId();
      const key = correlationId ? uuidString(correlationId) : '';
      const options = request.getOptions();
      if (options && !pending.has(key)) {
        pending.set(key, {
          stream: streamName(options.getStreamIdentifier()),
          expected: expectedRevisionOf(options, options.hasStreamPosition() ? options.getStreamPosition() : undefined),
          deadline: options.hasDeadline() ? (options.getDeadline()?.toDate() ?? null) : null,
          events: [],
          failure: null,
        });
      }
      const batch = pending.get(key);
      if (!batch) return;
      try {
        for (const message of request.getProposedMessagesList()) batch.events.push(proposedEvent(message));
      } catch (error) {
        batch.failure = error as Error;
      }
      if (!request.getIsFinal()) return;
      pending.delete(key);

      const response = new BatchAppendResp();
      response.setCorrelationId(correlationId);
      response.setStreamIdentifier(streamIdentifier(batch.stream));
      if (batch.failure || !batch.stream) {
        const details = new BadRequest();
        details.setMessage(batch.failure?.message ?? 'stream identifier missing');
        response.setError(batchStatus(Code.INVALID_ARGUMENT, 'BadRequest', details, 'event_store.client.BadRequest'));
        call.write(response);
        return;
      }
      if (batch.deadline && batch.deadline.getTime() <= Date.now()) {
        response.setError(timeoutStatus());
        call.write(response);
        return;
      }
      const outcome = write(context, batch.stream, batch.expected, batch.events);
      if (outcome === 'gone') return;
      if ('code' in outcome) {
        failed = true;
        call.emit('error', outcome);
        return;
      }
      if (outcome.kind === 'wrongExpectedVersion') response.setError(wrongExpectedVersionStatus(outcome.currentRevision, batch.expected));
      else if (outcome.kind === 'streamDeleted') response.setError(streamDeletedStatus(batch.stream));
      else {
        const success = new BatchAppendResp.Success();
        if (outcome.lastRevision < 0n) success.setNoStream(new ProtobufEmpty());
        else success.setCurrentRevision(outcome.lastRevision.toString());
        if (outcome.position === null) success.setNoPosition(new ProtobufEmpty());
        else {
          const position = new AllStreamPosition();
          position.setCommitPosition(outcome.position.toString());
          position.setPreparePosition(outcome.position.toString());
          success.setPosition(position);
        }
        response.setSuccess(success);
      }
      call.write(response);
    };
    // The client half-closes when it disposes; the server then closes its side.
    call.on('end', () => {
      if (!failed) call.end();
    });
  };
}

function toServiceError(error: unknown): ServiceError {
  if (typeof error === 'object' && error !== null && 'code' in error && 'metadata' in error) return error as ServiceError;
  return rpcErrors.invalidArgument(error instanceof Error ? error.message : String(error));
}
