import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from './helpers/chromium.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

if (!CHROMIUM) console.warn('Skipping the GraphiQL tests: no Chromium at /usr/bin/chromium (apt-get install chromium).');

/**
 * The IDE the API serves itself, in a real browser with the network closed: every request
 * but those to this machine goes to a proxy that does not exist, so a page that needed a CDN
 * would not load.
 */
describe.skipIf(!CHROMIUM)('GraphiQL at /graphiql, offline', () => {
  let t: TestApp;
  let user: TestUser;
  let browser: Browser;
  const elsewhere: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    user = await createUser(t);
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--proxy-server=http://127.0.0.1:9', '--disable-background-networking', '--disable-component-update'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A fresh profile on the IDE, opened with an operation and the user's token in the headers editor. */
  async function open(query: string): Promise<Page> {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    page.on('request', (request) => {
      if (!request.url().startsWith(t.url) && !request.url().startsWith('data:') && !request.url().startsWith('blob:')) elsewhere.push(request.url());
    });
    const headers = JSON.stringify({ Authorization: `Bearer ${user.token}` });
    await page.goto(`${t.url}/graphiql?query=${encodeURIComponent(query)}&headers=${encodeURIComponent(headers)}`);
    await page.waitForSelector('.graphiql-execute-button', { timeout: 30_000 });
    return page;
  }

  // Monaco renders spaces as no-break spaces, and runs of them as it lays words out.
  const responseText = async (page: Page) =>
    String(await page.evaluate("document.querySelector('.graphiql-response')?.textContent ?? ''")).replaceAll(/\s+/g, ' ');

  it('runs a query with the token set in the headers editor', async () => {
    const page = await open('query Me { me { username } }');
    await page.click('.graphiql-execute-button');
    await expect.poll(() => responseText(page), { timeout: 30_000 }).toContain(user.username);
    expect(await responseText(page)).toContain('"me"');
    expect(elsewhere).toEqual([]);
  }, 90_000);

  it('follows taskChanged over WebSocket', async () => {
    const page = await open('subscription Follow { taskChanged { kind task { title } } }');
    await page.click('.graphiql-execute-button');
    // Written until one arrives: the subscription starts when the socket has said so, not before.
    let written = 0;
    await expect
      .poll(
        async () => {
          await t.request('POST', '/api/tasks', { token: user.token, body: { title: `seen in GraphiQL ${written++}`, description: '' } });
          return responseText(page);
        },
        { timeout: 30_000, interval: 500 },
      )
      .toContain('seen in GraphiQL');
    expect(await responseText(page)).toContain('CREATED');
    expect(elsewhere).toEqual([]);
  }, 90_000);
});
