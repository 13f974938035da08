import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The map of src/, from the top down: an import may point down it or stay in its own
 * floor, never climb. Two transports on one floor stay apart (REST never imports GraphQL,
 * nor the reverse). README's "Layout" section describes the same map.
 */
const FLOORS: ReadonlyArray<[floor: number, places: string[]]> = [
  [9, ['main.ts']],
  [8, ['runtime/']],
  [7, ['app.ts']],
  [6, ['rest/', 'graphql/', 'admin/']],
  [5, ['http/', 'hit-logs/']],
  [4, ['services/']],
  // Migrations sit beside src/ (their runner is in db/).
  // Mail (templates, the Mailer and its SMTP and outbox transports) beside the database: both serve the services.
  [3, ['db/', 'mail/', '../migrations/']],
  [2, ['logger.ts']],
  [1, ['config/', 'errors/']],
];
const APART = [['rest/', 'graphql/']];

function placeOf(file: string): { floor: number; place: string } {
  for (const [floor, places] of FLOORS) {
    const place = places.find((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));
    if (place) return { floor, place };
  }
  throw new Error(`src/${file} is on no floor of the map: add it to FLOORS and to README's layout`);
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.relative('src', path.join(e.parentPath, e.name)));
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

describe('the layers of src/', () => {
  it('no import climbs, and the transports stay apart', async () => {
    const climbing: string[] = [];
    for (const file of await sourceFiles('src')) {
      const from = placeOf(file);
      const text = await readFile(path.join('src', file), 'utf8');
      for (const [, specifier] of text.matchAll(IMPORT)) {
        const target = path.normalize(path.join(path.dirname(file), specifier!)).replace(/\.js$/, '.ts');
        const to = placeOf(target);
        const apart = APART.some((pair) => pair.includes(from.place) && pair.includes(to.place) && from.place !== to.place);
        if (to.floor > from.floor || apart) climbing.push(`src/${file} (${from.place}) imports src/${target} (${to.place})`);
      }
    }
    expect(climbing).toEqual([]);
  });

  it('catches a climbing import (the check itself works)', () => {
    expect(placeOf('db/task.repository.ts').floor).toBeLessThan(placeOf('services/task.service.ts').floor);
    expect(placeOf('config/config.ts').floor).toBeLessThan(placeOf('services/abuse/abuse-guard.ts').floor);
    expect(() => placeOf('nowhere/file.ts')).toThrow(/on no floor/);
  });
});
