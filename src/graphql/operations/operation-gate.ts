import type { GraphQLError, GraphQLSchema, ValidationRule } from 'graphql';
import type { Config } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import type { Services } from '../../services/create-services.js';
import type { Requester } from '../../services/caller.js';
import type { RefreshCookie } from '../../http/refresh-cookie.js';
import type { OperationNote } from '../../http/request-state.js';
import { compileOperations, isCompiled, operationNamed, type CompiledOperation, type CompileResult } from './compiled-operations.js';
import { CompiledDocumentCache } from './document-cache.js';
import { costCheck, limitRules, type CostCheck } from './graphql-limits.js';
import type { GraphQLRequestContext } from './graphql-operation-outcome.js';
import { assertRequestWithinBounds } from './graphql-request-bounds.js';
import { documentIdOf, PersistedDocuments, readManifest } from './persisted-documents.js';

/** What a door hands the gate: a POST body or a subscribe message's payload, as the client sent it. */
export type OperationRequest = Record<string, unknown>;

/**
 * The gate's answer:
 * - `ready`: parsed, validated, within every limit: the door runs (or subscribes) it as it is;
 * - `refused`: the document does not parse or validate, or holds no operation by that name;
 * - `unresolved`: nothing the gate can compile was sent (no document, variables that are not
 *   an object, Apollo's persisted-query protocol, the cache off). Over HTTP Apollo answers it,
 *   under the same rules, with `text` as the document when the gate found one by id.
 */
export type Admission =
  | { kind: 'ready'; operation: CompiledOperation; variables: Record<string, unknown> | undefined }
  | { kind: 'refused'; problems: readonly GraphQLError[]; stage: 'parse' | 'validation' | 'operation'; text: string }
  | { kind: 'unresolved'; text: string | undefined };

/** How a door carries the caller's token and where its outcome is noted. */
export interface ContextParts {
  requestId: string;
  requester: Requester;
  /** The bearer token, read only when a field needs the caller (a malformed header then fails that field). */
  token(): string | undefined;
  noteOperation?(note: OperationNote): void;
  /** Over WebSocket only: a door that can stream gives its resolvers the change feed. */
  streams?: boolean;
  /** Over HTTP only: the request's refresh cookie, made when a resolver asks. */
  refreshCookie?(): RefreshCookie;
}

const notTrusted = (message: string) => new AppError('BAD_REQUEST', { message, reason: 'document not trusted' });
const unknownDocument = () =>
  new AppError('BAD_REQUEST', { message: 'No persisted document has that documentId (or none with that operationName)', reason: 'unknown document' });

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const absentOrRecord = (value: unknown) => value === undefined || value === null || isRecord(value);

/**
 * The one gate of every GraphQL entrance: Apollo and the compiled path over HTTP, graphql-ws
 * over WebSocket. Each door only carries a request in and an answer out; what may run, and
 * on whose behalf, is decided here, in this order:
 * 1. the caller is admitted (not banned, within the address's request budget): `admitCaller`
 *    — over HTTP the request guard in front of every route calls the same AbuseGuard.admit;
 * 2. the request is bounded (operation name, document, variables);
 * 3. the document is admitted: with trusted documents only those of the manifest (by id,
 *    hash or exact text); a persisted id; or the text, compiled once and kept;
 * 4. parsed and validated once (graphql-js's rules, depth, aliases, tokens, introspection);
 * 5. arguments in range and the cost within budget, for these variables;
 * 6. the context: the token checked and the session live whenever a field needs the caller.
 */
export class OperationGate {
  /** The validation rules Apollo applies to what it answers (the same as the gate's). */
  readonly validationRules: ValidationRule[];
  /** The cost check Apollo applies to what it answers (the same as the gate's). */
  readonly cost: CostCheck;

  private constructor(
    private readonly services: Services,
    private readonly persisted: PersistedDocuments,
    private readonly trustedOnly: boolean,
    /** Documents sent as text, kept compiled; none when GRAPHQL_DOCUMENT_CACHE is 0 (or only trusted ones run). */
    readonly sentAsText: CompiledDocumentCache | undefined,
    private readonly compile: (text: string) => CompileResult,
    validationRules: ValidationRule[],
    cost: CostCheck,
  ) {
    this.validationRules = validationRules;
    this.cost = cost;
  }

