import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AppError } from '../errors/app-error.js';
import { operationNamed, type CompiledDocument, type CompiledOperation } from './compiled-operations.js';

const PREFIX = 'sha256:';
export const hashOf = (document: string) => createHash('sha256').update(document).digest('hex');
/** A document id as the manifest or a client writes it, `sha256:` or not. */
export const bareHash = (id: string) => (id.startsWith(PREFIX) ? id.slice(PREFIX.length) : id);

/**
 * A persisted-documents manifest as codegen writes it (client/generated/persisted-documents.json:
 * `sha256:<hex>` → document), by bare hash; refuses a file whose keys are not their documents' hashes.
 */
export async function readManifest(file: string): Promise<Map<string, string>> {
  const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  const byHash = new Map<string, string>();
  for (const [key, document] of Object.entries(manifest)) {
    const hash = bareHash(key);
    if (typeof document !== 'string' || hashOf(document) !== hash) throw new Error(`${file}: ${key} is not the hash of its document`);
    byHash.set(hash, document);
  }
  return byHash;
}

/** The id a request names its document by: `documentId`, or Apollo's persisted-query extension. */
export function documentIdOf(body: Record<string, unknown>): unknown {
  const extensions = body.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
  return body.documentId ?? extensions?.persistedQuery?.sha256Hash;
}

/**
 * Refuses (BAD_REQUEST) a body that names its document by `documentId` alone when the
 * compiled path did not take it: Apollo knows no `documentId`, and would only say the body
 * has no query. (Apollo's own persisted-query extension stays Apollo's to answer.)
 */
export function refuseUnknownDocumentId(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const { documentId, query } = body as Record<string, unknown>;
  if (documentId === undefined || query !== undefined) return;
  throw new AppError('BAD_REQUEST', {
    message: 'No persisted document has that documentId (or none with that operationName)',
    reason: 'unknown document',
  });
}

/**
 * Persisted documents compiled once, by hash: the compiled path runs a request that names
 * one. Operators list them in a manifest (GRAPHQL_PERSISTED_DOCUMENTS or
 * GRAPHQL_TRUSTED_DOCUMENTS).
 */
export class PersistedDocuments {
  private readonly byHash = new Map<string, CompiledDocument>();

  /** Compiles each document of a manifest (readManifest) and keeps it under its hash; one that does not compile is left to Apollo. */
  constructor(manifest: ReadonlyMap<string, string>, compile: (document: string) => CompiledDocument | undefined) {
    for (const [hash, document] of manifest) {
      const operations = compile(document);
      if (operations) this.byHash.set(hash, operations);
    }
  }

  /** The compiled operation a request names by document id and operation name, if any. */
  find(id: unknown, operationName: unknown): CompiledOperation | undefined {
    return typeof id === 'string' ? operationNamed(this.byHash.get(bareHash(id)), operationName) : undefined;
  }
}
