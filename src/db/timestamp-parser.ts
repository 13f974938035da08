import pg from 'pg';

const TIMESTAMPTZ_OID = 1184;
const parseAnyTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date | number | null;

const ZERO = 48;
/** Where `YYYY-MM-DD HH:MM:SS` has its digits. */
const DIGITS_AT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
const digit = (text: string, at: number) => text.charCodeAt(at) - ZERO;
const twoDigits = (text: string, at: number) => digit(text, at) * 10 + digit(text, at + 1);
const isDigit = (text: string, at: number) => {
  const d = digit(text, at);
  return d >= 0 && d <= 9;
};

/**
 * A `timestamptz` as PostgreSQL writes it (`2026-12-06 21:28:20.662123+00`), read by position
 * rather than by pg's regular expressions: every task row carries three, and a page of twenty
 * spent more on parsing them than on the rest of the row (BENCHMARKS.md, issue 29). Anything
 * else — years past 9999, BC, ±infinity, another DateStyle — goes to pg's own parser.
 * Milliseconds are the first three fractional digits (pg's parser went through floating
 * point, and read `.29` as 289 ms).
 */
export function parseTimestamptz(text: string): Date | number | null {
  const n = text.length;
  if (n < 22 || text.charCodeAt(4) !== 45 || text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) {
    return parseAnyTimestamptz(text);
  }
  for (const at of DIGITS_AT) if (!isDigit(text, at)) return parseAnyTimestamptz(text);
  let at = 19;
  let ms = 0;
  if (text.charCodeAt(at) === 46) {
    // Up to six digits; the first three are the milliseconds.
    for (let place = 100, i = at + 1; i < n && isDigit(text, i); i++, place = Math.floor(place / 10)) ms += digit(text, i) * place;
    at += 1;
    while (at < n && isDigit(text, at)) at += 1;
  }
  const sign = text.charCodeAt(at);
  if ((sign !== 43 && sign !== 45) || !isDigit(text, at + 1) || !isDigit(text, at + 2)) return parseAnyTimestamptz(text);
  let offsetSeconds = twoDigits(text, at + 1) * 3600;
  at += 3;
  if (text.charCodeAt(at) === 58) {
    offsetSeconds += twoDigits(text, at + 1) * 60;
    at += 3;
    if (text.charCodeAt(at) === 58) {
      offsetSeconds += twoDigits(text, at + 1);
      at += 3;
    }
  }
  if (at !== n) return parseAnyTimestamptz(text);
  const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + twoDigits(text, 2);
  // Date.UTC reads years 0–99 as 1900–1999.
  if (year < 100) return parseAnyTimestamptz(text);
  const utc = Date.UTC(year, twoDigits(text, 5) - 1, twoDigits(text, 8), twoDigits(text, 11), twoDigits(text, 14), twoDigits(text, 17), ms);
  return new Date(utc - (sign === 43 ? 1 : -1) * offsetSeconds * 1000);
}

/** The type parsers a pool reads rows with: pg's, but `timestamptz` by position. */
export const rowTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMPTZ_OID && format !== 'binary' ? parseTimestamptz : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};
