// `npm run dev`: TypeScript compiles in watch mode (each change recompiles only what it
// touches), and the server restarts whenever the compiled output changes. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const children = new Set();
const run = (command, args, options = {}) => {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], ...options });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
};

await new Promise((resolve, reject) => {
  const bundle = run(process.execPath, ['scripts/bundle-graphiql.mjs'], { stdio: 'inherit' });
  bundle.on('exit', (code) => (code === 0 ? resolve() : reject(new Error('bundling GraphiQL failed'))));
});

let server;
const compiler = run(bin('tsc'), ['--watch', '--preserveWatchOutput', '-p', 'tsconfig.build.json']);
compiler.stdout.on('data', (chunk) => {
  const text = chunk.toString();
  process.stdout.write(text);
  // The first clean compile starts the server; node --watch restarts it on every later one.
  if (!server && /Found 0 errors/.test(text)) {
    server = run(process.execPath, ['--watch-path=dist/src', '--watch-preserve-output', 'dist/src/main.js'], { stdio: 'inherit' });
  }
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
    setTimeout(() => process.exit(0), 10_000).unref();
    const check = setInterval(() => children.size === 0 && process.exit(0), 100);
    check.unref();
  });
}
