import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

/** Where the IDE's page is served, and its bundle (scripts/bundle-graphiql.mjs) under it. */
export const GRAPHIQL_PATH = '/graphiql';

/** The package's root: the nearest folder above this module holding package.json (src/ in tests, dist/src/ when built). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('no package.json above the GraphiQL page module');
    dir = parent;
  }
  return dir;
}

const page = (graphqlPath: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Task Manager API · GraphiQL</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${GRAPHIQL_PATH}/assets/main.css">
  <style>
    body { margin: 0; height: 100vh; display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
    nav { padding: 6px 12px; font-size: 13px; border-bottom: 1px solid #ddd; }
    #graphiql { flex: 1; min-height: 0; }
  </style>
</head>
<body>
  <nav>GraphiQL (works offline) · online, <a href="${graphqlPath}">Apollo Sandbox</a> · REST: <a href="/api/docs/">Swagger UI</a></nav>
  <div id="graphiql">Loading GraphiQL…</div>
  <script type="module" src="${GRAPHIQL_PATH}/assets/main.js"></script>
</body>
</html>
`;

/**
 * GraphiQL served by the API (no CDN: it works offline): the page at /graphiql, its bundle
 * under /graphiql/assets/. Queries and mutations go to `graphqlPath` over HTTP,
 * subscriptions over graphql-ws, each with the token from the headers editor.
 */
export function graphiqlPage(graphqlPath: string): Router {
  const assets = path.join(packageRoot(), 'dist', 'graphiql');
  const router = express.Router();
  const html = page(graphqlPath);
  router.get(GRAPHIQL_PATH, (_req, res) => {
    res.type('html').send(html);
  });
  router.use(`${GRAPHIQL_PATH}/assets`, express.static(assets, { fallthrough: false, maxAge: '1h' }));
  return router;
}
