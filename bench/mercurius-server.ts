import { createSecretKey } from 'node:crypto';
import Fastify from 'fastify';
import jwt from 'jsonwebtoken';
import mercurius from 'mercurius';
import { pool, readTask, readTaskPage, type TaskRow } from './bench-database.js';

/**
 * Mercurius (Fastify's GraphQL server) with graphql-jit, for the bench's reference rows: the
 * fastest Node GraphQL server we know of, answering the same schema subset with the
 * ceiling's statements through pg, and checking the caller's JWT on every request (as the
 * app does, with the app's secret and algorithm) — but no sessions, limits, logging or
 * metrics. Issue 29 sets the app's GraphQL targets as fractions of what this reaches.
 */
const schema = `
  type Task { id: ID! title: String! description: String! completion: Boolean! priority: String! dueDate: String createdAt: String! updatedAt: String! }
  type TaskEdge { node: Task! }
  type TaskConnection { edges: [TaskEdge!]! }
  type Query { tasks(first: Int!): TaskConnection! task(id: ID!): Task }
`;
const key = createSecretKey(Buffer.from(process.env.JWT_SECRET ?? '', 'utf8'));
const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : null);

interface Context {
  userId: string;
}

const resolvers = {
  Query: {
    tasks: async (_: unknown, { first }: { first: number }) => ({ edges: (await readTaskPage(first)).tasks.map((node) => ({ node })) }),
    task: (_: unknown, { id }: { id: string }) => readTask(Number(id)),
  },
  Task: {
    dueDate: (task: TaskRow) => iso(task.due_date),
    createdAt: (task: TaskRow) => iso(task.created_at),
    updatedAt: (task: TaskRow) => iso(task.updated_at),
  },
};

const app = Fastify();
await app.register(mercurius, {
  schema,
  resolvers,
  // Compiled with graphql-jit from a document's first use on.
  jit: 1,
  context: (request): Context => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const claims = jwt.verify(token, key, { algorithms: ['HS256'] });
    if (typeof claims !== 'object' || typeof claims.sub !== 'string') throw new Error('token invalid');
    return { userId: claims.sub };
  },
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.send?.('ready');
process.on(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0)),
);
