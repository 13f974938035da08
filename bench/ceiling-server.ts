import { createServer, type IncomingMessage } from 'node:http';
import pg from 'pg';
import { MAX_ID } from '../src/db/database.types.js';

/**
 * The ceiling: a bare node:http server answering the bench's requests with the statements
 * the app runs (TaskRepository's, as Kysely compiles them), run as the app runs them (the
 * two reads as named prepared statements), through pg and JSON.stringify — no framework, no
 * auth, no limits, no logging. `/const` answers a constant: the runtime's own ceiling.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
pool.on('error', () => {});
const userId = Number(process.env.USER_ID);
// The app's quota in the bench profile, so the insert's counter check is the app's.
const QUOTA = Number(process.env.TASK_QUOTA);
const COLUMNS = '"id", "title", "description", "completion", "priority", "due_date", "created_at", "updated_at"';

const LIST = `select ${COLUMNS} from "tasks" where ("user_id", "id") > ($1, $2) and ("user_id", "id") <= ($3, $4) order by "user_id", "id" limit $5`;
const GET = `select ${COLUMNS} from "tasks" where "user_id" = $1 and "id" = $2`;
const INSERT =
  'with "slot" as (update "users" set "task_count" = "task_count" + $1 where "id" = $2 and "task_count" < $3 returning "id") ' +
  'insert into "tasks" ("user_id", "title", "description", "completion", "priority", "due_date") ' +
  'select "slot"."id", $4 as "title", $5 as "description", $6 as "completion", $7::task_priority as "priority", $8::timestamptz as "due_date" from "slot" ' +
  `returning ${COLUMNS}`;
const UPDATE = `update "tasks" set "completion" = $1, "updated_at" = now() where "user_id" = $2 and "id" = $3 returning ${COLUMNS}`;

function readBody(req: IncomingMessage): Promise<{ title?: string; description?: string; completion?: boolean }> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => resolve(text ? JSON.parse(text) : {}));
  });
}

const server = createServer(async (req, res) => {
  const send = (status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  try {
    const url = new URL(req.url ?? '/', 'http://x');
    const id = Number(url.pathname.split('/')[2]);
    if (url.pathname === '/const') return send(200, { status: 'ok' });
    if (req.method === 'GET' && url.pathname === '/tasks') {
      const { rows } = await pool.query({ name: 'list', text: LIST, values: [userId, 0, userId, MAX_ID, 11] });
      return send(200, { data: rows.slice(0, 10), has_more: rows.length > 10 });
    }
    if (req.method === 'GET') {
      const { rows } = await pool.query({ name: 'get', text: GET, values: [userId, id] });
      return send(rows[0] ? 200 : 404, rows[0] ?? {});
    }
    const body = await readBody(req);
    if (req.method === 'POST') {
      const { rows } = await pool.query(INSERT, [1, userId, QUOTA, body.title, body.description, false, 'medium', null]);
      return send(201, { task: rows[0] });
    }
    const { rows } = await pool.query(UPDATE, [body.completion, userId, id]);
    return send(200, { task: rows[0] });
  } catch (error) {
    send(500, { error: String(error) });
  }
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
