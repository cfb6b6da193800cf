import { describeEventStoreConformance } from '../event-store-conformance';
import { MemoryEventStore } from './memory-event-store';

describeEventStoreConformance('memory', async () => {
  const store = new MemoryEventStore();
  return { store, dispose: () => store.close() };
});
