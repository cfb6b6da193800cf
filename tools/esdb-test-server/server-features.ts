import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { Empty } from '@eventstore/db-client/generated/shared_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';

const STREAMS = 'event_store.client.streams.streams';

/**
 * ServerFeatures.GetSupportedMethods, lower-cased as EventStoreDB lists them. The client looks for
 * BatchAppend here: when it is listed, every append goes over the batch-append call.
 */
export function serverFeatures(version: string) {
  const methods = [
    { name: 'read', features: ['position', 'events'] },
    { name: 'append', features: [] },
    { name: 'batchappend', features: [] },
    { name: 'delete', features: [] },
    { name: 'tombstone', features: [] },
  ];
  return {
    getSupportedMethods: (_call: ServerUnaryCall<Empty, SupportedMethods>, callback: sendUnaryData<SupportedMethods>) => {
      const supported = new SupportedMethods();
      supported.setEventStoreServerVersion(version);
      supported.setMethodsList(methods.map(({ name, features }) => {
        const method = new SupportedMethod();
        method.setServiceName(STREAMS);
        method.setMethodName(name);
        method.setFeaturesList(features);
        return method;
      }));
      callback(null, supported);
    },
  };
}
