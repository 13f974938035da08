/**
 * A small typed client over the generated documents, as a frontend would write one: each
 * call's variables and result are typed by the operation, and the request names the
 * document by its hash (what a server with GRAPHQL_TRUSTED_DOCUMENTS runs). Compiled with
 * strict `tsc` under NodeNext and Bundler resolution by tests/client-compile.test.ts.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { CreateTaskDocument, LoginDocument, TasksDocument, type TaskFieldsFragment, type TaskPriority } from '../generated/index.js';

type Hashed = { __meta__?: { hash?: string } };

export async function run<Result, Variables>(
  api: string,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  token?: string,
): Promise<Result> {
  const documentId = (document as Hashed).__meta__?.hash;
  const res = await fetch(`${api}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ documentId, variables }),
  });
  const body = (await res.json()) as { data?: Result; errors?: Array<{ message: string }> };
  if (!body.data) throw new Error(body.errors?.[0]?.message ?? `HTTP ${res.status}`);
  return body.data;
}

export async function urgentTitles(api: string, username: string, password: string): Promise<string[]> {
  const { login } = await run(api, LoginDocument, { input: { username, password } });
  const priority: TaskPriority = 'HIGH';
  await run(api, CreateTaskDocument, { input: { title: 'typed', description: '', priority } }, login.token);
  const { tasks } = await run(api, TasksDocument, { first: 100 }, login.token);
  const urgent: TaskFieldsFragment[] = tasks.edges.map((edge) => edge.node).filter((task) => task.priority === 'HIGH');
  return urgent.map((task) => task.title);
}
