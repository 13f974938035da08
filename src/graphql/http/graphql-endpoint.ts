import { withAcceptedNames } from '../accepted-names.js';
import { AsyncLocalStorage } from 'node:async_hooks';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { Request, RequestHandler, Response } from 'express';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Config } from '../../config/config.js';
import type { Task } from '../../db/database.types.js';
import { AppError } from '../../errors/app-error.js';
import { toEnvelope } from '../../errors/error-envelope.js';
import { bearerTokenOf } from '../../http/bearer-token.js';
import { refreshCookieOf } from '../../http/refresh-cookie.js';
import type { AppMetrics } from '../../http/metrics.js';
import '../../http/request-state.js';
import type { ErrorReporter } from '../../http/unexpected-errors.js';
import type { Services } from '../../services/create-services.js';
import { apolloHandler } from './apollo-express.js';
import { buildAppSchema } from '../build-schema.js';
import { legacyJsonStatus, requestErrorAnswer } from './graphql-legacy-status.js';
import { ANSWER_TYPES, compiledPath } from './compiled-path.js';
import type { CompiledDocumentCache } from '../operations/document-cache.js';
import { complexityLimit } from '../operations/graphql-limits.js';
import { operationOutcome, type GraphQLRequestContext } from '../operations/graphql-operation-outcome.js';
import { isRecord, OperationGate, type Admission } from '../operations/operation-gate.js';
import { taskNode } from '../types/task.types.js';
import { leafFieldsOf } from '../leaf-fields.js';

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

const INTROSPECTION_REFUSED = /^GraphQL introspection is not allowed/;

export interface GraphQLEndpoint {
  middleware: RequestHandler;
  /** The executable schema, for the WebSocket transport (subscriptions). */
  schema: GraphQLSchema;
  /** An error as every GraphQL answer carries it: the envelope in `extensions`. */
  formatError(error: unknown, requestId: string): GraphQLFormattedError;
  /** The documents sent as text that the compiled path keeps (none when it is off). */
  sentAsText: CompiledDocumentCache | undefined;
  /** The gate every GraphQL door admits operations through (the WebSocket's too). */
  gate: OperationGate;
  stop(): Promise<void>;
}

