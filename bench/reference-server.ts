import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import { apolloHandler } from '../src/graphql/http/apollo-express.js';
import { pool, readTask, readTaskPage, type TaskRow } from './bench-database.js';

/**
 * The frameworks alone, for the bench's reference rows: Express 5 and a plain Apollo Server 5
 * (schema from SDL, cache-control off) answering the two reads with the ceiling's statements
 * through pg — no auth, no limits, no logging, no Kysely, no type-graphql. The targets
 * were set from what these reach (Express about 0.8 of the bare ceiling, Apollo about 0.5), so
 * the bench measures them in every run, beside the app.
 */
const typeDefs = `#graphql
  type Task { id: ID! title: String! description: String! completion: Boolean! priority: String! dueDate: String createdAt: String! updatedAt: String! }
  type TaskEdge { node: Task! }
  type TaskConnection { edges: [TaskEdge!]! }
  type Query { tasks(first: Int!): TaskConnection! task(id: ID!): Task }
`;
const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : null);
const resolvers = {
  Query: {
    tasks: async (_: unknown, { first }: { first: number }) => ({ edges: (await readTaskPage(first)).tasks.map((node) => ({ node })) }),
    task: (_: unknown, { id }: { id: number }) => readTask(id),
  },
  Task: {
    dueDate: (task: TaskRow) => iso(task.due_date),
    createdAt: (task: TaskRow) => iso(task.created_at),
    updatedAt: (task: TaskRow) => iso(task.updated_at),
  },
};

const apollo = new ApolloServer({ typeDefs, resolvers, plugins: [ApolloServerPluginCacheControlDisabled()] });
await apollo.start();

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(express.json());
app.get('/tasks', async (req, res) => {
  const { tasks, hasMore } = await readTaskPage(Number(req.query.limit ?? 10));
  res.json({ data: tasks, has_more: hasMore });
});
app.get('/tasks/:id', async (req, res) => {
  const row = await readTask(Number(req.params.id));
  res.status(row ? 200 : 404).json(row ?? {});
});
app.post(
  '/graphql',
  apolloHandler(apollo, async () => ({})),
);

const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () =>
  server.close(
    () =>
      void apollo
        .stop()
        .then(() => pool.end())
        .then(() => process.exit(0)),
  ),
);
