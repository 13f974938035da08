import {
  execute,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import type { GraphQLRequestContext } from './graphql-operation-outcome.js';

/** One operation of a persisted document, parsed and validated once at start. */
export interface CompiledOperation {
  /** The parsed document: limits remember their work per document object. */
  readonly document: DocumentNode;
  /** The operation's name as the document gives it (an anonymous one has none). */
  readonly name: string | undefined;
  /** Coerces the variables and runs the resolvers (variables that do not fit: errors, no data). */
  run(context: GraphQLRequestContext, variables: Record<string, unknown> | undefined): Promise<ExecutionResult> | ExecutionResult;
}

/** A document's operations by name (its only operation also under `undefined`). */
export type CompiledDocument = Map<string | undefined, CompiledOperation>;

/** The operation a request asks for by `operationName` (none given: a document's only one), if the document has it. */
export function operationNamed(document: CompiledDocument | undefined, operationName: unknown): CompiledOperation | undefined {
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  return document?.get(operationName ?? undefined);
}

/** What Apollo would check a document with: graphql-js's rules, ours, and introspection when it is off. */
export interface DocumentRules {
  rules: readonly ValidationRule[];
  maxTokens: number;
  introspection: boolean;
}

/**
 * A document's operations by name (a document's only operation also under `undefined`, as a
 * request that names none asks for it), parsed and validated once, for graphql-js's `execute`
 * to run as they are. Undefined when the document does not parse or validate, or holds a
 * subscription (those run over the WebSocket only): Apollo answers such a document as it
 * answers any other.
 *
 * graphql-jit was measured here (BENCHMARKS.md): it ran these queries faster, but once it had
 * compiled a document, graphql-js ran every other document (Apollo's, the subscriptions')
 * more slowly.
 */
export function compileOperations(
  schema: GraphQLSchema,
  text: string,
  { rules, maxTokens, introspection }: DocumentRules,
): CompiledDocument | undefined {
  let document: DocumentNode;
  try {
    document = parse(text, { maxTokens });
  } catch {
    return undefined;
  }
  const allRules = [...specifiedRules, ...rules, ...(introspection ? [] : [NoSchemaIntrospectionCustomRule])];
  if (validate(schema, document, allRules).length > 0) return undefined;

  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  if (operations.some((operation) => operation.operation === 'subscription')) return undefined;
  const compiled: CompiledDocument = new Map();
  for (const operation of operations) {
    const name = operation.name?.value;
    compiled.set(name, {
      document,
      name,
      run: (contextValue, variableValues) => execute({ schema, document, operationName: name, contextValue, variableValues }),
    });
  }
  if (operations.length === 1) compiled.set(undefined, compiled.values().next().value!);
  return compiled;
}
