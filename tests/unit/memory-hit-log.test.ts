import { describe, expect, it } from 'vitest';
import { MemoryHitLog } from '../../src/services/abuse/hit-log.js';

describe('MemoryHitLog', () => {
  it('records hits up to the maximum within the window, and counts them', async () => {
    const log = new MemoryHitLog();
    for (let i = 1; i <= 3; i++) expect(await log.hit('k', 1000 + i, 60_000, 3, true)).toMatchObject({ count: i, recorded: true, oldest: 1001 });
    expect(await log.hit('k', 1005, 60_000, 3, true)).toEqual({ count: 3, recorded: false, oldest: 1001 });
  });

  it('forgets hits older than the window, one at a time (sliding)', async () => {
    const log = new MemoryHitLog();
    await log.hit('k', 0, 1000, 2, true);
    await log.hit('k', 500, 1000, 2, true);
    expect((await log.hit('k', 999, 1000, 2, true)).recorded).toBe(false);
    expect(await log.hit('k', 1000, 1000, 2, true)).toMatchObject({ count: 2, recorded: true, oldest: 500 });
  });

  it('peeks without recording, and keeps keys apart', async () => {
    const log = new MemoryHitLog();
    expect(await log.hit('a', 0, 1000, 5, false)).toEqual({ count: 0, recorded: false, oldest: undefined });
    await log.hit('a', 1, 1000, 5, true);
    expect((await log.hit('b', 2, 1000, 5, false)).count).toBe(0);
    expect((await log.hit('a', 2, 1000, 5, false)).count).toBe(1);
  });

  it('stays correct past the compaction of a long queue', async () => {
    const log = new MemoryHitLog();
    // Hits at 0..4999 in a 100 ms window: at 5000, those after 4900 remain.
    for (let t = 0; t < 5000; t++) await log.hit('k', t, 100, 1000, true);
    expect(await log.hit('k', 5000, 100, 1000, false)).toEqual({ count: 99, recorded: false, oldest: 4901 });
  });
});

describe('MemoryHitLog release', () => {
  it('takes back the one hit its receipt names', async () => {
    const log = new MemoryHitLog();
    await log.hit('k', 1, 60_000, 2, true);
    const { receipt } = await log.hit('k', 2, 60_000, 2, true);
    expect((await log.hit('k', 3, 60_000, 2, true)).recorded).toBe(false);
    await log.release('k', receipt!);
    expect(await log.hit('k', 4, 60_000, 2, true)).toMatchObject({ count: 2, recorded: true, oldest: 1 });
  });
});

describe('MemoryHitLog bounds', () => {
  it('tracks at most its maximum of keys, the oldest making room', async () => {
    const log = new MemoryHitLog(100);
    for (let i = 0; i < 1000; i++) await log.hit(`k${i}`, 0, 60_000, 5, true);
    expect(log.size).toBe(100);
    expect((await log.hit('k999', 1, 60_000, 5, false)).count).toBe(1);
    expect((await log.hit('k0', 1, 60_000, 5, false)).count).toBe(0);
  });
});
