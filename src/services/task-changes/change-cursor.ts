import type { ChangePosition } from '../../db/repositories/task-change.repository.js';
import { opaqueCursor } from '../opaque-cursor.js';

const MAX_BIGINT = 2n ** 63n - 1n;
const number = /^(0|[1-9]\d{0,18})$/;
const inRange = (text: string) => number.test(text) && BigInt(text) <= MAX_BIGINT;

/**
 * A change feed cursor: the position of the last change seen, `xid.seq`. A bare number is a
 * cursor handed out before positions had a transaction id: those changes sit at xid 0.
 */
function parsePosition(text: string): ChangePosition | undefined {
  const [xid, seq, extra] = text.includes('.') ? text.split('.') : ['0', text];
  return extra === undefined && xid !== undefined && seq !== undefined && inRange(xid) && inRange(seq) ? { xid, seq } : undefined;
}

const changeCursor = opaqueCursor('change', parsePosition, 'a change cursor', ({ xid, seq }) => `${xid}.${seq}`);

export const encodeChangeCursor = (position: ChangePosition): string => changeCursor.encode(position);
/** The position a cursor stands for; BAD_REQUEST for anything we did not hand out. */
export const decodeChangeCursor = (cursor: string): ChangePosition => changeCursor.decode(cursor);

/** Negative, zero or positive as `a` comes before, at or after `b` in the feed. */
export function comparePositions(a: ChangePosition, b: ChangePosition): number {
  const order = (x: string, y: string) => (BigInt(x) < BigInt(y) ? -1 : BigInt(x) > BigInt(y) ? 1 : 0);
  return order(a.xid, b.xid) || order(a.seq, b.seq);
}
