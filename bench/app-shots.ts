import { hashOf } from '../src/graphql/operations/persisted-documents.js';
import { randomBytes } from 'node:crypto';
import type { Shot } from './measure.js';

/** What the bench runs the app with, and the requests of its read and write scenarios. */

export const BENCH_ENV = {
  NODE_ENV: 'production',
  // Made per run: production refuses every secret written in the repository.
  JWT_SECRET: randomBytes(32).toString('base64'),
  // The bench logs its users in once; their access tokens must outlive the whole run.
  JWT_EXPIRES_IN: '3h',
  SMTP_URL: 'smtp://127.0.0.1:2525',
  TASK_QUOTA: '100000000',
  RATE_LIMIT_REQUESTS: '100000000/1m',
  RATE_LIMIT_TASK_READS: '100000000/1m',
  RATE_LIMIT_TASK_WRITES: '100000000/1m',
  RATE_LIMIT_LOGIN_FAILURES: '100000000/1m',
  RATE_LIMIT_LOGIN_FAILURES_PER_NAME: '100000000/1m',
  RATE_LIMIT_LOGIN_FAILURES_PER_IP: '100000000/1m',
  // The fan-out signs up a hundred users.
  RATE_LIMIT_SIGNUPS: '100000000/1m',
  // Its thousand subscribers all connect from this machine's loopback address.
  WS_MAX_CONNECTIONS_PER_ADDRESS: '100000',
  LOG_LEVEL: 'info',
};

export const TASK_FIELDS = 'id title description completion priority dueDate createdAt updatedAt';
const listDocument = (first: number) => `{ tasks(first: ${first}) { edges { node { ${TASK_FIELDS} } } } }`;
export const LIST_DOCUMENT = listDocument(10);
/** Issue 29's page: twenty tasks, where an answer's size starts to tell. */
export const PAGE_20_DOCUMENT = listDocument(20);
const getDocument = (idType: string) => `query ($id: ${idType}) { task(id: $id) { ${TASK_FIELDS} } }`;
/** The GraphQL reads as persisted documents: the app compiles them at start, and the bench names them by id. */
export const PERSISTED = { list: LIST_DOCUMENT, get: getDocument('ID!'), page20: PAGE_20_DOCUMENT };
export const persistedIdOf = (document: string) => `sha256:${hashOf(document)}`;

/**
 * The reads and writes measured on the app and on the previous release alike, each with the
 * ceiling it is compared with. `idType` is the GraphQL type of a task id (`Int!` before ids
 * became `ID!`).
 */
export function appShots(token: string, taskId: number, idType: 'ID!' | 'Int!') {
  const gql = (query: string, variables: object = {}): Shot => ({ method: 'POST', path: '/graphql', token, body: { query, variables } });
  const restList: Shot = { path: '/api/tasks?limit=10', token };
  const graphqlList = gql(LIST_DOCUMENT);
  const graphqlGet = gql(getDocument(idType), { id: taskId });
  const reads: Array<[string, Shot, string]> = [
    ['REST GET /api/tasks?limit=10', restList, 'list'],
    ['REST GET /api/tasks/:id', { path: `/api/tasks/${taskId}`, token }, 'get'],
    ['GraphQL tasks(first: 10)', graphqlList, 'list'],
    ['GraphQL task(id)', graphqlGet, 'get'],
  ];
  const writes: Array<[string, Shot, string]> = [
    ['REST POST /api/tasks', { method: 'POST', path: '/api/tasks', token, body: { title: 'bench', description: 'rest' } }, 'insert'],
    ['GraphQL createTask', gql('mutation { createTask(input: { title: "bench", description: "gql" }) { id } }'), 'insert'],
    ['REST PUT /api/tasks/:id', { method: 'PUT', path: `/api/tasks/${taskId}`, token, body: { completion: true } }, 'update'],
    ['GraphQL updateTask', gql(`mutation ($id: ${idType}) { updateTask(id: $id, input: { completion: true }) { id } }`, { id: taskId }), 'update'],
  ];
  return { reads, writes, restList, graphqlList, graphqlGet, gql };
}
