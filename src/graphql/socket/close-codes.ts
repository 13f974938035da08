/**
 * Why the server closes a GraphQL WebSocket, and what a client should do (README, "GraphQL
 * over WebSocket"). graphql-ws leaves 4400–4499 to servers and uses some itself (4400 bad
 * message, 4403 forbidden, 4408 no connection_init in time, 4409 a repeated id); its client
 * does not retry on 4401, 4403 and 4429 by itself, as none of them heals by waiting alone.
 */
export const CLOSE = {
  /** The access token expired, or the session ended: reconnect with a fresh token and the last cursor seen. */
  unauthorized: 4401,
  /** No valid token, or a banned address: do not retry as it is. */
  forbidden: 4403,
  /** No subscription for a while (or no connection_init in time): reconnect when there is something to follow. */
  idle: 4408,
  /** A connection cap or the address's request budget: retry later, with fewer connections. */
  tooMany: 4429,
  /** The client read too slowly and its queue filled: reconnect with the last cursor seen, nothing is lost. */
  slowReader: 1013,
  /** The server is stopping: reconnect (to another instance). */
  goingAway: 1001,
} as const;

export const CLOSE_REASONS = {
  tokenExpired: 'Token expired: reconnect with a fresh access token and your last cursor',
  sessionEnded: 'Session ended: log in again, then reconnect with your last cursor',
  idle: 'Idle: no subscription',
  slowReader: 'Reading too slowly: reconnect with your last cursor',
  stopping: 'Server stopping',
} as const;
