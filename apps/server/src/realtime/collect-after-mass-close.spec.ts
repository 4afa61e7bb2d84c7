import { CollectAfterMassClose } from './collect-after-mass-close';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('CollectAfterMassClose', () => {
  it('collects once, after a burst of closes has stopped', async () => {
    let collections = 0;
    const collector = new CollectAfterMassClose(() => collections++, 100, 50);
    for (let i = 0; i < 150; i++) collector.closedOne();
    await sleep(20);
    expect(collections).toBe(0);
    await sleep(80);
    expect(collections).toBe(1);
  });

  it('does not collect for closes below the threshold, nor for ones spread out in time', async () => {
    let collections = 0;
    const collector = new CollectAfterMassClose(() => collections++, 100, 30);
    for (let i = 0; i < 99; i++) collector.closedOne();
    await sleep(60);
    for (let i = 0; i < 99; i++) collector.closedOne();
    await sleep(60);
    expect(collections).toBe(0);
  });

  it('gets a working full collection without --expose-gc', () => {
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    const collector = new CollectAfterMassClose();
    expect(() => (collector as unknown as { collect: () => void }).collect()).not.toThrow();
  });
});
