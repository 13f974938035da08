import pg from 'pg';
import { MAX_ID } from '../src/db/database.types.js';
import { GET, LIST } from './ceiling-statements.js';

/**
 * What the bench's own servers (the ceiling, the frameworks' reference) share: a pg pool on
 * the bench's database, the seeded user they answer for, and the two reads, run as the app
 * runs them (named prepared statements, one row past the page to tell whether more follow).
 */
export const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
pool.on('error', () => {});
export const userId = Number(process.env.USER_ID);

export type TaskRow = Record<string, unknown>;

/** The first page of `limit` tasks; one row past it is read to tell whether more follow. */
export async function readTaskPage(limit: number): Promise<{ tasks: TaskRow[]; hasMore: boolean }> {
  const { rows } = await pool.query<TaskRow>({ name: 'list', text: LIST, values: [userId, 0, userId, MAX_ID, limit + 1] });
  return { tasks: rows.slice(0, limit), hasMore: rows.length > limit };
}

export const readTask = async (id: number): Promise<TaskRow | undefined> =>
  (await pool.query<TaskRow>({ name: 'get', text: GET, values: [userId, id] })).rows[0];
