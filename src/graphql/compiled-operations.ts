import {
  execute,
  getVariableValues,
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
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import type { GraphQLRequestContext } from './graphql-operation-outcome.js';

/** One operation of a persisted document, parsed, validated and compiled once at start. */
export interface CompiledOperation {
  /** The parsed document: limits remember their work per document object. */
  readonly document: DocumentNode;
  /** The operation's name as the document gives it (an anonymous one has none). */
  readonly name: string | undefined;
  /** Coerces the variables and runs the resolvers (variables that do not fit: errors, no data). */
  run(context: GraphQLRequestContext, variables: Record<string, unknown> | undefined): Promise<ExecutionResult> | ExecutionResult;
}

/** What Apollo would check a document with: graphql-js's rules, ours, and introspection when it is off. */
export interface DocumentRules {
  rules: readonly ValidationRule[];
  maxTokens: number;
  introspection: boolean;
}

/**
 * A document's queries, compiled by graphql-jit, and its mutations, validated for graphql-js
 * to execute (graphql-jit goes on to a mutation's later fields after a non-null one failed, where
 * graphql-js stops: fifty aliased logins would spend fifty guesses, not one), by operation name (the only
 * operation of a document also under `undefined`, as a request that names none asks for it);
 * undefined when the document does not parse or validate, or holds a subscription (the one
 * place those run is the WebSocket): Apollo answers such a document as it answers any other.
 */
export function compileOperations(
  schema: GraphQLSchema,
  text: string,
  { rules, maxTokens, introspection }: DocumentRules,
): Map<string | undefined, CompiledOperation> | undefined {
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
  const compiled = new Map<string | undefined, CompiledOperation>();
  for (const operation of operations) {
    const name = operation.name?.value;
    if (operation.operation === 'mutation') {
      compiled.set(name, {
        document,
        name,
        run: (contextValue, variableValues) => execute({ schema, document, operationName: name, contextValue, variableValues }),
      });
      continue;
    }
    // Its generated JSON serialiser (customJSONSerializer) knows no custom scalars (DateTimeISO).
    const query = compileQuery(schema, document, name);
    if (!isCompiledQuery(query)) return undefined;
    compiled.set(name, {
      document,
      name,
      run: async (context, variables) => {
        const result = await query.query(undefined, context, variables);
        if (result.data !== undefined || !result.errors) return result;
        // Variables that do not fit: graphql-jit's errors lack the locations graphql-js's carry.
        return { errors: getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 50 }).errors ?? result.errors };
      },
    });
  }
  if (operations.length === 1) compiled.set(undefined, compiled.values().next().value!);
  return compiled;
}
