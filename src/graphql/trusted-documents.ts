import { AppError } from '../errors/app-error.js';
import { bareHash, documentIdOf, hashOf, readManifest } from './persisted-documents.js';

const notTrusted = (message: string) => new AppError('BAD_REQUEST', { message, reason: 'document not trusted' });

/**
 * The documents a production server may run when `GRAPHQL_TRUSTED_DOCUMENTS` names the
 * manifest codegen writes. A request names one by `documentId`, by Apollo's persisted-query
 * extension (`extensions.persistedQuery.sha256Hash`), or sends its exact text; anything else
 * is refused.
 */
export class TrustedDocuments {
  private constructor(private readonly byHash: ReadonlyMap<string, string>) {}

  static async load(file: string): Promise<TrustedDocuments> {
    return new TrustedDocuments(await readManifest(file));
  }

  /**
   * Puts the trusted document into a POST body that names it (so Apollo runs it as sent);
   * BAD_REQUEST when the body names or holds no trusted document.
   */
  admit(body: Record<string, unknown>): void {
    const named = documentIdOf(body);
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
