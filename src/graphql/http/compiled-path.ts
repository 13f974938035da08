import type { Request, Response } from 'express';
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { AppMetrics } from '../../http/metrics.js';
import { noteOutcome, type GraphQLRequestContext } from '../operations/graphql-operation-outcome.js';
import type { Admission } from '../operations/operation-gate.js';

const MODERN_TYPE = 'application/graphql-response+json';
/** The answers' media types, in Apollo's order of preference (a client that names neither gets JSON). */
export const ANSWER_TYPES = ['application/json', MODERN_TYPE];

/** What the compiled path shares with Apollo's: one context, one error formatter, one outcome note. */
export interface SharedPipeline {
  contextFor(req: Request, res: Response): GraphQLRequestContext;
  /** An error as every GraphQL answer carries it (the envelope in `extensions`). */
  inEnvelope(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  metrics: AppMetrics | undefined;
}

type Ready = Extract<Admission, { kind: 'ready' }>;

export interface CompiledPath {
  /**
   * Runs a query or mutation the gate made ready, with no Apollo request pipeline: only the
   * resolvers and the answer Apollo would give. Undefined for what Apollo then answers
   * (subscriptions, a client that accepts neither answer type).
   */
  (req: Request, res: Response, admission: Ready): Promise<void> | undefined;
  /** Answers a request error the gate raised (arguments out of range, a cost over budget) as Apollo would. */
  refuse(req: Request, res: Response, error: GraphQLError): void;
}

export function compiledPath(shared: SharedPipeline): CompiledPath {
  const run = (req: Request, res: Response, { operation, variables }: Ready): Promise<void> | undefined => {
    const answerType = req.accepts(ANSWER_TYPES);
    if (operation.kind === 'subscription' || !answerType) return undefined;
    return answer(shared, req, res, operation.name, answerType, (context) => operation.run(context, variables));
  };
  const refuse = (req: Request, res: Response, error: GraphQLError) =>
    void answer(shared, req, res, undefined, req.accepts(ANSWER_TYPES) || ANSWER_TYPES[0]!, () => {
      throw error;
    });
  return Object.assign(run, { refuse });
}

async function answer(
  shared: SharedPipeline,
  req: Request,
  res: Response,
  operationName: string | undefined,
  answerType: string,
  execute: (context: GraphQLRequestContext) => Promise<ExecutionResult> | ExecutionResult,
): Promise<void> {
  const context = shared.contextFor(req, res);
  let result: ExecutionResult;
  let requestError = false;
  try {
    result = await execute(context);
    // No data at all: the variables did not fit (the operation codes it BAD_USER_INPUT), a request error.
    if (result.errors?.length && result.data === undefined) requestError = true;
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    requestError = true;
    result = { errors: [error] };
  }

  const errors = result.errors?.map((error) => shared.inEnvelope(error.toJSON(), error));
  noteOutcome(shared.metrics, context, operationName, errors);
  // Apollo's answer as legacyJsonStatus leaves it: errors before data, and a request error a
  // 400 only for a client that takes the GraphQL response type.
  const json = JSON.stringify(errors ? (result.data === undefined ? { errors } : { errors, data: result.data }) : { data: result.data });
  res.statusCode = requestError && answerType === MODERN_TYPE ? 400 : 200;
  res.setHeader('content-type', `${answerType}; charset=utf-8`);
  res.end(`${json}\n`);
}
