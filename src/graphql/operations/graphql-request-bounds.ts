import { AppError } from '../../errors/app-error.js';

/** The longest operation name, document and variables a request may carry. */
export const MAX_OPERATION_NAME_CHARS = 100;
export const MAX_QUERY_BYTES = 64 * 1024;
export const MAX_VARIABLES_BYTES = 64 * 1024;
/** How deeply variables may nest (an input object holding a list holding …). */
export const MAX_VARIABLES_DEPTH = 16;

const tooLarge = (what: string, details: Record<string, string[]>) =>
  new AppError('BAD_REQUEST', { message: `The request's ${what} is too large`, reason: 'request too large', details });

/** Depth of nested arrays and objects, counted without recursion (a hostile value may nest 500k deep). */
function depthExceeds(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Refuses (BAD_REQUEST) a GraphQL request whose operation name, document or variables are
 * larger than any real client sends, before anything parses, caches, counts or logs them:
 * what a client chooses must not decide how much memory the server holds.
 */
export function assertRequestWithinBounds(body: unknown): void {
  if (body === null || typeof body !== 'object') return;
  const { operationName, query, variables } = body as Record<string, unknown>;
  if (typeof operationName === 'string' && operationName.length > MAX_OPERATION_NAME_CHARS) {
    throw tooLarge('operation name', { operationName: [`must be at most ${MAX_OPERATION_NAME_CHARS} characters`] });
  }
  if (typeof query === 'string' && Buffer.byteLength(query) > MAX_QUERY_BYTES) {
    throw tooLarge('document', { query: [`must be at most ${MAX_QUERY_BYTES} bytes`] });
  }
  if (variables !== undefined && variables !== null) {
    if (depthExceeds(variables, MAX_VARIABLES_DEPTH)) {
      throw tooLarge('variables', { variables: [`must nest at most ${MAX_VARIABLES_DEPTH} levels deep`] });
    }
    if (Buffer.byteLength(JSON.stringify(variables)) > MAX_VARIABLES_BYTES) {
      throw tooLarge('variables', { variables: [`must be at most ${MAX_VARIABLES_BYTES} bytes as JSON`] });
    }
  }
}
