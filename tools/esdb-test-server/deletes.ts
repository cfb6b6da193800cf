import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { DeleteReq, DeleteResp, TombstoneReq, TombstoneResp } from '@eventstore/db-client/generated/streams_pb';
import type { ServerContext } from './server-context';
import type { WriteOutcome } from './transaction-log';
import { expectedRevisionOf, rpcErrors, ServiceError, streamName } from './wire';

type DeleteOptions = DeleteReq.Options | TombstoneReq.Options;

function deletion(context: ServerContext, options: DeleteOptions | undefined, hard: boolean): { outcome: WriteOutcome; stream: string } | ServiceError {
  if (!options) return rpcErrors.invalidArgument('delete options missing');
  const leader = context.faults.leader;
  if (leader) return rpcErrors.notLeader(leader.host, leader.port);
  const stream = streamName(options.getStreamIdentifier());
  const expected = expectedRevisionOf(options, options.hasRevision() ? options.getRevision() : undefined);
  const outcome = hard ? context.log.tombstone(stream, expected) : context.log.softDelete(stream, expected);
  if (outcome.kind === 'wrongExpectedVersion') return rpcErrors.wrongExpectedVersion('Delete', stream, expected, outcome.currentRevision);
  if (outcome.kind === 'streamDeleted') return rpcErrors.streamDeleted(stream);
  return { outcome, stream };
}

/** Streams.Delete: a soft delete. Reads then say "not found"; appending brings the stream back. */
export function softDelete(context: ServerContext) {
  return (call: ServerUnaryCall<DeleteReq, DeleteResp>, callback: sendUnaryData<DeleteResp>) => {
    const result = deletion(context, call.request.getOptions(), false);
    if ('code' in result) return callback(result);
    const response = new DeleteResp();
    const position = new DeleteResp.Position();
    if (result.outcome.kind === 'written' && result.outcome.position !== null) {
      position.setCommitPosition(result.outcome.position.toString());
      position.setPreparePosition(result.outcome.position.toString());
      response.setPosition(position);
    }
    callback(null, response);
  };
}

/** Streams.Tombstone: a hard delete. The stream can never be read or written again. */
export function tombstone(context: ServerContext) {
  return (call: ServerUnaryCall<TombstoneReq, TombstoneResp>, callback: sendUnaryData<TombstoneResp>) => {
    const result = deletion(context, call.request.getOptions(), true);
    if ('code' in result) return callback(result);
    const response = new TombstoneResp();
    const position = new TombstoneResp.Position();
    if (result.outcome.kind === 'written' && result.outcome.position !== null) {
      position.setCommitPosition(result.outcome.position.toString());
      position.setPreparePosition(result.outcome.position.toString());
      response.setPosition(position);
    }
    callback(null, response);
  };
}
