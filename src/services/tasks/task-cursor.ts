import { isStorableId } from '../input-rules.js';
import { opaqueCursor } from '../opaque-cursor.js';

// A page cursor: the last task id seen.
const taskCursor = opaqueCursor('task', (text) => (/^\d{1,10}$/.test(text) && isStorableId(Number(text)) ? Number(text) : undefined), 'a cursor');

export const encodeTaskCursor = (id: number): string => taskCursor.encode(id);
/** The id a cursor stands for; BAD_REQUEST for anything we did not hand out. */
export const decodeTaskCursor = (cursor: string): number => taskCursor.decode(cursor);
