import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestApp } from './test-app.js';

/** What one operation over WebSocket came to: its first result, its errors, or the connection's close. */
export interface SocketOutcome {
  data?: any;
  errors?: Array<{ message: string; extensions: Record<string, any> }>;
  close?: { code: number; reason: string };
}

export interface SocketConnection {
  client: Client;
  /** Every close of the connection, in order. */
  closes: Array<{ code: number; reason: string }>;
  /** Runs one query or mutation and settles on its result, its errors, or the connection's close. */
  run(payload: { query: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown>; documentId?: string }): Promise<SocketOutcome>;
  dispose(): Promise<void>;
}

export const socketUrl = (t: TestApp) => `${t.url.replace(/^http/, 'ws')}/graphql`;

/** A graphql-ws connection to `t` (no retries), authenticated with `token` when given. */
export function connectSocket(t: TestApp, token?: string): SocketConnection {
  const closes: SocketConnection['closes'] = [];
  const closeWaiters = new Set<(close: { code: number; reason: string }) => void>();
  const client = createClient({
    url: socketUrl(t),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        closes.push({ code, reason: String(reason) });
        for (const waiter of closeWaiters) waiter({ code, reason: String(reason) });
      },
    },
  });
  return {
    client,
    closes,
    run: (payload) =>
      new Promise<SocketOutcome>((resolve) => {
        const settle = (outcome: SocketOutcome) => {
          closeWaiters.delete(onClose);
          resolve(outcome);
        };
        const onClose = (close: { code: number; reason: string }) => settle({ close });
        if (closes.length > 0) return settle({ close: closes[0] });
        closeWaiters.add(onClose);
        // For queries and mutations: one result, then the server completes the operation.
        client.subscribe(payload as { query: string }, {
          next: (value) => {
            settle({ data: value.data, errors: value.errors as SocketOutcome['errors'] });
          },
          error: (error) => {
            if (Array.isArray(error)) settle({ errors: error as SocketOutcome['errors'] });
            // A close arrives as an error too; the close handler settles with its code.
          },
          complete: () => {},
        });
      }),
    dispose: () => client.dispose() as Promise<void>,
  };
}
