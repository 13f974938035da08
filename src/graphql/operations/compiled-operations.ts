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
import type { GraphQLRequestContext } from './graphql-operation-outcome.js';

/** One operation of a document, parsed and validated once. */
export interface CompiledOperation {
  /** The parsed document: limits remember their work per document object. */
  readonly document: DocumentNode;
  /** The operation's name as the document gives it (an anonymous one has none). */
  readonly name: string | undefined;
  /** query, mutation or subscription: a subscription runs over the WebSocket only. */
  readonly kind: OperationTypeNode;
  /** Coerces the variables and runs the resolvers (variables that do not fit: errors, no data); not for subscriptions. */
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
 * graphql-jit was measured here (BENCHMARKS.md): it ran these queries faster, but once it had
 * compiled a document, graphql-js ran every other document (Apollo's, the subscriptions')
 * more slowly.
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
      run: (contextValue, variableValues) => execute({ schema, document, operationName: name, contextValue, variableValues }),
    });
  }
  if (operations.length === 1) compiled.set(undefined, compiled.values().next().value!);
  return compiled;
}
