import type { AppProcess } from '../app-process.js';
import { cannon, type Shot } from '../measure.js';
import { MEMORY_REQUESTS } from '../settings.js';

/** Memory: a fresh process's resident set after each of three runs of MEMORY_REQUESTS reads (half REST, half GraphQL). */
export async function measureMemory(start: () => Promise<AppProcess>, restList: Shot, graphqlList: Shot): Promise<number[]> {
  const app = await start();
  const memory: number[] = [];
  try {
    for (let run = 1; run <= 3; run++) {
      await cannon(app.url, { ...restList, amount: MEMORY_REQUESTS / 2 });
      await cannon(app.url, { ...graphqlList, amount: MEMORY_REQUESTS / 2 });
      const [rss] = await app.rssMb();
      memory.push(rss!);
      console.log(`RSS after run ${run} of ${MEMORY_REQUESTS} requests: ${rss} MB`);
    }
  } finally {
    await app.stop();
  }
  return memory;
}
