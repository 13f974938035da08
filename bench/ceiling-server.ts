import { createServer, type IncomingMessage } from 'node:http';
import { pool, readTask, readTaskPage, userId } from './bench-database.js';
import { INSERT, UPDATE } from './ceiling-statements.js';

/**
 * The ceiling: a bare node:http server answering the bench's requests with the statements
 * the app runs (TaskRepository's, see ceiling-statements.ts), run as the app runs them (as
 * named prepared statements), through pg and JSON.stringify — no framework, no
 * auth, no limits, no logging. `/const` answers a constant: the runtime's own ceiling.
 */
// The app's quota in the bench profile, so the insert's counter check is the app's.
const QUOTA = Number(process.env.TASK_QUOTA);

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
      const { tasks, hasMore } = await readTaskPage(Number(url.searchParams.get('limit') ?? 10));
      return send(200, { data: tasks, has_more: hasMore });
    }
    if (req.method === 'GET') {
      const row = await readTask(id);
      return send(row ? 200 : 404, row ?? {});
    }
    const body = await readBody(req);
    if (req.method === 'POST') {
      const { rows } = await pool.query({
        name: 'insert',
        text: INSERT,
        values: [1, userId, QUOTA, body.title, body.description, false, 'medium', null, userId],
      });
      return send(201, { task: rows[0] });
    }
    const { rows } = await pool.query({ name: 'update', text: UPDATE, values: [body.completion, 1, userId, id, userId] });
    return send(200, { task: rows[0] });
  } catch (error) {
    send(500, { error: String(error) });
  }
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
