import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { CompileResult } from './compiled-operations.js';

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

/** A document of the manifest: its text, and what it compiled to (or why not). */
export interface PersistedDocument {
  readonly text: string;
  readonly compiled: CompileResult;
}

/**
 * Persisted documents compiled once at start, by hash: a request names one by id, or (with
 * trusted documents) sends its exact text. Operators list them in a manifest
 * (GRAPHQL_PERSISTED_DOCUMENTS or GRAPHQL_TRUSTED_DOCUMENTS).
 */
export class PersistedDocuments {
  private readonly byHash = new Map<string, PersistedDocument>();

  /** Compiles each document of a manifest (readManifest) and keeps it under its hash. */
  constructor(manifest: ReadonlyMap<string, string>, compile: (document: string) => CompileResult) {
    for (const [hash, text] of manifest) this.byHash.set(hash, { text, compiled: compile(text) });
  }

  /** The document an id (`sha256:<hex>` or bare) names, if the manifest has it. */
  byId(id: unknown): PersistedDocument | undefined {
    return typeof id === 'string' ? this.byHash.get(bareHash(id)) : undefined;
  }

  /** The manifest's document with exactly this text, if any. */
  byText(text: string): PersistedDocument | undefined {
    return this.byHash.get(hashOf(text));
  }
}
