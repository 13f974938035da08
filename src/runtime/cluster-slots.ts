import type { Worker } from 'node:cluster';
import { SlotCounts, type ConnectionSlots, type SlotClaim } from '../graphql/socket/connection-slots.js';

/** The messages a server process and its primary exchange about connection slots. */
type SlotRequest = { slots: 'claim'; id: number; claims: SlotClaim[] } | { slots: 'release'; keys: string[] };
type SlotAnswer = { slots: 'claimed'; id: number; full: string | null };

const isSlotMessage = (message: unknown): message is { slots: string } =>
  typeof message === 'object' && message !== null && typeof (message as { slots?: unknown }).slots === 'string';

/**
 * A cluster's server process: its connection slots are counted by the primary, so the caps
 * hold for the instance, whichever process a connection landed on.
 */
export function slotsFromPrimary(): ConnectionSlots {
  const waiting = new Map<number, (full: string | undefined) => void>();
  let nextId = 0;
  process.on('message', (message: unknown) => {
    if (!isSlotMessage(message) || message.slots !== 'claimed') return;
    const { id, full } = message as SlotAnswer;
    waiting.get(id)?.(full ?? undefined);
    waiting.delete(id);
  });
  const send = (request: SlotRequest) => process.send?.(request);
  return {
    claim: (claims) =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        send({ slots: 'claim', id, claims: [...claims] });
      }),
    release: (keys) => send({ slots: 'release', keys: [...keys] }),
  };
}

/**
 * The primary's side: one count for every server process, and a process that dies gives
 * back everything it held (its connections died with it).
 */
export function slotsForWorkers(): (worker: Worker) => void {
  const counts = new SlotCounts();
  return (worker) => {
    const held = new Map<string, number>();
    worker.on('message', (message: unknown) => {
      if (!isSlotMessage(message)) return;
      const request = message as SlotRequest;
      if (request.slots === 'claim') {
        const full = counts.claim(request.claims);
        if (full === undefined) for (const { key } of request.claims) held.set(key, (held.get(key) ?? 0) + 1);
        const answer: SlotAnswer = { slots: 'claimed', id: request.id, full: full ?? null };
        if (worker.isConnected()) worker.send(answer);
        else if (full === undefined) counts.release(request.claims.map(({ key }) => key));
      } else if (request.slots === 'release') {
        for (const key of request.keys) {
          const count = held.get(key) ?? 0;
          if (count === 0) continue;
          if (count === 1) held.delete(key);
          else held.set(key, count - 1);
          counts.release([key]);
        }
      }
    });
    worker.once('exit', () => {
      for (const [key, count] of held) counts.release(Array(count).fill(key));
    });
  };
}
