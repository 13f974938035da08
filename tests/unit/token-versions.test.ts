import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.types.js';
import { TokenVersions } from '../../src/services/auth/token-versions.js';
import { ManualClock } from '../helpers/manual-clock.js';

/** A users table of one column, counting its reads. */
function fakeUsers(versions: Map<number, number>) {
  const reads = { count: 0 };
  return {
    reads,
    users: {
      async getTokenVersion(_db: Kysely<Database>, id: number) {
        reads.count += 1;
        return versions.get(id);
      },
    },
  };
}
const noDatabase = undefined as unknown as Kysely<Database>;

describe('TokenVersions', () => {
  it('reads the database every time while no change feed is live', async () => {
    const { users, reads } = fakeUsers(new Map([[1, 3]]));
    const versions = new TokenVersions(noDatabase, users, new ManualClock());
    expect(await versions.current(1)).toBe(3);
    expect(await versions.current(1)).toBe(3);
    expect(reads.count).toBe(2);
  });

  it('remembers versions while the feed is live, forgets a changed one, and re-reads after a minute', async () => {
    const table = new Map([[1, 3]]);
    const { users, reads } = fakeUsers(table);
    const clock = new ManualClock();
    const versions = new TokenVersions(noDatabase, users, clock);
    versions.feedLive();
    await versions.current(1);
    await versions.current(1);
    expect(reads.count).toBe(1);

    table.set(1, 4);
    versions.changed(1);
    expect(await versions.current(1)).toBe(4);
    expect(reads.count).toBe(2);

    table.set(1, 5);
    clock.advance(61);
    expect(await versions.current(1)).toBe(5);
  });

  it('remembers nothing once the feed is lost, and nothing for a user who does not exist', async () => {
    const { users, reads } = fakeUsers(new Map([[1, 3]]));
    const versions = new TokenVersions(noDatabase, users, new ManualClock());
    versions.feedLive();
    expect(await versions.current(2)).toBeUndefined();
    expect(await versions.current(2)).toBeUndefined();
    await versions.current(1);
    versions.feedLost();
    await versions.current(1);
    expect(reads.count).toBe(4);
  });

  it('does not remember a read that a change overtook', async () => {
    const table = new Map([[1, 3]]);
    let release: () => void = () => {};
    const users = {
      async getTokenVersion(_db: Kysely<Database>, id: number) {
        const version = table.get(id);
        await new Promise<void>((resolve) => (release = resolve));
        return version;
      },
    };
    const versions = new TokenVersions(noDatabase, users, new ManualClock());
    versions.feedLive();
    const stale = versions.current(1);
    table.set(1, 4);
    versions.changed(1);
    release();
    expect(await stale).toBe(3);
    const fresh = versions.current(1);
    release();
    expect(await fresh).toBe(4);
  });
});
