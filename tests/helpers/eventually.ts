/**
 * Polls until `check` holds; fails after `ms`. For effects that land asynchronously (a
 * LISTEN notification, a log line written by a background stream), where a fixed sleep
 * would be either slow or flaky on a busy machine.
 */
export async function eventually(check: () => Promise<boolean>, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
