import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../src/config/config.js';
import { stopBudgetMs } from '../src/runtime/shutdown.js';

/**
 * No cluster runs here: the manifests are parsed, validated against Kubernetes' own schemas
 * (kubernetes-models), and held against the app: probe paths and port, every environment
 * name one the config reads, the shutdown timing.
 */

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: any;
  data?: Record<string, string>;
}

const BASE = 'deploy/base';
// Production refuses every secret written in the repository: a stand-in made per run.
const SECRET = randomBytes(32).toString('base64');
const manifests: Manifest[] = [];
for (const file of (await readdir(BASE)).filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml')) {
  for (const document of parseAllDocuments(await readFile(path.join(BASE, file), 'utf8'))) manifests.push(document.toJSON() as Manifest);
}
const byKind = (kind: string) => manifests.filter((manifest) => manifest.kind === kind);
const deployment = byKind('Deployment')[0]!;
const api = deployment.spec.template.spec.containers[0];
const configMap = byKind('ConfigMap')[0]!;

/** kubernetes-models' class for a manifest's apiVersion and kind. */
async function modelOf({ apiVersion, kind }: Manifest): Promise<new (data: object) => { validate(): void }> {
  const group = apiVersion.includes('/') ? apiVersion : `v1`;
  const module = await import(`kubernetes-models/${group === 'v1' ? 'v1' : group}/${kind}`);
  return module[kind] ?? module.default;
}

describe('the Kubernetes manifests', () => {
  it('each validate against the Kubernetes schema of their kind, and kustomize lists them all', async () => {
    expect(manifests.map((manifest) => manifest.kind).sort()).toEqual(
      ['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'Job', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount'].sort(),
    );
    for (const manifest of manifests) {
      const Model = await modelOf(manifest);
      expect(() => new Model(manifest).validate(), `${manifest.kind} ${manifest.metadata.name}`).not.toThrow();
    }
    const kustomization = parseAllDocuments(await readFile(path.join(BASE, 'kustomization.yaml'), 'utf8'))[0]!.toJSON() as { resources: string[] };
    expect(kustomization.resources.sort()).toEqual((await readdir(BASE)).filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml').sort());
  });

  it('probe the app where it answers: /health for liveness, /ready for readiness, on the port the config listens on', () => {
    expect(api.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(api.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(api.ports).toEqual([{ name: 'http', containerPort: Number(configMap.data!.PORT), protocol: 'TCP' }]);
    const service = byKind('Service')[0]!;
    expect(service.spec.ports[0].targetPort).toBe('http');
  });

  it('set only variables the config reads, and everything production requires, by reference for secrets', () => {
    const names = [...Object.keys(configMap.data!), ...api.env.map((entry: { name: string }) => entry.name)];
    for (const name of names) expect(CONFIG_VARIABLES, name).toContain(name);
    for (const secret of ['DATABASE_URL', 'DATABASE_DIRECT_URL', 'JWT_SECRET', 'SMTP_URL', 'REDIS_URL']) {
      expect(api.env.find((entry: { name: string }) => entry.name === secret)?.valueFrom?.secretKeyRef, secret).toBeDefined();
    }
    // The direct URL only behind a pooler: a Secret without it must still start the pods.
    expect(api.env.find((entry: { name: string }) => entry.name === 'DATABASE_DIRECT_URL').valueFrom.secretKeyRef.optional).toBe(true);
    // With stand-ins for the secrets, production's config accepts what the manifests set.
    const config = loadConfig({
      ...configMap.data,
      DATABASE_URL: 'postgres://app@db:5432/tasks',
      SMTP_URL: 'smtp://mail:587',
      REDIS_URL: 'redis://redis:6379',
      JWT_SECRET: SECRET,
    });
    expect(config.profile).toBe('production');
    expect(config.host).toBe('0.0.0.0');
  });

  it('give a stopping pod time to drain: the preStop pause, SHUTDOWN_DRAIN_DELAY and SHUTDOWN_TIMEOUT fit in the grace period', () => {
    const config = loadConfig({
      ...configMap.data,
      DATABASE_URL: 'postgres://x@y/z',
      SMTP_URL: 'smtp://m:587',
      JWT_SECRET: SECRET,
    });
    const pause = Number(api.lifecycle.preStop.exec.command[1]);
    expect(pause).toBeGreaterThan(0);
    // The process's own bound on a stop (after which it exits anyway) outlasts the app's own
    // waits, and ends before the kubelet's SIGKILL.
    expect(stopBudgetMs(config)).toBeGreaterThan(config.shutdownDrainDelayMs + config.shutdownTimeoutMs);
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(pause + stopBudgetMs(config) / 1000);
  });

  it('run as non-root on a read-only root filesystem, the migration as a Job of its own', () => {
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(api.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(api.resources.requests).toBeDefined();
    const job = byKind('Job')[0]!;
    expect(job.spec.template.spec.containers[0].command).toEqual(['node', 'dist/scripts/migrate.js', 'latest']);
    expect(byKind('HorizontalPodAutoscaler')[0]!.spec.minReplicas).toBeGreaterThanOrEqual(byKind('PodDisruptionBudget')[0]!.spec.maxUnavailable + 1);
  });
});

describe("the README's many-instances section", () => {
  it('names only variables the config reads, and each one the manifests set or pass from the Secret', async () => {
    const readme = await readFile('README.md', 'utf8');
    const section = readme.split('### Running many instances')[1]!.split(/\n#{2,3} |\n\*\*Typed clients/)[0]!;
    const named = [...new Set([...section.matchAll(/`([A-Z][A-Z0-9_]+)(?:=[^`]*)?`/g)].map((match) => match[1]!))];
    expect(named).toEqual(expect.arrayContaining(['DATABASE_URL', 'DATABASE_POOLER', 'DATABASE_DIRECT_URL', 'REDIS_URL', 'TRUST_PROXY']));
    const inManifests = [...Object.keys(configMap.data!), ...api.env.map((entry: { name: string }) => entry.name)];
    for (const name of named) {
      expect(CONFIG_VARIABLES, name).toContain(name);
      expect(inManifests, name).toContain(name);
    }
    // What it says of the pooler setting is what the config accepts.
    expect(loadConfig({ DATABASE_URL: 'postgres://app@pooler:6432/tasks', DATABASE_POOLER: 'transaction' }).databaseDirectUrl).toBe(
      'postgres://app@pooler:6432/tasks',
    );
    expect(() => loadConfig({ DATABASE_POOLER: 'transaction' })).toThrow(/DATABASE_POOLER/);
  });
});
