import type { Request, Response } from 'express';
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { AppMetrics } from '../http/metrics.js';
import type { CompiledOperation } from './compiled-operations.js';
import type { CompiledDocumentCache } from './document-cache.js';
import type { CostGuard } from './graphql-limits.js';
import { noteOutcome, type GraphQLRequestContext } from './graphql-operation-outcome.js';
import { documentIdOf, type PersistedDocuments } from './persisted-documents.js';

const MODERN_TYPE = 'application/graphql-response+json';
/** The answers' media types, in Apollo's order of preference (a client that names neither gets JSON). */
const ANSWER_TYPES = ['application/json', MODERN_TYPE];

/** What the compiled path shares with Apollo's: one context, one set of limits, one error formatter, one outcome note. */
export interface SharedPipeline {
  documents: PersistedDocuments;
  /** Documents sent as text, compiled on first sight; none when off (or only trusted documents may run). */
  sentAsText: CompiledDocumentCache | undefined;
  contextFor(req: Request, res: Response): GraphQLRequestContext;
  guard: CostGuard;
  /** An error as every GraphQL answer carries it (the envelope in `extensions`). */
  inEnvelope(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  metrics: AppMetrics | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const absentOrRecord = (value: unknown) => value === undefined || value === null || isRecord(value);

/**
 * Serves a POST on an operation compiled before: a persisted document named by id
 * (`documentId`, or Apollo's `extensions.persistedQuery.sha256Hash`), compiled at start, or
 * a document sent as text that compiled when first seen. No parse, validation or Apollo
 * request pipeline per request, only the limits, the resolvers and the answer Apollo would
 * give. Returns undefined for any other request, which Apollo then answers (GET, Sandbox,
 * documents that do not parse or validate, subscriptions, and every malformed body, so
 * Apollo's refusals stay the only ones).
 */
export function compiledPath(shared: SharedPipeline) {
  return (req: Request, res: Response): Promise<void> | undefined => {
    const { body } = req;
    if (req.method !== 'POST' || !isRecord(body)) return undefined;
    if (!absentOrRecord(body.variables) || !absentOrRecord(body.extensions)) return undefined;
    const id = documentIdOf(body);
    let operation: CompiledOperation | undefined;
    if (body.query === undefined) operation = shared.documents.find(id, body.operationName);
    else if (typeof body.query === 'string' && id === undefined) operation = shared.sentAsText?.find(body.query, body.operationName);
    const answerType = req.accepts(ANSWER_TYPES);
    if (!operation || !answerType) return undefined;
    return answer(shared, req, res, operation, answerType);
  };
}

async function answer(shared: SharedPipeline, req: Request, res: Response, operation: CompiledOperation, answerType: string): Promise<void> {
  const { body } = req;
  const variables = (body.variables ?? undefined) as Record<string, unknown> | undefined;
  const context = shared.contextFor(req, res);
  let result: ExecutionResult;
  let requestError = false;
  try {
    shared.guard(operation.document, (body.operationName as string | undefined) ?? undefined, variables);
    result = await operation.run(context, variables);
    // No data at all: the variables did not fit the operation, a request error as Apollo reports it.
    if (result.errors?.length && result.data === undefined) {
      requestError = true;
      result = { errors: result.errors.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT' } })) };
    }
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    requestError = true;
    result = { errors: [error] };
  }

  const errors = result.errors?.map((error) => shared.inEnvelope(error.toJSON(), error));
  noteOutcome(shared.metrics, context, operation.name, errors);
  // Apollo's answer as legacyJsonStatus leaves it: errors before data, and a request error a
  // 400 only for a client that takes the GraphQL response type.
  const json = JSON.stringify(errors ? (result.data === undefined ? { errors } : { errors, data: result.data }) : { data: result.data });
  res.statusCode = requestError && answerType === MODERN_TYPE ? 400 : 200;
  res.setHeader('content-type', `${answerType}; charset=utf-8`);
  res.end(`${json}\n`);
}
