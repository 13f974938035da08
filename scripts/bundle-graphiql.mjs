// Bundles the GraphiQL page (web/graphiql/) and Monaco's workers into dist/graphiql/, so the
// API serves its IDE with no CDN. Part of `npm run build`; skipped when the bundle is newer
// than its sources and the lockfile.
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const out = path.join(root, 'dist', 'graphiql');
const sources = [
  path.join(root, 'package-lock.json'),
  ...(await readdir(path.join(root, 'web', 'graphiql'))).map((file) => path.join(root, 'web', 'graphiql', file)),
];
const stamp = path.join(out, 'main.js');

if (existsSync(stamp) && sources.every((file) => statSync(file).mtimeMs <= statSync(stamp).mtimeMs)) process.exit(0);

const common = {
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};
await Promise.all([
  build({
    ...common,
    entryPoints: { main: path.join(root, 'web', 'graphiql', 'main.js') },
    outdir: out,
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
  }),
  build({
    ...common,
    entryPoints: {
      'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
      'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
      'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
    },
    outdir: out,
  }),
]);
