import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { AppMetrics } from '../../http/metrics.js';
import type { OperationNote } from '../../http/request-state.js';
import type { GraphQLContext } from '../context.js';

/** The context Apollo hands the plugins: the resolvers' own, plus where to note the outcome. */
export interface GraphQLRequestContext extends GraphQLContext {
  noteOperation(note: OperationNote): void;
}

/**
 * One metric per GraphQL operation, and its name and answered error codes on the request's
 * log line (one line per request: a second line per operation cost a measurable share of a
 * GraphQL read's CPU, BENCHMARKS.md). Variables are never logged: they carry passwords and codes.
 * Both paths (Apollo's and the compiled one) note their operations here.
 */
export function noteOutcome(
  metrics: AppMetrics | undefined,
  context: GraphQLRequestContext,
  operationName: string | null | undefined,
  // The answered errors, already in the envelope: their codes are ours, not Apollo's.
  answered: readonly GraphQLFormattedError[] | undefined,
): void {
  const codes = (answered ?? []).map((error) => error.extensions?.code);
  const errorCodes = [...new Set(codes.filter((code): code is string => typeof code === 'string'))];
  const operation = operationName ?? 'anonymous';
  metrics?.countOperation(operation, errorCodes.length > 0 ? 'error' : 'success');
  context.noteOperation({ operation, errorCodes });
}

/** {@link noteOutcome} for each operation Apollo answers. */
export function operationOutcome(metrics: AppMetrics | undefined): ApolloServerPlugin<GraphQLRequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async willSendResponse({ operationName, response }) {
          const answered = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          noteOutcome(metrics, contextValue, operationName, answered);
        },
      };
    },
  };
}
