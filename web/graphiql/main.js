// GraphiQL, served by the API itself: no CDN, so it works offline and on any network.
// Bundled by scripts/bundle-graphiql.mjs into dist/graphiql/ (`npm run build`).
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { Kind, parse } from 'graphql';
import { createClient } from 'graphql-ws';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

// Monaco's language services run in workers, bundled beside this file.
globalThis.MonacoEnvironment = {
  getWorker(_id, label) {
    const name = label === 'json' || label === 'graphql' ? label : 'editor';
    return new Worker(new URL(`./${name}.worker.js`, import.meta.url), { type: 'module' });
  },
};

const endpoint = new URL('/graphql', location.href);
const overHttp = createGraphiQLFetcher({ url: endpoint.href });

/** One graphql-ws client per Authorization header the headers editor holds (the token travels in connection_init). */
const sockets = new Map();
function socketFor(authorization) {
  let client = sockets.get(authorization);
  if (!client) {
    client = createClient({
      url: endpoint.href.replace(/^http/, 'ws'),
      connectionParams: authorization ? { authorization } : {},
      retryAttempts: 0,
    });
    sockets.set(authorization, client);
  }
  return client;
}

function isSubscription({ query, operationName }) {
  try {
    const operation = parse(query).definitions.find(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName),
    );
    return operation?.operation === 'subscription';
  } catch {
    return false;
  }
}

/** Queries and mutations over HTTP, subscriptions over WebSocket, each with the headers editor's token. */
function fetcher(params, options) {
  if (!isSubscription(params)) return overHttp(params, options);
  const headers = options?.headers ?? {};
  const authorization = headers.Authorization ?? headers.authorization;
  return socketFor(authorization).iterate({ query: params.query, variables: params.variables ?? undefined, operationName: params.operationName ?? undefined });
}

const DEFAULT_QUERY = `# Log in with the login mutation, then put its token in the Headers tab below:
#   { "Authorization": "Bearer <token>" }
# Queries and mutations run over HTTP, subscriptions (taskChanged) over WebSocket.

query Me {
  me { id username }
  tasks(first: 10) { edges { node { id title completion } } }
}
`;

// A link may open the IDE with an operation and headers: ?query=…&headers=…
const link = new URLSearchParams(location.search);
createRoot(document.getElementById('graphiql')).render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery: DEFAULT_QUERY,
    defaultHeaders: '{\n  "Authorization": "Bearer <paste the token from login>"\n}',
    initialQuery: link.get('query') ?? undefined,
    initialHeaders: link.get('headers') ?? undefined,
    defaultEditorToolsVisibility: 'headers',
  }),
);
