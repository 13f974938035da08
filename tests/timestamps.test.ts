import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseTimestamptz } from '../src/db/timestamp-parser.js';

/**
 * Timestamps as PostgreSQL writes them, read by the app's parser: each compared with the
 * instant PostgreSQL itself gives in whole milliseconds, in time zones with whole-hour,
 * half-hour and second offsets, and with pg's own parser where ours hands over.
 */
let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: inject('adminDatabaseUrl'), types: { getTypeParser: () => (text: string) => text } });
  await client.connect();
});
afterAll(() => client?.end());

const defaultParser = pg.types.getTypeParser(1184, 'text') as (text: string) => unknown;

async function written(zone: string, instants: string[]): Promise<Array<{ text: string; ms: string }>> {
  await client.query(`SET TIME ZONE '${zone}'`);
  const { rows } = await client.query<{ text: string; ms: string }>(
    `SELECT t::text AS text, floor(extract(epoch FROM t) * 1000)::bigint::text AS ms FROM unnest($1::timestamptz[]) AS t`,
    [instants],
  );
  return rows;
}

describe('timestamptz as the app reads it', () => {
  it('is the instant PostgreSQL wrote, to the millisecond, in any time zone', async () => {
    const instants = fc.sample(fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), 300);
    // Microseconds too, and fractions PostgreSQL shortens (.29, .5, none).
    const texts = [
      ...instants.map((d) => d.toISOString()),
      ...instants.slice(0, 100).map((d) => d.toISOString().replace('Z', '123Z')),
      '2026-12-06T21:28:20.29Z',
      '2026-12-06T21:28:20.5Z',
      '2026-12-06T21:28:20Z',
      '1900-01-01T00:00:00Z',
    ];
    for (const zone of ['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Europe/Amsterdam', 'Pacific/Chatham']) {
      for (const { text, ms } of await written(zone, texts)) {
        expect((parseTimestamptz(text) as Date).getTime(), `${zone}: ${text}`).toBe(Number(ms));
      }
    }
  });

  it('hands what it does not read by position to pg’s parser (infinity, BC, years past 9999)', async () => {
    await client.query(`SET TIME ZONE 'UTC'`);
    const { rows } = await client.query<{ text: string }>(
      `SELECT t::text AS text FROM unnest(ARRAY['infinity', '-infinity', '0044-03-15 12:00:00+00 BC', '12026-01-01 00:00:00+00', '0099-06-01 00:00:00+00']::timestamptz[]) AS t`,
    );
    for (const { text } of rows) expect(parseTimestamptz(text), text).toEqual(defaultParser(text));
  });
});
