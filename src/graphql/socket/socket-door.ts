import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { execute, GraphQLError, type ExecutionArgs, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Disposable } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Config } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import { bearerTokenIn } from '../../http/bearer-token.js';
import type { Clock } from '../../services/clock.js';
import type { Services } from '../../services/create-services.js';
import type { CompiledOperation } from '../operations/compiled-operations.js';
import type { GraphQLRequestContext } from '../operations/graphql-operation-outcome.js';
import type { OperationGate, OperationRequest } from '../operations/operation-gate.js';
import { CLOSE, CLOSE_REASONS } from './close-codes.js';
import type { ConnectionSlots, SlotClaim } from './connection-slots.js';

/** A subscribe message's size cap (the same as a GraphQL request body's document). */
const MAX_MESSAGE_BYTES = 64 * 1024;
/** How often connections are looked over for an expired token or a long idle. */
const SWEEP_MS = 1_000;

export interface SocketDoorOptions {
  gate: OperationGate;
  schema: GraphQLSchema;
  services: Services;
  config: Config;
  clock: Clock;
  /** Where connections are counted against the caps (this process, or the cluster's primary). */
  slots: ConnectionSlots;
  logger: Logger;
  path: string;
  /** The client address, as Express works it out (its `trust proxy` setting). */
  clientAddress(request: IncomingMessage): string;
  formatError(error: unknown, requestId: string): GraphQLFormattedError;
}

export interface SocketDoor {
  close(): Promise<void>;
}

/** One open connection: who, until when, and the slots it holds. */
interface Connection {
  readonly socket: WebSocket;
  /** The ban and budget subject of its address. */
  readonly subject: string;
  /** Resolves once the address and total caps are checked: false when refused. */
  admitted: Promise<boolean>;
  readonly heldSlots: string[];
  closed: boolean;
  session?: { userId: number; sessionId: string; token: string | undefined; expiresAt: number };
  /** graphql-ws's own state of the connection, whose `subscriptions` tell whether it is idle. */
  protocol?: { subscriptions: Record<string, unknown> };
  idleSince: number;
}

/**
 * The WebSocket door (graphql-ws) on the HTTP server's GraphQL path: it carries operations in
 * and results out; the gate decides what runs. A connection counts against caps per address
 * and in all when it opens, per session and user once it authenticates (with the access
 * token in its init payload); it is closed when its token expires or its session ends (4401),
 * after an idle time without a subscription (4408), when its client reads too slowly (1013),
 * and when a peer stops answering pings.
 */
