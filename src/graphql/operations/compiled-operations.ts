import {
  execute,
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type OperationTypeNode,
  type ValidationRule,
} from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import type { GraphQLRequestContext } from './graphql-operation-outcome.js';

/** One operation of a document, parsed and validated once. */
export interface CompiledOperation {
  /** The parsed document: limits remember their work per document object. */
  readonly document: DocumentNode;
  /** The operation's name as the document gives it (an anonymous one has none). */
  readonly name: string | undefined;
  /** query, mutation or subscription: a subscription runs over the WebSocket only. */
  readonly kind: OperationTypeNode;
  /** Coerces the variables and runs the resolvers (variables that do not fit: BAD_USER_INPUT errors, no data); not for subscriptions. */
  run(context: GraphQLRequestContext, variables: Record<string, unknown> | undefined): Promise<ExecutionResult> | ExecutionResult;
}

/** A document's operations by name (its only operation also under `undefined`). */
export type CompiledDocument = Map<string | undefined, CompiledOperation>;

/** A document that does not parse or validate, and why: remembered like a compiled one, so it is worked out once. */
export interface RefusedDocument {
  readonly problems: readonly GraphQLError[];
  readonly stage: 'parse' | 'validation';
}

export type CompileResult = CompiledDocument | RefusedDocument;

export const isCompiled = (result: CompileResult | undefined): result is CompiledDocument => result instanceof Map;

/** The operation a request asks for by `operationName` (none given: a document's only one), if the document has it. */
export function operationNamed(document: CompileResult | undefined, operationName: unknown): CompiledOperation | undefined {
  if (!isCompiled(document)) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  return document.get(operationName ?? undefined);
}

/** What Apollo would check a document with: graphql-js's rules, ours, and introspection when it is off. */
export interface DocumentRules {
  rules: readonly ValidationRule[];
  maxTokens: number;
  introspection: boolean;
}

/**
 * A document's operations by name (a document's only operation also under `undefined`, as a
 * request that names none asks for it), parsed and validated once, for graphql-js to run as
 * they are: `execute` for queries and mutations, `subscribe` (graphql-ws) for subscriptions.
 * A document that does not parse or validate comes back refused, with graphql-js's errors.
 *
 * Queries run compiled by graphql-jit (ADR 7): graphql-js builds its answers from
 * null-prototype objects, which V8 keeps as dictionaries and JSON.stringify walks slowly, and
 * resolves each field through promises and path objects; graphql-jit's answer is a plain
 * object built by code made for the document. Mutations stay on graphql-js, whose serial
 * execution stops at a failed non-null field where graphql-jit goes on to the next.
 */
export function compileOperations(schema: GraphQLSchema, text: string, { rules, maxTokens, introspection }: DocumentRules): CompileResult {
  let document: DocumentNode;
  try {
    document = parse(text, { maxTokens });
  } catch (error) {
    return { stage: 'parse', problems: [error instanceof GraphQLError ? error : new GraphQLError(String(error))] };
  }
  const allRules = [...specifiedRules, ...rules, ...(introspection ? [] : [NoSchemaIntrospectionCustomRule])];
  const problems = validate(schema, document, allRules);
  if (problems.length > 0) return { stage: 'validation', problems };

  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const compiled: CompiledDocument = new Map();
  for (const operation of operations) {
    const name = operation.name?.value;
    compiled.set(name, {
      document,
      name,
      kind: operation.operation,
      run: operation.operation === 'query' ? jitRunner(schema, document, name) : graphqlJsRunner(schema, document, name),
    });
  }
  if (operations.length === 1) compiled.set(undefined, compiled.values().next().value!);
  return compiled;
}

type Runner = CompiledOperation['run'];

/**
 * No data at all: the variables did not fit the operation and no resolver ran. A request
 * error, coded as Apollo codes it, so every door (HTTP, WebSocket) answers it as the client's
 * mistake rather than as an unexpected error.
 */
const asRequestError = (result: ExecutionResult): ExecutionResult =>
  result.data === undefined && result.errors?.length
    ? { errors: result.errors.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT' } })) }
    : result;

const graphqlJsRunner =
  (schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): Runner =>
  (contextValue, variableValues) => {
    const result = execute({ schema, document, operationName, contextValue, variableValues });
    return result instanceof Promise ? result.then(asRequestError) : asRequestError(result);
  };

/**
 * A query compiled by graphql-jit on its first run. Variables that do not fit come back as
 * graphql-js words them (the request's answer is then graphql-js's: no resolver has run, and
 * clients read those messages); a document graphql-jit cannot compile runs on graphql-js.
 */
function jitRunner(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): Runner {
  const onGraphqlJs = graphqlJsRunner(schema, document, operationName);
  let run: Runner | undefined;
  return (contextValue, variableValues) => {
    run ??= jitCompiled(schema, document, operationName, onGraphqlJs);
    return run(contextValue, variableValues);
  };
}

function jitCompiled(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, onGraphqlJs: Runner): Runner {
  const query = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
  if (!isCompiledQuery(query)) return onGraphqlJs;
  return (contextValue, variableValues) => {
    const result = query.query(undefined, contextValue, variableValues);
    const answer = (done: ExecutionResult) => (done.data === undefined && done.errors?.length ? onGraphqlJs(contextValue, variableValues) : done);
    return result instanceof Promise ? result.then(answer) : answer(result);
  };
}