/** Apollo Server on the app's services; every error leaves with the envelope in `extensions`. */
export async function createGraphQLEndpoint(
  services: Services,
  config: Config,
  reportError: ErrorReporter,
  metrics: AppMetrics | undefined,
): Promise<GraphQLEndpoint> {
  const { profile } = config;
  const schema = await buildAppSchema(services);
  // A conflict's current resource (the only kind is a task), as a GraphQL client reads it.
  const taskAnswer = leafFieldsOf(schema, 'Task');
  const presentCurrent = (task: unknown) => taskAnswer(taskNode(task as Task));
  // formatError gets no context; the request id travels with the async call instead.
  const currentRequestId = new AsyncLocalStorage<string>();

  const toAppError = (formatted: GraphQLFormattedError, error: unknown): AppError => {
    const unwrapped = unwrapResolverError(error);
    // Errors thrown by plugins arrive wrapped in a GraphQLError of their own.
    const original = unwrapped instanceof GraphQLError && unwrapped.originalError ? unwrapped.originalError : unwrapped;
    if (original instanceof AppError) return original;
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
      // Apollo's own words tell the operator to change code; here it is a setting.
      const message = INTROSPECTION_REFUSED.test(formatted.message)
        ? 'Introspection is off on this server (GRAPHQL_INTROSPECTION=on turns it on)'
        : profile === 'production'
          ? formatted.message
          : withAcceptedNames(schema, formatted.message);
      return new AppError('BAD_REQUEST', { message, reason: code.toLowerCase().replaceAll('_', ' ') });
    }
    return reportError(original, { requestId: currentRequestId.getStore(), path: GRAPHQL_PATH, field: formatted.path });
  };

  const inEnvelope = (formatted: GraphQLFormattedError, error: unknown, requestId: string): GraphQLFormattedError => {
    const envelope = toEnvelope(toAppError(formatted, error), GRAPHQL_PATH, requestId, presentCurrent);
    return { message: envelope.message, locations: formatted.locations, path: formatted.path, extensions: { ...envelope } };
  };

  const plugins: ApolloServerPlugin<GraphQLRequestContext>[] = [
    operationOutcome(metrics),
    legacyJsonStatus(),
    ApolloServerPluginCacheControlDisabled(),
    config.graphql.sandbox ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }) : ApolloServerPluginLandingPageDisabled(),
  ];

  const gate = await OperationGate.open(schema, services, config);
  plugins.push(complexityLimit(gate.cost));

  const server = new ApolloServer<GraphQLRequestContext>({
    schema,
    plugins,
    validationRules: gate.validationRules,
    parseOptions: { maxTokens: config.graphql.maxTokens },
    // One operation per request: batches would multiply every per-request limit.
    allowBatchedHttpRequests: false,
    introspection: config.graphql.introspection,
    // No "Did you mean …?" field suggestions for strangers probing the schema.
    hideSchemaDetailsFromClientErrors: profile === 'production',
    includeStacktraceInErrorResponses: false,
    // The app owns shutdown (drain HTTP, then stop Apollo, then the pool); Apollo must not race it.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => inEnvelope(formatted, error, currentRequestId.getStore() ?? 'unknown'),
  });
  await server.start();

  const contextFor = (req: Request, res: Response): GraphQLRequestContext =>
    gate.contextFor({
      requestId: res.locals.requestId,
      requester: res.locals.requester,
      token: () => bearerTokenOf(req),
      refreshCookie: () => refreshCookieOf(req, res, GRAPHQL_PATH),
      noteOperation: (note) => {
        res.locals.graphqlOperation = note;
      },
    });
  const apollo = apolloHandler(server, async (req, res) => contextFor(req, res));
  const compiled = compiledPath({
    contextFor,
    inEnvelope: (formatted, error) => inEnvelope(formatted, error, currentRequestId.getStore() ?? 'unknown'),
    metrics,
  });

  /** The gate's answer for an HTTP request: what runs compiled, or what Apollo answers (the body then holds the document). */
  const admitted = (req: Request): Admission | undefined => {
    if (req.method === 'POST') {
      if (!isRecord(req.body)) return undefined;
      const admission = gate.admit(req.body);
      // A document the gate found by id, for Apollo to answer as sent.
      if (admission.kind !== 'ready' && admission.text !== undefined && req.body.query === undefined) {
        req.body.query = admission.text;
        delete req.body.documentId;
      }
      return admission;
    }
    // A GET with an operation (not the Sandbox page) carries its document in the URL.
    if (req.method === 'GET' && req.query.query !== undefined && config.graphql.trustedDocumentsFile) {
      throw new AppError('BAD_REQUEST', { message: 'This server runs trusted documents only: send them by POST', reason: 'document not trusted' });
    }
    return undefined;
  };

  return {
    middleware: (req, res, next) =>
      currentRequestId.run(res.locals.requestId, () => {
        try {
          const admission = admitted(req);
          if (admission?.kind === 'ready') {
            const served = compiled(req, res, admission);
            if (served) return served;
          }
        } catch (error) {
          // Arguments out of range or too costly: a request error, answered as the compiled path answers one.
          if (error instanceof GraphQLError && req.accepts(ANSWER_TYPES)) return compiled.refuse(req, res, error);
          const refusal = error instanceof GraphQLError && error.originalError instanceof AppError ? error.originalError : error;
          if (!(refusal instanceof AppError)) throw error;
          // Refused before Apollo sees it, answered as Apollo answers a request error.
          const envelope = toEnvelope(refusal, GRAPHQL_PATH, res.locals.requestId);
          const { status, contentType } = requestErrorAnswer(req.get('accept'));
          res
            .status(status)
            .type(contentType)
            .send(JSON.stringify({ errors: [{ message: envelope.message, extensions: envelope }] }));
          return;
        }
        return apollo(req, res, next);
      }),
    schema,
    sentAsText: gate.sentAsText,
    gate,
    formatError: (error, requestId) => {
      const graphqlError =
        error instanceof GraphQLError
          ? error
          : new GraphQLError(error instanceof Error ? error.message : 'Unexpected error', { originalError: error as Error });
      return inEnvelope(graphqlError.toJSON(), graphqlError, requestId);
    },
    stop: () => server.stop(),
  };
}
