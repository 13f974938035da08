import { describe, expect, it } from 'vitest';
import { MAX_ID } from '../../src/db/database.types.js';
import { AppError } from '../../src/errors/app-error.js';
import { decodeTaskCursor, encodeTaskCursor, filterFingerprint, type ListWalk } from '../../src/services/tasks/task-cursor.js';

const plain: ListWalk = { order: 'id', filter: '' };
const byDueDate: ListWalk = { order: 'due_date', filter: filterFingerprint({ completion: false }) };
const task = (id: number, sort_key?: string) => ({ id, sort_key }) as Parameters<typeof encodeTaskCursor>[1];

describe('the task cursor', () => {
  it('gives back the id it was made from, and the sort key in another order', () => {
    for (const id of [1, 42, MAX_ID]) expect(decodeTaskCursor(encodeTaskCursor(plain, task(id)), plain)).toEqual({ key: null, id });
    const key = '2026-12-08 10:00:00.123456+00';
    expect(decodeTaskCursor(encodeTaskCursor(byDueDate, task(7, key)), byDueDate)).toEqual({ key, id: 7 });
  });

  it('is opaque: not the id in clear', () => {
    expect(encodeTaskCursor(plain, task(42))).not.toContain('42');
  });

  it('refuses what it did not hand out with BAD_REQUEST', () => {
    const forged = (text: string) => Buffer.from(text).toString('base64url');
    const forgeries = ['', '42', 'not a cursor!', forged('task:0'), forged('task:-1'), forged(`task:${MAX_ID + 1}`), forged('user:42'), 'A'.repeat(33)];
    forgeries.push(forged('tasks:["due_date","",null,1]'), forged('tasks:{}'), forged(`tasks:["id","",null,${MAX_ID + 1}]`), 'A'.repeat(2000));
    for (const cursor of forgeries) expect(() => decodeTaskCursor(cursor, plain), cursor).toThrow(AppError);
  });

  it('refuses a cursor of another order or of other filters, saying which', () => {
    const cursor = encodeTaskCursor(byDueDate, task(7, 'infinity'));
    expect(() => decodeTaskCursor(cursor, { ...byDueDate, order: '-due_date' })).toThrow(/another order \(due_date\)/);
    expect(() => decodeTaskCursor(cursor, { ...byDueDate, filter: filterFingerprint({ completion: true }) })).toThrow(/other filters/);
    expect(() => decodeTaskCursor(encodeTaskCursor(plain, task(7)), byDueDate)).toThrow(/another order \(id\)/);
  });
});
