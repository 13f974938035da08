import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { GraphQLContext } from '../resolvers/context.js';
import type { AppMetrics } from './metrics.js';

/**
 * One log line and one metric per GraphQL operation: its name, how long it took and the
 * error codes it answered with. Variables are never logged: they carry passwords and codes.
 */
export function operationLog(logger: Logger, metrics: AppMetrics | undefined): ApolloServerPlugin<GraphQLContext> {
  const log = logger.child({ module: 'graphql' });
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, response }) {
          const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
          // The answered errors, already in the envelope: their codes are ours, not Apollo's.
          const answered = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const codes = answered.map((error) => error.extensions?.code);
          const errorCodes = [...new Set(codes.filter((code): code is string => typeof code === 'string'))];
          const operation = operationName ?? 'anonymous';
          metrics?.countOperation(operation, errorCodes.length > 0 ? 'error' : 'success');
          log.info(
            { requestId: contextValue.requestId, operation, durationMs: Math.round(durationMs * 10) / 10, errorCodes },
            `graphql ${operation} ${errorCodes.length > 0 ? errorCodes.join(',') : 'ok'}`,
          );
        },
      };
    },
  };
}
