import type { RequestHandler } from 'express';
import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AppError } from '../errors/app-error.js';
import type { AbuseEvents } from '../services/abuse/abuse-guard.js';
import { sameSecret } from '../services/auth/same-secret.js';
import { bearerTokenOf } from './bearer-token.js';

const MAX_OPERATION_LABELS = 200;
const MAX_OPERATION_LABEL_CHARS = 64;
const OTHER_OPERATIONS = '(other)';

/** The app's Prometheus metrics, in a registry of its own (several apps may share a process). */
export class AppMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly latency: Histogram<'method' | 'route' | 'status'>;
  private readonly operations: Counter<'operation' | 'outcome'>;
  private readonly refusals: Counter<'limit'>;
  private readonly bans: Counter<'cause'>;
  private readonly inFlight: Gauge;

  constructor(pool: pg.Pool) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.operations = new Counter({
      name: 'graphql_operations_total',
      help: 'GraphQL operations by name and outcome',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.refusals = new Counter({ name: 'rate_limit_rejections_total', help: 'Requests refused by a rate limit', labelNames: ['limit'], registers });
    this.inFlight = new Gauge({ name: 'http_requests_in_flight', help: 'Requests being served now', registers });
    this.bans = new Counter({ name: 'ip_bans_total', help: 'Addresses banned by this instance', labelNames: ['cause'], registers });
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by state',
      labelNames: ['state'],
      registers,
      collect() {
        this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.latency.observe(labels, seconds);
  }

  requestStarted(): void {
    this.inFlight.inc();
  }

  requestEnded(): void {
    this.inFlight.dec();
  }

  countOperation(operation: string, outcome: 'success' | 'error'): void {
    this.operations.inc({ operation: this.operationLabel(operation), outcome });
  }

  // Operation names are the client's choice: the first MAX_OPERATION_LABELS get a series of
  // their own, every later one shares OTHER_OPERATIONS, so the registry stays bounded.
  private readonly operationLabels = new Set<string>();

  private operationLabel(operation: string): string {
    if (this.operationLabels.has(operation)) return operation;
    if (this.operationLabels.size >= MAX_OPERATION_LABELS || operation.length > MAX_OPERATION_LABEL_CHARS) return OTHER_OPERATIONS;
    this.operationLabels.add(operation);
    return operation;
  }

  readonly abuseEvents: AbuseEvents = {
    refused: (limit) => this.refusals.inc({ limit }),
    banned: (cause) => this.bans.inc({ cause }),
  };
}

/** GET /metrics in Prometheus' text format; behind a bearer token when one is configured. */
export function metricsEndpoint(metrics: AppMetrics, token: string | undefined): RequestHandler {
  return async (req, res) => {
    if (token !== undefined && !sameSecret(bearerTokenOf(req) ?? '', token)) {
      throw new AppError('UNAUTHORIZED', { message: 'Metrics need a token', reason: 'token invalid' });
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
