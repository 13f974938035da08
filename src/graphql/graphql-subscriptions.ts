import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Disposable } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { bearerTokenIn } from '../http/bearer-token.js';
import type { Caller, Requester } from '../services/caller.js';
import type { Services } from '../services/create-services.js';
import type { GraphQLContext } from './context.js';
import { assertWithinCost, limitRules } from './graphql-limits.js';

/** Close code for a connection whose session ended (graphql-ws leaves 4400–4499 to servers). */
const SESSION_ENDED = 4401;
/** A subscribe message's size cap (the same as a GraphQL request body's document). */
const MAX_MESSAGE_BYTES = 64 * 1024;

export interface SubscriptionServerOptions {
  schema: GraphQLSchema;
  services: Services;
  config: Config;
  path: string;
  /** The client address, as Express works it out (its `trust proxy` setting). */
  clientAddress(request: IncomingMessage): string;
  formatError(error: unknown, requestId: string): GraphQLFormattedError;
}

export interface SubscriptionServer {
  close(): Promise<void>;
}

interface ConnectionState {
  caller: Caller;
}

/**
 * GraphQL subscriptions over WebSocket (the graphql-ws protocol) on the HTTP server's
 * GraphQL path. A connection authenticates once, with the access token in its init payload;
 * every subscription passes the same address budget, validation rules and cost budget as
 * an HTTP operation; and when the connection's session ends, it is closed (4401).
 */
export function serveSubscriptions(httpServer: Server, options: SubscriptionServerOptions): SubscriptionServer {
  const { schema, services, config } = options;
  const { guard, tokens, liveSessions, taskChanges } = services;
  const wss = new WebSocketServer({ server: httpServer, path: options.path, maxPayload: MAX_MESSAGE_BYTES });
  const states = new WeakMap<object, ConnectionState>();
  const bySession = new Map<string, Set<WebSocket>>();
  const rules = [...specifiedRules, ...limitRules(config.graphql)];

  const stopWatching = liveSessions.onEnded((sessionId) => {
    for (const socket of bySession.get(sessionId) ?? []) socket.close(SESSION_ENDED, 'Session ended');
  });

  const refusal = (error: unknown, requestId: string): GraphQLError => {
    const formatted = options.formatError(error, requestId);
    return new GraphQLError(formatted.message, { extensions: formatted.extensions });
  };

  const server: Disposable = useServer<Record<string, unknown> | undefined, { requester?: Requester }>(
    {
      schema,
      onConnect: async (ctx) => {
        const requester: Requester = { ip: guard.bans.subjectOf(options.clientAddress(ctx.extra.request)) };
        try {
          await guard.admit(requester.ip);
          const params = ctx.connectionParams;
          const caller = await tokens.authenticate(bearerTokenIn(params?.authorization ?? params?.Authorization), requester);
          states.set(ctx, { caller });
          let sockets = bySession.get(caller.sessionId);
          if (!sockets) bySession.set(caller.sessionId, (sockets = new Set()));
          sockets.add(ctx.extra.socket);
          return true;
        } catch {
          // Closed with 4403 Forbidden: no token, a dead one, a banned or throttled address.
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        const requestId = randomUUID();
        const state = states.get(ctx);
        if (!state) return [refusal(new AppError('UNAUTHORIZED', { reason: 'token is missing' }), requestId)];
        const { caller } = state;
        let document: DocumentNode;
        try {
          await guard.admit(caller.ip);
          document = parse(payload.query, { maxTokens: config.graphql.maxTokens });
          const invalid = validate(schema, document, rules);
          if (invalid.length > 0) {
            return invalid.map((error) => refusal(new AppError('BAD_REQUEST', { message: error.message, reason: 'graphql validation failed' }), requestId));
          }
          assertWithinCost(schema, config.graphql.maxComplexity, document, payload.operationName ?? undefined, payload.variables ?? undefined);
        } catch (error) {
          const parseFailed = error instanceof GraphQLError && !(error.originalError instanceof AppError);
          return [refusal(parseFailed ? new AppError('BAD_REQUEST', { message: error.message, reason: 'graphql parse failed' }) : error, requestId)];
        }
        const contextValue: GraphQLContext = {
          requestId,
          requester: caller,
          authenticate: async () => caller,
          followTaskChanges: (who, input) => taskChanges.follow(who, input),
        };
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
      },
      onNext: (_ctx, _id, _payload, args, result) => {
        if (!result.errors) return;
        const requestId = (args.contextValue as GraphQLContext).requestId;
        return { ...result, errors: result.errors.map((error) => options.formatError(error, requestId)) };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => options.formatError(error, randomUUID())),
      onClose: (ctx) => {
        const state = states.get(ctx);
        if (!state) return;
        const sockets = bySession.get(state.caller.sessionId);
        sockets?.delete(ctx.extra.socket);
        if (sockets?.size === 0) bySession.delete(state.caller.sessionId);
      },
    },
    wss,
  );

  return {
    async close() {
      stopWatching();
      for (const socket of wss.clients) socket.close(1001, 'Server stopping');
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
