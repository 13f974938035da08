import { Worker } from 'node:worker_threads';

/**
 * A client on a thread of its own, timing requests as a caller on another machine would:
 * from sending to the answer's last byte. A request timed from the test's own thread would
 * also count whatever the app, sharing that thread's event loop, does after answering.
 */
export interface OutsideClient {
  /** POSTs `body` as JSON; the answer's status and the milliseconds it took. */
  post(url: string, body: unknown, token?: string): Promise<{ status: number; ms: number }>;
  close(): Promise<number>;
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ id, url, body, token }) => {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = 'Bearer ' + token;
  try {
    const started = performance.now();
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
    await response.arrayBuffer();
    parentPort.postMessage({ id, status: response.status, ms: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) });
  }
});`;

export function startOutsideClient(): OutsideClient {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  const waiting = new Map<number, { resolve: (answer: { status: number; ms: number }) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  worker.on('message', ({ id, error, ...answer }: { id: number; error?: string; status: number; ms: number }) => {
    const settle = waiting.get(id);
    waiting.delete(id);
    if (error) settle?.reject(new Error(error));
    else settle?.resolve(answer);
  });
  return {
    post(url, body, token) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, url, body, token });
      });
    },
    close: () => worker.terminate(),
  };
}
