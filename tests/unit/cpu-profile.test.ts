import { describe, expect, it } from 'vitest';
import { partOf, timeByPart, type CpuProfile } from '../../bench/cpu-profile.js';

const frame = (url: string, functionName = 'handle') => ({ functionName, url });

describe("the bench profile's account by package", () => {
  it('names the package a frame runs in, by the last node_modules in its path', () => {
    expect(partOf(frame('file:///app/node_modules/express/lib/router/index.js'))).toBe('HTTP framework (Express and its middleware, or Fastify)');
    expect(partOf(frame('file:///app/node_modules/@apollo/server/dist/esm/index.js'))).toMatch(/^GraphQL/);
    expect(partOf(frame('file:///app/node_modules/mercurius/node_modules/graphql/execution/execute.js'))).toMatch(/^GraphQL/);
    expect(partOf(frame('file:///app/node_modules/kysely/node_modules/pg-protocol/dist/parser.js'))).toBe('pg and Kysely');
    expect(partOf(frame('file:///app/node_modules/sonic-boom/index.js'))).toBe('request log (pino)');
    expect(partOf(frame('file:///app/node_modules/left-pad/index.js'))).toBe('other packages');
  });

  it("counts the app's code, its GraphQL layer apart, the previous release's built under node_modules/.cache alike", () => {
    expect(partOf(frame('file:///app/dist/src/rest/wire-format.js'))).toBe('the app’s own code (the bench server’s, for a reference)');
    expect(partOf(frame('file:///app/dist/bench/ceiling-server.js'))).toBe('the app’s own code (the bench server’s, for a reference)');
    expect(partOf(frame('file:///app/dist/src/graphql/connection-page.js'))).toMatch(/^GraphQL/);
    expect(partOf(frame('file:///app/node_modules/.cache/previous-release/dist/src/rest/wire-format.js'))).toBe(
      'the app’s own code (the bench server’s, for a reference)',
    );
    expect(partOf(frame('file:///app/node_modules/.cache/previous-release/node_modules/pg/lib/client.js'))).toBe('pg and Kysely');
  });

  it("gives Node's internals, V8's own frames and the collector their parts, and idle none", () => {
    expect(partOf(frame('node:_http_server'))).toBe('Node core (HTTP, sockets, streams, microtasks)');
    expect(partOf(frame('', 'writev'))).toBe('Node core (HTTP, sockets, streams, microtasks)');
    expect(partOf(frame('', '(garbage collector)'))).toBe('garbage collector');
    expect(partOf(frame('', '(program)'))).toBe('V8 (compiler, runtime)');
    expect(partOf(frame('', '(idle)'))).toBe('idle');
  });

  it('adds each sample the time until the next one to its part, and leaves idle time out', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('', '(idle)') },
        { id: 2, callFrame: frame('file:///app/node_modules/express/lib/router/index.js') },
        { id: 3, callFrame: frame('', '(garbage collector)') },
      ],
      // A sample's delta is the time since the one before it.
      samples: [2, 3, 1, 2, 2],
      timeDeltas: [0, 100, 30, 500, 70],
    };
    const time = timeByPart(profile);
    expect(time.get('HTTP framework (Express and its middleware, or Fastify)')).toBe(100 + 70);
    expect(time.get('garbage collector')).toBe(30);
    expect([...time.values()].reduce((sum, part) => sum + part, 0)).toBe(200);
  });
});
