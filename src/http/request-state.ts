import type { Caller, Requester } from '../services/caller.js';

/** What a GraphQL request did, for its request log line: the operation and its error codes. */
export interface OperationNote {
  operation: string;
  errorCodes: string[];
}

/**
 * What the app's middlewares learn about a request, in one typed place (Express's
 * `res.locals`): each field is set once, by the middleware named, and read after it.
 */
export interface RequestState {
  /** `assignRequestId`: echoed as X-Request-Id and in every error's `instance`. */
  requestId: string;
  /** `guardRequests`: the client address that budgets and bans count by. */
  requester: Requester;
  /** REST's `authenticate`: the user the bearer token stands for. */
  caller?: Caller;
  /** The GraphQL endpoint: the operation and its error codes. */
  graphqlOperation?: OperationNote;
}

declare module 'express-serve-static-core' {
  interface Locals extends RequestState {}
}
