import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestApp } from './test-app.js';

export const SUBSCRIPTION = 'subscription ($after: String) { taskChanged(after: $after) { cursor kind taskId projectId version task { title updatedAt } } }';

export interface Seen {
  changes: Array<{
    cursor: string;
    kind: string;
    taskId: string | null;
    projectId: string | null;
    version: number;
    task: { title: string; updatedAt: string } | null;
  }>;
  errors: unknown[];
  closed: Array<{ code: number }>;
  client: Client;
  stop(): void;
}

/**
 * A graphql-ws client on `t` as `user`, subscribed to taskChanged, recording what arrives.
 * Without `after`, it follows from the feed's head as read first over HTTP: whenever the
 * server gets to the subscribe, every change written after this returns is delivered.
 */
export async function subscribe(t: TestApp, token: string | undefined, after?: string): Promise<Seen> {
  if (after === undefined && token) after = (await t.graphql('{ taskChangesHead }', {}, token)).data?.taskChangesHead;
  const closed: Array<{ code: number }> = [];
  const client = createClient({
    url: `${t.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    // Closes are recorded below; the client would also print them.
    onNonLazyError: () => {},
    on: { closed: (event) => closed.push({ code: (event as { code: number }).code }) },
  });
  const seen: Seen = { changes: [], errors: [], closed, client, stop: () => {} };
  seen.stop = client.subscribe(
    { query: SUBSCRIPTION, variables: { after } },
    {
      next: (value) => {
        if (value.errors) seen.errors.push(...value.errors);
        else seen.changes.push((value.data as { taskChanged: Seen['changes'][number] }).taskChanged);
      },
      error: (error) => seen.errors.push(error),
      complete: () => {},
    },
  );
  return seen;
}
