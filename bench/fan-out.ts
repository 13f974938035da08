import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface FanOutResult {
  subscribers: number;
  writesPerSec: number;
  deliveries: number;
  /** Deliveries that never came (each subscriber should see each of its user's writes). */
  missing: number;
  p50: number;
  p99: number;
}

interface Subscriber {
  token: string;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/**
 * Subscription fan-out: `perUser` graphql-ws subscribers for each user's token, then
 * `writers` clients creating tasks for those users for `seconds`, each task titled with the
 * time it was sent. Delivery latency is from that send to a subscriber's receipt (one
 * process, one clock), for every subscriber of the task's user.
 */
export async function fanOut(base: string, users: Subscriber[], perUser: number, writers: number, seconds: number): Promise<FanOutResult> {
  const latencies: number[] = [];
  const clients: Client[] = [];
  const url = `${base.replace(/^http/, 'ws')}/graphql`;
  for (const user of users) {
    for (let i = 0; i < perUser; i++) {
      const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${user.token}` }, retryAttempts: 0, lazy: false, onNonLazyError: () => {} });
      clients.push(client);
      client.subscribe(
        { query: 'subscription { taskChanged { task { title } } }' },
        {
          next: (value) => {
            const title = (value.data as { taskChanged?: { task?: { title: string } | null } } | undefined)?.taskChanged?.task?.title;
            const sentAt = Number(title?.split(' ')[1]);
            if (Number.isFinite(sentAt)) latencies.push(Date.now() - sentAt);
          },
          error: () => {},
          complete: () => {},
        },
      );
    }
  }
  // Every subscription registered before the first write.
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  let writes = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = w; Date.now() < until; i += writers) {
        const user = users[i % users.length]!;
        const res = await fetch(`${base}/api/tasks`, {
          method: 'POST',
          headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ title: `fan-out ${Date.now()}`, description: '' }),
        });
        if (res.status === 201) writes += 1;
      }
    }),
  );
  // The last deliveries.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await Promise.all(clients.map((client) => client.dispose()));

  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    subscribers: clients.length,
    writesPerSec: Math.round(writes / seconds),
    deliveries: latencies.length,
    missing: writes * perUser - latencies.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}
