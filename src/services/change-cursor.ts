import { opaqueCursor } from './opaque-cursor.js';

// A change feed cursor: the number of the last change seen (a bigint, kept as text).
const changeCursor = opaqueCursor('change', (text) => (/^(0|[1-9]\d{0,17})$/.test(text) ? text : undefined), 'a change cursor');

export const encodeChangeCursor = (seq: string): string => changeCursor.encode(seq);
/** The change number a cursor stands for; BAD_REQUEST for anything we did not hand out. */
export const decodeChangeCursor = (cursor: string): string => changeCursor.decode(cursor);
