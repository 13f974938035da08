import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AppError } from '../errors/app-error.js';

const PREFIX = 'sha256:';
const hashOf = (document: string) => createHash('sha256').update(document).digest('hex');
/** A document id as the manifest or a client writes it, `sha256:` or not. */
const bareHash = (id: string) => (id.startsWith(PREFIX) ? id.slice(PREFIX.length) : id);
const notTrusted = (message: string) => new AppError('BAD_REQUEST', { message, reason: 'document not trusted' });

/**
 * The documents a production server may run when `GRAPHQL_TRUSTED_DOCUMENTS` names the
 * manifest codegen writes (client/generated/persisted-documents.json: `sha256:<hex>` →
 * document). A request names one by `documentId`, by Apollo's persisted-query extension
 * (`extensions.persistedQuery.sha256Hash`), or sends its exact text; anything else is refused.
 */
export class TrustedDocuments {
  private constructor(private readonly byHash: ReadonlyMap<string, string>) {}

  static async load(file: string): Promise<TrustedDocuments> {
    const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    const byHash = new Map<string, string>();
    for (const [key, document] of Object.entries(manifest)) {
      const hash = bareHash(key);
      if (typeof document !== 'string' || hashOf(document) !== hash) throw new Error(`${file}: ${key} is not the hash of its document`);
      byHash.set(hash, document);
    }
    return new TrustedDocuments(byHash);
  }

  /**
   * Puts the trusted document into a POST body that names it (so Apollo runs it as sent);
   * BAD_REQUEST when the body names or holds no trusted document.
   */
  admit(body: Record<string, unknown>): void {
    const extensions = body.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
    const named = body.documentId ?? extensions?.persistedQuery?.sha256Hash;
    if (typeof named === 'string') {
      const document = this.byHash.get(bareHash(named));
      if (!document) throw notTrusted('No trusted document has that id');
      if (typeof body.query === 'string' && body.query !== document) throw notTrusted('The document sent is not the one its id names');
      body.query = document;
      delete body.documentId;
      return;
    }
    if (typeof body.query === 'string' && this.byHash.has(hashOf(body.query))) return;
    throw notTrusted('This server runs trusted documents only: send a documentId from persisted-documents.json');
  }
}
