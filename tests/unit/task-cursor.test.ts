import { describe, expect, it } from 'vitest';
import { MAX_ID } from '../../src/db/database.types.js';
import { AppError } from '../../src/errors/app-error.js';
import { decodeTaskCursor, encodeTaskCursor } from '../../src/services/tasks/task-cursor.js';

describe('the task cursor', () => {
  it('gives back the id it was made from', () => {
    for (const id of [1, 42, MAX_ID]) expect(decodeTaskCursor(encodeTaskCursor(id))).toBe(id);
  });

  it('is opaque: not the id in clear', () => {
    expect(encodeTaskCursor(42)).not.toContain('42');
  });

  it('refuses what it did not hand out with BAD_REQUEST', () => {
    const forged = (text: string) => Buffer.from(text).toString('base64url');
    for (const cursor of ['', '42', 'not a cursor!', forged('task:0'), forged('task:-1'), forged(`task:${MAX_ID + 1}`), forged('user:42'), 'A'.repeat(33)]) {
      expect(() => decodeTaskCursor(cursor), cursor).toThrow(AppError);
    }
  });
});
