import pg from 'pg';

const TIMESTAMPTZ_OID = 1184;
const parseAnyTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date | number | null;

const PLUS = 43;
const MINUS = 45;
const SPACE = 32;
const COLON = 58;
const DOT = 46;
// Written out below rather than called: a helper per digit was not inlined, and cost more than pg's parser.
const ZERO = 48;

/**
 * A `timestamptz` as PostgreSQL writes it in the ISO DateStyle (`2026-12-06 21:28:20.662123+00`),
 * read by position rather than through pg's regular expressions: every task row carries
 * three. Anything else — years past 9999 or before 100, BC, ±infinity, another DateStyle —
 * goes to pg's own parser. Milliseconds are the first three fractional digits (pg's parser
 * went through floating point and read `.29` as 289 ms).
 */
export function parseTimestamptz(text: string): Date | number | null {
  const n = text.length;
  if (n < 22 || text.charCodeAt(4) !== MINUS || text.charCodeAt(7) !== MINUS || text.charCodeAt(10) !== SPACE || text.charCodeAt(13) !== COLON) {
    return parseAnyTimestamptz(text);
  }
  let at = 19;
  let ms = 0;
  if (text.charCodeAt(at) === DOT) {
    // Up to six digits; the first three are the milliseconds.
    let place = 100;
    for (at += 1; at < n; at++) {
      const digit = text.charCodeAt(at) - ZERO;
      if (digit < 0 || digit > 9) break;
      ms += digit * place;
      place = (place / 10) | 0;
    }
  }
  const sign = text.charCodeAt(at);
  if (sign !== PLUS && sign !== MINUS) return parseAnyTimestamptz(text);
  let offset = ((text.charCodeAt(at + 1) - ZERO) * 10 + (text.charCodeAt(at + 2) - ZERO)) * 3600;
  if (n > at + 3) {
    if (text.charCodeAt(at + 3) !== COLON) return parseAnyTimestamptz(text);
    offset += ((text.charCodeAt(at + 4) - ZERO) * 10 + (text.charCodeAt(at + 5) - ZERO)) * 60;
    if (n > at + 6) {
      if (text.charCodeAt(at + 6) !== COLON || n !== at + 9) return parseAnyTimestamptz(text);
      offset += (text.charCodeAt(at + 7) - ZERO) * 10 + (text.charCodeAt(at + 8) - ZERO);
    } else if (n !== at + 6) return parseAnyTimestamptz(text);
  }
  const year = (text.charCodeAt(0) - ZERO) * 1000 + (text.charCodeAt(1) - ZERO) * 100 + (text.charCodeAt(2) - ZERO) * 10 + (text.charCodeAt(3) - ZERO);
  // Date.UTC reads years 0–99 as 1900–1999.
  if (year < 100) return parseAnyTimestamptz(text);
  const utc = Date.UTC(
    year,
    (text.charCodeAt(5) - ZERO) * 10 + (text.charCodeAt(6) - ZERO) - 1,
    (text.charCodeAt(8) - ZERO) * 10 + (text.charCodeAt(9) - ZERO),
    (text.charCodeAt(11) - ZERO) * 10 + (text.charCodeAt(12) - ZERO),
    (text.charCodeAt(14) - ZERO) * 10 + (text.charCodeAt(15) - ZERO),
    (text.charCodeAt(17) - ZERO) * 10 + (text.charCodeAt(18) - ZERO),
    ms,
  );
  return new Date(sign === PLUS ? utc - offset * 1000 : utc + offset * 1000);
}

/** The type parsers a pool reads rows with: pg's, but `timestamptz` by position. */
export const rowTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMPTZ_OID && format !== 'binary' ? parseTimestamptz : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};
