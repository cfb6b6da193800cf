import { MemoryWaitingRoomQueue } from './memory-queue';
import { describeWaitingRoomQueue } from './queue-conformance';

describeWaitingRoomQueue('in-process', async () => {
  const queue = new MemoryWaitingRoomQueue();
  return { queue, dispose: () => queue.close() };
});
