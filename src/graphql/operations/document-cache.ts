import { isCompiled, type CompileResult } from './compiled-operations.js';

/** Longer documents are left to Apollo each time: keeping them would let a client fill the cache with a few. */
export const MAX_CACHED_DOCUMENT_CHARS = 10_000;
/**
 * The documents kept, in characters of text all together. A parsed document holds about a
 * hundred bytes per character at worst (every token kept for error locations), so this
 * bounds the cache at a few tens of megabytes whatever clients send.
 */
const MAX_CACHED_CHARS = 200_000;

/**
 * Documents sent as text, compiled on first sight (parsed and validated as Apollo would)
 * and kept by their text, the least recently used going first beyond `maxEntries`: clients
 * send the same few documents over and over, and every door then runs them without parsing
 * or validating again. A document that does not compile is remembered too, with its
 * problems. Bounded: at most `maxEntries` documents, MAX_CACHED_CHARS of text in all.
 */
export class CompiledDocumentCache {
  private readonly entries = new Map<string, CompileResult>();
  private chars = 0;

  constructor(
    private readonly compile: (document: string) => CompileResult,
    private readonly maxEntries: number,
  ) {}

  /** A document's text compiled (or refused), from what is kept or afresh; a long one is compiled and not kept. */
  compiled(text: string): CompileResult {
    if (text.length > MAX_CACHED_DOCUMENT_CHARS) return this.compile(text);
    let operations = this.entries.get(text);
    if (operations) {
      // Most recently used last: a Map keeps insertion order.
      this.entries.delete(text);
    } else {
      operations = this.compile(text);
      this.chars += text.length;
      // Least recently used first.
      for (const [oldest] of this.entries) {
        if (this.entries.size < this.maxEntries && this.chars <= MAX_CACHED_CHARS) break;
        this.entries.delete(oldest);
        this.chars -= oldest.length;
      }
    }
    this.entries.set(text, operations);
    return operations;
  }

  /** Whether a document's text is kept compiled (for tests that must know which path ran). */
  holds(text: string): boolean {
    return isCompiled(this.entries.get(text));
  }
}
