import { createHash } from 'node:crypto';
import { isSortKey, type PagePosition, type SortedTask, type TaskOrderField } from '../../db/repositories/task.repository.js';
import { AppError } from '../../errors/app-error.js';
import { isStorableId } from '../input-rules.js';
import { opaqueCursor } from '../opaque-cursor.js';

/**
 * What a walk through a list is: its order (`due_date`, `-priority`…) and a fingerprint of
 * its filters and scope. A cursor carries both, so one handed back with another order or
 * other filters is refused instead of quietly skipping or repeating tasks.
 */
export interface ListWalk {
  order: string;
  /** Empty for the plain list (the caller's own tasks, unfiltered). */
  filter: string;
}

/** The fingerprint of a list's filters and scope: the same for the same list, whatever the page. */
export function filterFingerprint(scopeAndFilter: object): string {
  const text = JSON.stringify(scopeAndFilter);
  return text === '{}' ? '' : createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

const storableId = (value: unknown): number | undefined => (typeof value === 'number' && isStorableId(value) ? value : undefined);

// The plain list in id order keeps the first cursors' form (the last id seen), so a client
// paging across an upgrade goes on.
const plainCursor = opaqueCursor('task', (text) => (/^\d{1,10}$/.test(text) ? storableId(Number(text)) : undefined), 'a cursor');

type Cursor = [order: string, filter: string, key: string | null, id: number];
const listCursor = opaqueCursor<Cursor>(
  'tasks',
  (text) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!Array.isArray(value) || value.length !== 4) return undefined;
    const [order, filter, key, id] = value as unknown[];
    const fits = typeof order === 'string' && typeof filter === 'string' && (key === null || typeof key === 'string');
    return fits && storableId(id) !== undefined ? [order, filter, key, id as number] : undefined;
  },
  'a cursor',
  (cursor) => JSON.stringify(cursor),
);

const isPlain = (walk: ListWalk) => walk.order === 'id' && walk.filter === '';

/** The cursor of `task` in `walk`: its id, and in an order other than id's its sort key. */
export function encodeTaskCursor(walk: ListWalk, task: SortedTask): string {
  return isPlain(walk) ? plainCursor.encode(task.id) : listCursor.encode([walk.order, walk.filter, task.sort_key ?? null, task.id]);
}

const otherWalk = (detail: string, reason: string) => new AppError('BAD_REQUEST', { message: `This cursor ${detail}`, reason, details: { cursor: [detail] } });

/** Where a cursor of `walk` continues; BAD_REQUEST for anything we did not hand out, or handed out for another order or filter. */
export function decodeTaskCursor(cursor: string, walk: ListWalk): PagePosition {
  const plainId = plainCursor.read(cursor);
  const [order, filter, key, id] = plainId === undefined ? listCursor.decode(cursor) : ['id', '', null, plainId];
  if (order !== walk.order) {
    throw otherWalk(`continues a list in another order (${order}): give that order, or start again without a cursor`, 'cursor of another order');
  }
  if (filter !== walk.filter) {
    throw otherWalk('continues a list with other filters or another project: give those, or start again without a cursor', 'cursor of another filter');
  }
  if (!isSortKey(order.replace(/^-/, '') as TaskOrderField, key)) throw invalidCursor();
  return { key, id };
}

/** BAD_REQUEST for a cursor we did not hand out. */
export const invalidCursor = () => listCursor.malformed();
