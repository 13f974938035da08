import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/config/config.js';

/** No Docker engine runs here: these check what can be checked without one. */

interface ComposeService {
  build?: string;
  image?: string;
  command?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  develop?: { watch: Array<{ action: string; path: string; target: string; ignore: string[] }> };
}

// Compose's own interpolation: ${VAR:-default}, and ${VAR:?message}, which stops Compose when VAR is unset.
const interpolate = (value: string, env: Record<string, string> = {}) =>
  value
    .replace(/\$\{([A-Z_]+):-([^}]*)\}/g, (_, name: string, fallback: string) => env[name] ?? fallback)
    .replace(/\$\{([A-Z_]+):\?([^}]*)\}/g, (_, name: string, message: string) => {
      if (env[name] === undefined) throw new Error(`compose refuses to start: ${message}`);
      return env[name];
    });
const OPERATOR_ENV = { JWT_SECRET: randomBytes(32).toString('base64') };

const compose = parse(await readFile('docker-compose.yml', 'utf8')) as { services: Record<string, ComposeService>; volumes: object };
const dockerfile = await readFile('Dockerfile', 'utf8');

describe('docker-compose.yml', () => {
  const { api, migrate, postgres, redis, mailpit } = compose.services;

  it('runs the API with PostgreSQL (on a volume), Redis and a mail catcher', () => {
    expect(api?.build).toBe('.');
    expect(postgres?.image).toMatch(/^postgres:/);
    expect(redis?.image).toMatch(/^redis:/);
    expect(mailpit?.image).toMatch(/mailpit/);
    expect(Object.keys(compose.volumes)).toContain('pgdata');
  });

  it('gives the API an environment its production config accepts, wired to those services', () => {
    const env = Object.fromEntries(Object.entries(api?.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), OPERATOR_ENV)]));
    const config = loadConfig(env);
    expect(config.profile).toBe('production');
    expect(new URL(config.databaseUrl ?? '').host).toBe('postgres:5432');
    expect(config.limits.redisUrl).toBe('redis://redis:6379');
    expect(config.mail.smtpUrl).toBe('smtp://mailpit:1025');
  });

  it('has no JWT secret of its own, and publishes ports on loopback only', () => {
    expect(() => interpolate(String(api?.environment?.JWT_SECRET))).toThrow(/refuses to start: set JWT_SECRET/);
    const published = Object.values(compose.services).flatMap((service) => service.ports ?? []);
    expect(published.length).toBeGreaterThan(0);
    for (const port of published) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it("is started by the README's commands as written: they set JWT_SECRET before `docker compose up`", async () => {
    const readme = await readFile('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('### With Docker Compose'), readme.indexOf('\n## GraphQL'));
    const commands = /```bash\n([\s\S]*?)```/.exec(section)![1]!.split('\n');
    const up = commands.findIndex((line) => line.startsWith('docker compose up'));
    const secret = commands.findIndex((line) => /JWT_SECRET=\$\(openssl rand -base64 48\)/.test(line) && line.includes('.env'));
    expect(secret).toBeGreaterThanOrEqual(0);
    expect(secret).toBeLessThan(up);
    expect(section).not.toMatch(/local-only secrets/);
  });

  it('migrates before the API serves', () => {
    expect(migrate?.command).toEqual(['node', 'dist/scripts/migrate.js', 'latest']);
    expect(migrate?.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(api?.depends_on?.migrate?.condition).toBe('service_completed_successfully');
  });

  it('rebuilds on change with develop.watch, as the seed README describes', () => {
    const [watch] = api?.develop?.watch ?? [];
    expect(watch).toMatchObject({ action: 'rebuild', path: '.', target: '/app' });
    expect(watch?.ignore).toEqual(expect.arrayContaining(['node_modules/', '.git/']));
  });
});

describe('Dockerfile', () => {
  it('builds in stages on Node 24 and runs as a non-root user with a health check', () => {
    expect(dockerfile.match(/^FROM node:24\S* AS \w+$/gm)).toHaveLength(3);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/--omit=dev/);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/health/m);
  });

  it('starts the server with the same Node flags as npm start', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { scripts: Record<string, string> };
    const npmStart = /&& exec node (.*) dist\/src\/main\.js$/.exec(pkg.scripts.start ?? '')?.[1];
    const cmd = /^CMD \[(.*)\]$/m.exec(dockerfile)?.[1];
    expect(npmStart).toBeTruthy();
    expect(JSON.parse(`[${cmd}]`)).toEqual(['node', ...npmStart!.split(' '), 'dist/src/main.js']);
  });

  it('starts files the build produces from sources that exist', async () => {
    const tsconfig = JSON.parse(await readFile('tsconfig.build.json', 'utf8')) as { include: string[] };
    const entryPoints = [
      ['dist/src/main.js', 'src/main.ts'],
      ['dist/scripts/migrate.js', 'scripts/migrate.ts'],
    ] as const;
    for (const [compiled, source] of entryPoints) {
      expect(dockerfile + JSON.stringify(compose)).toContain(compiled);
      expect(existsSync(source)).toBe(true);
      expect(tsconfig.include).toContain(source.split('/')[0]);
    }
    for (const copied of dockerfile.matchAll(/^COPY (?!--)(\S+) /gm)) {
      for (const file of copied[1]?.split(' ') ?? []) expect(existsSync(file), file).toBe(true);
    }
  });
});
