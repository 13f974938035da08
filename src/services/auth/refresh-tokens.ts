import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'rt_';
/** What every refresh token looks like: the prefix and 32 bytes in base64url (43 characters). */
export const REFRESH_TOKEN_PATTERN = /^rt_[A-Za-z0-9_-]{43}$/;

/**
 * Refresh tokens: 256 bits, opaque to the client, stored only as a SHA-256 (a plain hash
 * suffices: the token is random, so there is nothing to guess a preimage from).
 *
 * A token's successor is not drawn at random but derived, as an HMAC of the token under a
 * key of the server's: unpredictable without that key, and the same every time. That is
 * what lets a client that lost the answer to a refresh retry it, within the grace window,
 * and get the same successor back without the successor being stored in clear.
 */
export class RefreshTokens {
  private readonly successorKey: Buffer;

  constructor(secret: string) {
    this.successorKey = Buffer.from(hkdfSync('sha256', secret, '', 'refresh-token-successor', 32));
  }

  /** A session's first token. */
  first(): string {
    return PREFIX + randomBytes(32).toString('base64url');
  }

  successorOf(token: string): string {
    return PREFIX + createHmac('sha256', this.successorKey).update(token).digest('base64url');
  }

  hashOf(token: string): Buffer {
    return createHash('sha256').update(token).digest();
  }
}