export function openSocketDoor(httpServer: Server, options: SocketDoorOptions): SocketDoor {
  const { gate, schema, services, config, clock, slots, logger } = options;
  const limits = config.socket;
  const wss = new WebSocketServer({ server: httpServer, path: options.path, maxPayload: MAX_MESSAGE_BYTES });
  const connections = new Map<WebSocket, Connection>();
  const bySession = new Map<string, Set<Connection>>();

  const closeWith = (connection: Connection, code: number, reason: string) => {
    connection.socket.close(code, reason);
  };

  /** Takes the slots or none; keeps them with the connection (given back at once if it closed meanwhile). */
  const claim = async (connection: Connection, claims: SlotClaim[]): Promise<string | undefined> => {
    const full = await slots.claim(claims);
    if (full !== undefined) return full;
    const keys = claims.map(({ key }) => key);
    if (connection.closed) slots.release(keys);
    else connection.heldSlots.push(...keys);
    return undefined;
  };

  const refuseConnection = (connection: Connection, code: number, reason: string, details: Record<string, unknown>) => {
    logger.warn({ subject: connection.subject, code, ...details }, `WebSocket connection refused: ${reason}`);
    closeWith(connection, code, reason);
    return false;
  };

  // Registered before graphql-ws's own listener: a connection is counted before it can say anything.
  wss.on('connection', (socket, request) => {
    const connection: Connection = {
      socket,
      subject: services.guard.bans.subjectOf(options.clientAddress(request)),
      admitted: Promise.resolve(false),
      heldSlots: [],
      closed: false,
      idleSince: clock.now().getTime(),
    };
    connections.set(socket, connection);
    connection.admitted = claim(connection, [
      { key: `address:${connection.subject}`, max: limits.maxPerAddress },
      { key: 'all', max: limits.maxConnections },
    ]).then((full) =>
      full === undefined
        ? true
        : refuseConnection(connection, CLOSE.tooMany, full === 'all' ? 'Too many connections to this server' : 'Too many connections from your address', {
            cap: full.split(':')[0],
          }),
    );
    socket.once('close', () => {
      connection.closed = true;
      connections.delete(socket);
      slots.release(connection.heldSlots.splice(0));
      if (connection.session) {
        const open = bySession.get(connection.session.sessionId);
        open?.delete(connection);
        if (open?.size === 0) bySession.delete(connection.session.sessionId);
      }
    });
  });

  const stopWatching = services.liveSessions.onEnded((sessionId) => {
    for (const connection of bySession.get(sessionId) ?? []) closeWith(connection, CLOSE.unauthorized, CLOSE_REASONS.sessionEnded);
  });

  const sweep = setInterval(
    () => {
      const now = clock.now().getTime();
      for (const connection of connections.values()) {
        if (connection.session && now >= connection.session.expiresAt) closeWith(connection, CLOSE.unauthorized, CLOSE_REASONS.tokenExpired);
        else if (!connection.protocol || Object.keys(connection.protocol.subscriptions).length > 0) connection.idleSince = now;
        else if (now - connection.idleSince >= limits.idleTimeoutMs) closeWith(connection, CLOSE.idle, CLOSE_REASONS.idle);
      }
    },
    Math.min(SWEEP_MS, limits.idleTimeoutMs),
  );
  sweep.unref();

  // Formatted once, by onError (graphql-ws passes it every error onSubscribe returns).
  const refusal = (error: unknown): GraphQLError =>
    error instanceof GraphQLError ? error : new GraphQLError(error instanceof Error ? error.message : String(error), { originalError: error as Error });
  const badRequest = (message: string, reason: string) => new AppError('BAD_REQUEST', { message, reason });
  // A query or mutation runs as the gate compiled it, as over HTTP; graphql-ws hands `execute`
  // the very arguments onSubscribe returned.
  const admitted = new WeakMap<ExecutionArgs, CompiledOperation>();
  const run = (args: ExecutionArgs) => {
    const operation = admitted.get(args);
    return operation ? operation.run(args.contextValue as GraphQLRequestContext, args.variableValues ?? undefined) : execute(args);
  };

  const server: Disposable = useServer(
    {
      schema,
      execute: run,
      onConnect: async (ctx) => {
        const connection = connections.get(ctx.extra.socket);
        if (!connection || !(await connection.admitted)) return false;
        const requester = { ip: connection.subject };
        try {
          await gate.admitCaller(connection.subject);
        } catch (error) {
          const tooMany = error instanceof AppError && error.code === 'TOO_MANY_REQUESTS';
          return refuseConnection(connection, tooMany ? CLOSE.tooMany : CLOSE.forbidden, error instanceof AppError ? error.message : 'Forbidden', {
            reason: error instanceof AppError ? error.reason : undefined,
          });
        }
        let session: Connection['session'];
        try {
          const params = ctx.connectionParams;
          const token = bearerTokenIn(params?.authorization ?? params?.Authorization);
          const { caller, expiresAt } = await services.tokens.authenticateUntilExpiry(token, requester);
          session = { userId: caller.userId, sessionId: caller.sessionId, token, expiresAt };
        } catch (error) {
          if (error instanceof AppError && error.reason === 'token expired')
            return refuseConnection(connection, CLOSE.unauthorized, CLOSE_REASONS.tokenExpired, {});
          // Closed with 4403 Forbidden by graphql-ws: no token, or not a valid one.
          return false;
        }
        const full = await claim(connection, [
          { key: `session:${session.sessionId}`, max: limits.maxPerSession },
          { key: `user:${session.userId}`, max: limits.maxPerUser },
        ]);
        if (full !== undefined) {
          const kind = full.split(':')[0];
          return refuseConnection(connection, CLOSE.tooMany, `Too many connections for this ${kind}`, { cap: kind, userId: session.userId });
        }
        connection.session = session;
        connection.protocol = ctx;
        let open = bySession.get(session.sessionId);
        if (!open) bySession.set(session.sessionId, (open = new Set()));
        open.add(connection);
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const requestId = randomUUID();
        const connection = connections.get(ctx.extra.socket);
        const session = connection?.session;
        if (!connection || !session) return [refusal(new AppError('UNAUTHORIZED', { reason: 'token is missing' }))];
        try {
          await gate.admitCaller(connection.subject);
          const admission = gate.admit(payload as unknown as OperationRequest, true);
          if (admission.kind === 'unresolved') return [refusal(badRequest('Send a document as `query`, or a persisted document by id', 'no document'))];
          if (admission.kind === 'refused') {
            if (admission.stage === 'operation') return [refusal(badRequest('The document has no operation by that operationName', 'unknown operation'))];
            const reason = admission.stage === 'parse' ? 'graphql parse failed' : 'graphql validation failed';
            return admission.problems.map((problem) => refusal(badRequest(problem.message, reason)));
          }
          const contextValue = gate.contextFor({ requestId, requester: { ip: connection.subject }, token: () => session.token, streams: true });
          // The token and its session, checked for every operation (not only when a field asks).
          await contextValue.authenticate();
          const { operation, variables } = admission;
          const args: ExecutionArgs = { schema, document: operation.document, operationName: operation.name, variableValues: variables, contextValue };
          admitted.set(args, operation);
          return args;
        } catch (error) {
          if (error instanceof AppError && error.reason === 'token expired') closeWith(connection, CLOSE.unauthorized, CLOSE_REASONS.tokenExpired);
          return [refusal(error)];
        }
      },
      onNext: (ctx, _id, _payload, args, result) => {
        const { socket } = ctx.extra;
        // A client that does not read: its queue is bounded, and it loses nothing by reconnecting with its cursor.
        if (socket.bufferedAmount > limits.maxBufferedBytes) {
          socket.close(CLOSE.slowReader, CLOSE_REASONS.slowReader);
          return;
        }
        if (!result.errors) return;
        const requestId = (args.contextValue as { requestId: string }).requestId;
        return { ...result, errors: result.errors.map((error) => options.formatError(error, requestId)) };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => options.formatError(error, randomUUID())),
    },
    wss,
    limits.pingIntervalMs,
  );

  return {
    async close() {
      stopWatching();
      clearInterval(sweep);
      for (const socket of wss.clients) socket.close(CLOSE.goingAway, CLOSE_REASONS.stopping);
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
