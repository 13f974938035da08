import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.types.js';
import { LiveSessions } from '../../src/services/auth/live-sessions.js';
import { ManualClock } from '../helpers/manual-clock.js';

/** A sessions table of one column (the owner), counting its reads. */
function fakeSessions(owners: Map<string, number>) {
  const reads = { count: 0 };
  return {
    reads,
    sessions: {
      async userOf(_db: Kysely<Database>, id: string) {
        reads.count += 1;
        return owners.get(id);
      },
    },
  };
}
const noDatabase = undefined as unknown as Kysely<Database>;

describe('LiveSessions', () => {
  it('reads the database every time while no feed is live', async () => {
    const { sessions, reads } = fakeSessions(new Map([['s1', 3]]));
    const live = new LiveSessions(noDatabase, sessions, new ManualClock());
    expect(await live.userOf('s1')).toBe(3);
    expect(await live.userOf('s1')).toBe(3);
    expect(reads.count).toBe(2);
  });

  it('remembers sessions while the feed is live, forgets an ended one, and re-reads after a minute', async () => {
    const table = new Map([['s1', 3]]);
    const { sessions, reads } = fakeSessions(table);
    const clock = new ManualClock();
    const live = new LiveSessions(noDatabase, sessions, clock);
    live.feedLive();
    await live.userOf('s1');
    await live.userOf('s1');
    expect(reads.count).toBe(1);

    table.delete('s1');
    live.ended('s1');
    expect(await live.userOf('s1')).toBeUndefined();
    expect(reads.count).toBe(2);

    table.set('s2', 4);
    await live.userOf('s2');
    table.delete('s2');
    clock.advance(61);
    expect(await live.userOf('s2')).toBeUndefined();
  });

  it('remembers nothing once the feed is lost, and nothing for a session that does not exist', async () => {
    const { sessions, reads } = fakeSessions(new Map([['s1', 3]]));
    const live = new LiveSessions(noDatabase, sessions, new ManualClock());
    live.feedLive();
    expect(await live.userOf('gone')).toBeUndefined();
    expect(await live.userOf('gone')).toBeUndefined();
    await live.userOf('s1');
    live.feedLost();
    await live.userOf('s1');
    expect(reads.count).toBe(4);
  });

  it('does not remember a read that an end overtook', async () => {
    const table = new Map([['s1', 3]]);
    let release: () => void = () => {};
    const sessions = {
      async userOf(_db: Kysely<Database>, id: string) {
        const owner = table.get(id);
        await new Promise<void>((resolve) => (release = resolve));
        return owner;
      },
    };
    const live = new LiveSessions(noDatabase, sessions, new ManualClock());
    live.feedLive();
    const stale = live.userOf('s1');
    table.delete('s1');
    live.ended('s1');
    release();
    expect(await stale).toBe(3);
    const fresh = live.userOf('s1');
    release();
    expect(await fresh).toBeUndefined();
  });
});
