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
  /** The app's resident memory before the subscribers connected, with them idle, and after the writes (MB). */
  rssMb: { before: number; idle: number; after: number };
  /** What each idle subscription's connection adds to the app's resident memory (KB). */
  idleKbPerSubscriber: number;
}

export interface FanOutOptions {
  /** graphql-ws subscribers for each user. */
  perUser: number;
  /** Task creations a second, spread over the users in turn, sent at that pace whatever the answers' speed. */
  writesPerSec: number;
  seconds: number;
  /** The app's resident memory (MB). */
  rssMb(): Promise<number>;
  /**
   * Who writes, and into which project: every write then goes to that project, whose every
   * member (each of `users`) hears of it. Without it, writes go to each user's own list in turn.
   */
  projectWriter?: { token: string; projectId: number };
}

interface Subscriber {
  token: string;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Subscription fan-out: `perUser` graphql-ws subscribers for each user's token, then task
 * creations for those users (or, with `projectWriter`, in the project they are all members
 * of) at a steady `writesPerSec` for `seconds`, each task titled with
 * the time it was sent. Delivery latency is from that send to a subscriber's receipt (one
 * process, one clock), for every subscriber of the task's user.
 */
export async function fanOut(base: string, users: Subscriber[], options: FanOutOptions): Promise<FanOutResult> {
  const latencies: number[] = [];
  const clients: Client[] = [];
  const url = `${base.replace(/^http/, 'ws')}/graphql`;
  const before = await options.rssMb();
  let subscribed = 0;
  for (const user of users) {
    for (let i = 0; i < options.perUser; i++) {
      const client = createClient({
        url,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${user.token}` },
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => {},
      });
      clients.push(client);
      client.on('connected', () => (subscribed += 1));
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
  // Every connection acknowledged, then a second for the subscriptions to register.
  for (let waited = 0; subscribed < clients.length && waited < 60_000; waited += 100) await sleep(100);
  if (subscribed < clients.length) throw new Error(`fan-out: only ${subscribed} of ${clients.length} subscribers connected`);
  await sleep(1_000);
  const idle = await options.rssMb();

  let writes = 0;
  const { projectWriter } = options;
  const writeFor = async (user: Subscriber) => {
    const res = await fetch(`${base}/api/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${(projectWriter ?? user).token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `fan-out ${Date.now()}`, description: '', ...(projectWriter ? { project_id: projectWriter.projectId } : {}) }),
    });
    await res.arrayBuffer();
    if (res.status === 201) writes += 1;
  };
  const sent: Array<Promise<void>> = [];
  const started = Date.now();
  for (let n = 0; n < options.writesPerSec * options.seconds; n++) {
    const due = started + (n * 1000) / options.writesPerSec;
    if (due > Date.now()) await sleep(due - Date.now());
    sent.push(writeFor(users[n % users.length]!));
  }
  await Promise.all(sent);
  const seconds = (Date.now() - started) / 1000;
  // The last deliveries.
  await sleep(2_000);
  const after = await options.rssMb();
  await Promise.all(clients.map((client) => client.dispose()));

  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    subscribers: clients.length,
    writesPerSec: Math.round(writes / seconds),
    deliveries: latencies.length,
    // Each write reaches its user's subscribers, or a project's: every member's.
    missing: writes * options.perUser * (projectWriter ? users.length : 1) - latencies.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    rssMb: { before, idle, after },
    idleKbPerSubscriber: Math.round(((idle - before) * 1024) / clients.length),
  };
}