  static async open(schema: GraphQLSchema, services: Services, config: Config): Promise<OperationGate> {
    const { graphql } = config;
    const validationRules = limitRules(graphql);
    const compile = (text: string) =>
      compileOperations(schema, text, { rules: validationRules, maxTokens: graphql.maxTokens, introspection: graphql.introspection });
    const manifestFile = graphql.persistedDocumentsFile;
    const persisted = new PersistedDocuments(manifestFile ? await readManifest(manifestFile) : new Map(), compile);
    const trustedOnly = graphql.trustedDocumentsFile !== undefined;
    const sentAsText = trustedOnly || graphql.documentCacheSize === 0 ? undefined : new CompiledDocumentCache(compile, graphql.documentCacheSize);
    return new OperationGate(services, persisted, trustedOnly, sentAsText, compile, validationRules, costCheck(schema, graphql.maxComplexity));
  }

  /** Step 1: refused when the address is banned, then its request budget is spent (TOO_MANY_REQUESTS, FORBIDDEN). */
  admitCaller(subject: string): Promise<void> {
    return this.services.guard.admit(subject);
  }

  /**
   * Steps 2 to 5 for one operation. Throws the AppError of a request out of bounds or a
   * document not trusted, and the request error (a GraphQLError) of arguments out of range
   * or a cost over budget. `compileAlways`: compile a document sent as text even with the
   * cache off (a door with no Apollo behind it).
   */
  admit(request: OperationRequest, compileAlways = false): Admission {
    assertRequestWithinBounds(request);
    const { variables, extensions, operationName } = request;
    if (!absentOrRecord(variables) || !absentOrRecord(extensions)) return { kind: 'unresolved', text: undefined };
    const id = documentIdOf(request);
    // graphql-ws requires a query string: a document named by id comes with an empty one.
    const text = typeof request.query === 'string' && request.query !== '' ? request.query : undefined;

    let compiled: CompileResult | undefined;
    let admittedText = text;
    if (id !== undefined) {
      const persisted = this.persisted.byId(id);
      if (!persisted) {
        if (this.trustedOnly) throw notTrusted('No trusted document has that id');
        if (request.documentId !== undefined && request.query === undefined) throw unknownDocument();
        // Apollo's persisted-query protocol, or an id beside a document: Apollo's to answer.
        return { kind: 'unresolved', text: undefined };
      }
      if (text !== undefined && text !== persisted.text) {
        if (this.trustedOnly) throw notTrusted('The document sent is not the one its id names');
        return { kind: 'unresolved', text: undefined };
      }
      compiled = persisted.compiled;
      admittedText = persisted.text;
    } else if (text !== undefined) {
      if (this.trustedOnly) {
        const persisted = this.persisted.byText(text);
        if (!persisted) throw notTrusted('This server runs trusted documents only: send a documentId from persisted-documents.json');
        compiled = persisted.compiled;
      } else {
        compiled = this.sentAsText?.compiled(text) ?? (compileAlways ? this.compile(text) : undefined);
      }
    } else if (this.trustedOnly && request.query !== undefined) {
      throw notTrusted('This server runs trusted documents only: send a documentId from persisted-documents.json');
    }

    if (compiled === undefined || admittedText === undefined) return { kind: 'unresolved', text: admittedText };
    if (!isCompiled(compiled)) return { kind: 'refused', problems: compiled.problems, stage: compiled.stage, text: admittedText };
    const operation = operationNamed(compiled, operationName);
    if (!operation) {
      // Named by documentId alone, there is no document for Apollo to look the name up in either.
      if (request.documentId !== undefined && request.query === undefined) throw unknownDocument();
      return { kind: 'refused', problems: [], stage: 'operation', text: admittedText };
    }
    const given = (variables ?? undefined) as Record<string, unknown> | undefined;
    this.cost(operation.document, operation.name, given);
    return { kind: 'ready', operation, variables: given };
  }

  /** Step 6: what the resolvers get; the caller is checked once per operation, and only when a field needs it. */
  contextFor({ requestId, requester, token, noteOperation, streams, refreshCookie }: ContextParts): GraphQLRequestContext {
    const { tokens, taskChanges } = this.services;
    let caller: ReturnType<GraphQLRequestContext['authenticate']> | undefined;
    return {
      requestId,
      requester,
      authenticate: () => (caller ??= tokens.authenticate(token(), requester)),
      noteOperation: noteOperation ?? (() => {}),
      followTaskChanges: streams ? (who, input) => taskChanges.follow(who, input) : undefined,
      refreshCookie,
    };
  }
}
