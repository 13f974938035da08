import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  GraphQLError,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { Config } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import { MAX_PAGE_SIZE } from '../../services/page-size.js';

type Limits = Config['graphql'];

/** An AppError thrown from a plugin as the 400 request error it is (Apollo wraps it, formatError unwraps it). */
const asRequestError = (error: AppError) => new GraphQLError(error.message, { originalError: error, extensions: { http: { status: 400 } } });

// graphql-armor throws by default, which Apollo answers as a 500; reported, it is a validation error (400).
const reportAsValidationError = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')))],
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
    // `__typename` aliases count too (graphql-armor lets them through by default): each is work.
    maxAliasesRule({ n: limits.maxAliases, allowList: [], exposeLimits: true, ...reportAsValidationError }),
  ] as ValidationRule[];
}

/** Costs remembered per document: this many variable sets each, then it starts afresh. */
const COSTS_PER_DOCUMENT = 100;
/** Cost keys up to this long are kept as they are; longer ones are hashed. */
const MAX_PLAIN_KEY = 64;

/** Each field costs 1 unless its `complexity` hint says otherwise. */
const COST_ESTIMATORS = [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })];

/** Refuses (a 400 request error) an operation whose arguments are out of range or whose cost exceeds the budget. */
export type CostCheck = (document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown> | undefined) => void;

/**
 * A cost budget per operation: each field costs 1, and a connection's children cost once
 * per requested item (see the `complexity` hints on the schema). Checked once the operation
 * is resolved — when variables are known — and before any resolver runs; arguments first: a
 * cost computed from a page size out of range means nothing.
 *
 * Working a cost out walks the whole document (a measurable share of a GraphQL read's CPU:
 * BENCHMARKS.md), so costs are remembered per document (Apollo hands out one object per
 * query text; the compiled path keeps one per persisted document) and per value of just the
 * variables a cost can depend on: those in arguments of fields whose cost is computed from
 * their arguments, and those in directives (`@include(if: $x)`). A task's `id` is neither,
 * so fetching one task after another reuses one cost.
 */
export function costCheck(schema: GraphQLSchema, maxComplexity: number): CostCheck {
  const entryOf = rememberedPerDocument((document) => ({ costVariables: variablesCostDependsOn(schema, document), costs: new Map<string, number>() }));

  const costOf = (document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown> | undefined): number | undefined => {
    const entry = entryOf(document);
    const values = [operationName ?? '', ...entry.costVariables.map((name) => (variables && name in variables ? JSON.stringify(variables[name]) : '-'))].join(
      '\n',
    );
    // The client chooses the variables, and must not choose how much is remembered: a long
    // key is hashed. A short one is kept as it is (the separator tells the two apart).
    const key = values.length <= MAX_PLAIN_KEY ? `=${values}` : createHash('sha256').update(values).digest('base64url');
    const remembered = entry.costs.get(key);
    if (remembered !== undefined) return remembered;
    let cost: number;
    try {
      cost = getComplexity({ schema, query: document, operationName, variables, estimators: COST_ESTIMATORS });
    } catch {
      // Variables that do not fit the operation: execution refuses them (400) before any resolver.
      return undefined;
    }
    if (entry.costs.size >= COSTS_PER_DOCUMENT) entry.costs.clear();
    entry.costs.set(key, cost);
    return cost;
  };

  return (document, operationName, variables) => {
    assertArgumentsInRange(document, variables);
    const complexity = costOf(document, operationName, variables);
    if (complexity !== undefined) assertAffordable(complexity, maxComplexity);
  };
}

/** The {@link CostCheck} as an Apollo plugin. */
export function complexityLimit(check: CostCheck): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          check(document, request.operationName ?? undefined, request.variables);
        },
      };
    },
  };
}

function assertAffordable(complexity: number, maxComplexity: number): void {
  if (complexity > maxComplexity) {
    throw asRequestError(
      new AppError('BAD_REQUEST', { message: `Query is too costly: ${complexity} exceeds the budget of ${maxComplexity}`, reason: 'query too complex' }),
    );
  }
}

/** The variables a document's cost can depend on (see {@link complexityLimit}), sorted. */
function variablesCostDependsOn(schema: GraphQLSchema, document: DocumentNode): string[] {
  const typeInfo = new TypeInfo(schema);
  const names = new Set<string>();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const inDirective = typeInfo.getDirective() !== null;
        if (inDirective || typeof typeInfo.getFieldDef()?.extensions?.complexity === 'function') {
          visit(node.value, { Variable: (variable) => void names.add(variable.name.value) });
        }
      },
    }),
  );
  return [...names].sort();
}

/** A numeric argument of a document: given literally, or by a variable. */
interface NumericArgument {
  name: string;
  literal?: number;
  variable?: string;
}

/**
 * The arguments a document gives a number or a variable, found once per document (Apollo
 * hands out one object per query text): a request then only looks at those.
 */
const numericArgumentsOf = rememberedPerDocument((document) => {
  const found: NumericArgument[] = [];
  visit(document, {
    Argument(node) {
      const { value } = node;
      if (value.kind === Kind.INT) found.push({ name: node.name.value, literal: Number(value.value) });
      else if (value.kind === Kind.VARIABLE) found.push({ name: node.name.value, variable: value.name.value });
    },
  });
  return found;
});

function rememberedPerDocument<T>(work: (document: DocumentNode) => T): (document: DocumentNode) => T {
  const known = new WeakMap<DocumentNode, T>();
  return (document) => {
    let result = known.get(document);
    if (result === undefined) {
      result = work(document);
      known.set(document, result);
    }
    return result;
  };
}

/**
 * Refuses (BAD_REQUEST, in GraphQL's own argument names) a page size outside 1–100 and any
 * negative number given to an argument, literally or by a variable, before the operation's
 * cost is worked out.
 */
function assertArgumentsInRange(document: DocumentNode, variables: Record<string, unknown> | undefined): void {
  const problems: Record<string, string[]> = {};
  for (const { name, literal, variable } of numericArgumentsOf(document)) {
    const given = variable === undefined ? literal : variables?.[variable];
    if (typeof given !== 'number') continue;
    if (name === 'first' && (given < 1 || given > MAX_PAGE_SIZE)) problems[name] = [`must be between 1 and ${MAX_PAGE_SIZE}`];
    else if (given < 0) problems[name] = ['must not be negative'];
  }
  const names = Object.keys(problems);
  if (names.length === 0) return;
  const error = new AppError('BAD_REQUEST', {
    message: `Invalid argument${names.length > 1 ? 's' : ''}: ${names.map((name) => `${name} ${problems[name]![0]}`).join('; ')}`,
    reason: 'invalid arguments',
    details: problems,
  });
  throw asRequestError(error);
}
