import { copyEventLog } from './copy-event-log';
import { MemoryEventStore } from './memory/memory-event-store';
import { STORE_IDENTITY_STREAM, storeIdentity } from './store-identity';

describe('the identity of an event log', () => {
  it('is drawn once and read back after that, by every process that asks', async () => {
    const store = new MemoryEventStore();
    const [first, second, third] = await Promise.all([storeIdentity(store), storeIdentity(store), storeIdentity(store)]);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect([second, third]).toEqual([first, first]);
    expect(await storeIdentity(store)).toBe(first);
    expect(await store.readStream(STORE_IDENTITY_STREAM)).toHaveLength(1);
  });

  it('stays behind when the log is copied: the copy is another log with its own', async () => {
    const original = new MemoryEventStore();
    const id = await storeIdentity(original);
    await original.appendToStream('inventory-e1', [{ id: '9b7f8d2e-7f1a-4c33-9a51-2b0d6f6f6a01', type: 'InventoryOpened', data: {} }]);
    const copy = new MemoryEventStore();

    const result = await copyEventLog(original, copy);

    expect(result).toMatchObject({ copied: 1, streams: 1 });
    expect(await storeIdentity(copy)).not.toBe(id);
  });
});
