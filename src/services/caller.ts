/** Whoever sends a request; the address is what anonymous budgets and bans are counted by. */
export interface Requester {
  /** The client address: the socket's, or the first untrusted one when behind trusted proxies. */
  readonly ip: string;
  /** What the client calls itself (User-Agent), shown in its sessions' list; bounded. */
  readonly userAgent?: string;
}

/** An authenticated requester: every service call that touches user data takes one. */
export interface Caller extends Requester {
  readonly userId: number;
  /** The session its access token belongs to. */
  readonly sessionId: string;
}
