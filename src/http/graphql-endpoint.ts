import { AsyncLocalStorage } from 'node:async_hooks';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { RequestHandler } from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { normalizeError, toEnvelope } from '../errors/error-envelope.js';
import { buildAppSchema } from '../schema/build-schema.js';
import type { Caller } from '../services/caller.js';
import type { Services } from '../services/services.js';
import { apolloHandler } from './apollo-express.js';
import { bearerToken } from './bearer-token.js';
import { complexityLimit, limitRules } from './graphql-limits.js';
import { legacyJsonStatus } from './graphql-legacy-status.js';
import { noteOperationOn, operationOutcome, type GraphQLRequestContext } from './graphql-operation-outcome.js';
import type { AppMetrics } from './metrics.js';
import { requestIdOf } from './request-context.js';
import { requesterOf } from './request-guard.js';

export const GRAPHQL_PATH = '/graphql';

// Apollo's codes for requests that are the client's fault; all become BAD_REQUEST.
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export interface GraphQLEndpoint {
  middleware: RequestHandler;
  stop(): Promise<void>;
}

/** Apollo Server on the app's services; every error leaves with the envelope in `extensions`. */
export async function createGraphQLEndpoint(
  services: Services,
  config: Config,
  logger: Logger,
  metrics: AppMetrics | undefined,
): Promise<GraphQLEndpoint> {
  const { profile } = config;
  const log = logger.child({ module: 'graphql' });
  // formatError gets no context; the request id travels with the async call instead.
  const currentRequestId = new AsyncLocalStorage<string>();
  const exposeInternals = profile === 'development';

  const toAppError = (formatted: GraphQLFormattedError, error: unknown): AppError => {
    const unwrapped = unwrapResolverError(error);
    // Errors thrown by plugins arrive wrapped in a GraphQLError of their own.
    const original = unwrapped instanceof GraphQLError && unwrapped.originalError ? unwrapped.originalError : unwrapped;
    if (original instanceof AppError) return original;
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
      return new AppError('BAD_REQUEST', { message: formatted.message, reason: code.toLowerCase().replaceAll('_', ' ') });
    }
    const normalized = normalizeError(original, exposeInternals);
    if (normalized.unexpected) {
      const level = normalized.error.code === 'SERVICE_UNAVAILABLE' ? 'warn' : 'error';
      log[level]({ err: original, requestId: currentRequestId.getStore(), path: formatted.path }, 'operation failed');
    }
    return normalized.error;
  };

  const plugins: ApolloServerPlugin<GraphQLRequestContext>[] = [
    operationOutcome(metrics),
    legacyJsonStatus(),
    ApolloServerPluginCacheControlDisabled(),
    profile === 'development'
      ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
      : ApolloServerPluginLandingPageDisabled(),
  ];

  const schema = await buildAppSchema(services);
  plugins.push(complexityLimit(schema, config.graphql.maxComplexity));

  const server = new ApolloServer<GraphQLRequestContext>({
    schema,
    plugins,
    validationRules: limitRules(config.graphql),
    parseOptions: { maxTokens: config.graphql.maxTokens },
    // One operation per request: batches would multiply every per-request limit.
    allowBatchedHttpRequests: false,
    introspection: profile !== 'production',
    // No "Did you mean …?" field suggestions for strangers probing the schema.
    hideSchemaDetailsFromClientErrors: profile === 'production',
    includeStacktraceInErrorResponses: false,
    // The app owns shutdown (drain HTTP, then stop Apollo, then the pool); Apollo must not race it.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => {
      const envelope = toEnvelope(toAppError(formatted, error), GRAPHQL_PATH, currentRequestId.getStore() ?? 'unknown');
      return { message: envelope.message, locations: formatted.locations, path: formatted.path, extensions: { ...envelope } };
    },
  });
  await server.start();

  const apollo = apolloHandler(server, async (req, res): Promise<GraphQLRequestContext> => {
    // Checked once per operation, and only when a field needs it.
    let caller: Promise<Caller> | undefined;
    const requester = requesterOf(res);
    return {
      requestId: requestIdOf(res),
      requester,
      authenticate: () => (caller ??= services.tokens.authenticate(bearerToken(req.get('authorization')), requester)),
      noteOperation: noteOperationOn(res),
    };
  });

  return {
    middleware: (req, res, next) => currentRequestId.run(requestIdOf(res), () => apollo(req, res, next)),
    stop: () => server.stop(),
  };
}
