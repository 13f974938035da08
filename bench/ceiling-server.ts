import { createServer } from 'node:http';
import pg from 'pg';

/**
 * The ceiling: a bare node:http server answering the bench's requests with the same SQL the
 * app runs, through pg and JSON.stringify — no framework, no auth, no limits, no logging.
 * `/const` answers a constant: the runtime's own ceiling.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
pool.on('error', () => {});
const userId = Number(process.env.USER_ID);
const COLUMNS = 'id, title, description, completion, priority, due_date, created_at, updated_at';

function readBody(req: import('node:http').IncomingMessage): Promise<any> {
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
      const { rows } = await pool.query(`SELECT ${COLUMNS} FROM tasks WHERE user_id = $1 ORDER BY id LIMIT $2`, [userId, 11]);
      return send(200, { data: rows.slice(0, 10), has_more: rows.length > 10 });
    }
    if (req.method === 'GET') {
      const { rows } = await pool.query(`SELECT ${COLUMNS} FROM tasks WHERE user_id = $1 AND id = $2`, [userId, id]);
      return send(rows[0] ? 200 : 404, rows[0] ?? {});
    }
    const body = await readBody(req);
    if (req.method === 'POST') {
      const { rows } = await pool.query(`INSERT INTO tasks (user_id, title, description) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`, [userId, body.title, body.description]);
      return send(201, { task: rows[0] });
    }
    const { rows } = await pool.query(`UPDATE tasks SET completion = $3, updated_at = now() WHERE user_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [userId, id, body.completion]);
    return send(200, { task: rows[0] });
  } catch (error) {
    send(500, { error: String(error) });
  }
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
