import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type GraphQLSchema, type ValidationContext, type ValidationRule } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';

type Limits = Config['graphql'];

// graphql-armor throws by default, which Apollo answers as a 500; reported, it is a validation error (400).
const reportAsValidationError = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''))),
  ],
};

/**
 * graphql-js refuses an operation type the schema lacks only when executing, as a 500;
 * this makes it the validation error (400) it is.
 */
const knownOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(node) {
    const schema = context.getSchema();
    const root = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() }[node.operation];
    if (!root) context.reportError(new GraphQLError(`This API does not support ${node.operation} operations`, { nodes: node }));
  },
});

/** Depth and alias caps, checked while validating: nothing runs for a refused document. */
export function limitRules(limits: Limits): ValidationRule[] {
  return [
    knownOperationTypes,
    // Introspection (Apollo Sandbox) is naturally deep; it is off in production anyway.
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, exposeLimits: true, ...reportAsValidationError }),
    // Aliases are how one request asks for a field many times; each still counts against rate limits.
    maxAliasesRule({ n: limits.maxAliases, exposeLimits: true, ...reportAsValidationError }),
  ] as ValidationRule[];
}

/**
 * A cost budget per operation: each field costs 1, and a connection's children cost once
 * per requested item (see the `complexity` hints on the schema). Checked after the
 * operation is resolved — when variables are known — and before any resolver runs.
 */
export function complexityLimit(schema: GraphQLSchema, maxComplexity: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              query: document,
              operationName: request.operationName,
              variables: request.variables,
              estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch {
            // Variables that do not fit the operation: execution refuses them (400) before any resolver.
            return;
          }
          if (complexity > maxComplexity) {
            const error = new AppError('BAD_REQUEST', {
              message: `Query is too costly: ${complexity} exceeds the budget of ${maxComplexity}`,
              reason: 'query too complex',
            });
            throw new GraphQLError(error.message, { originalError: error, extensions: { http: { status: 400 } } });
          }
        },
      };
    },
  };
}
