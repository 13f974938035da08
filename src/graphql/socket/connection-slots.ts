/** A counted slot and how many may be held at once: `{ key: 'user:42', max: 20 }`. */
export interface SlotClaim {
  readonly key: string;
  readonly max: number;
}

/**
 * Counts the WebSocket connections held per session, user, address and in all. `claim`
 * takes one slot of every key or none: it answers the first key that is full (nothing is
 * then held), or undefined when all were taken. One count per instance: a process alone
 * counts in memory; the processes of a cluster ask their primary (runtime/cluster-slots.ts).
 */
export interface ConnectionSlots {
  claim(claims: readonly SlotClaim[]): Promise<string | undefined>;
  release(keys: readonly string[]): void;
}

/** The counts themselves, all or nothing per claim; also what a cluster's primary keeps for its processes. */
export class SlotCounts {
  private readonly held = new Map<string, number>();

  claim(claims: readonly SlotClaim[]): string | undefined {
    const full = claims.find(({ key, max }) => (this.held.get(key) ?? 0) >= max);
    if (full) return full.key;
    for (const { key } of claims) this.held.set(key, (this.held.get(key) ?? 0) + 1);
    return undefined;
  }

  release(keys: readonly string[]): void {
    for (const key of keys) {
      const count = (this.held.get(key) ?? 0) - 1;
      if (count > 0) this.held.set(key, count);
      else this.held.delete(key);
    }
  }
}

/** The slots of a process serving alone. */
export function localConnectionSlots(): ConnectionSlots {
  const counts = new SlotCounts();
  return {
    claim: async (claims) => counts.claim(claims),
    release: (keys) => counts.release(keys),
  };
}
