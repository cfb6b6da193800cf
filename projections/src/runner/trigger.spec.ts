import { delay, Trigger } from './trigger';

describe('delay', () => {
  it('ends early when its trigger fires', async () => {
    const trigger = new Trigger();
    const started = Date.now();
    setTimeout(() => trigger.fire(), 10);
    await delay(5_000, trigger);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('ends at once when its trigger has already fired (a runner asked to stop mid-wait)', async () => {
    const trigger = new Trigger();
    trigger.fire();
    const started = Date.now();
    await delay(5_000, trigger);
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('without a trigger, waits its time', async () => {
    const started = Date.now();
    await delay(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
