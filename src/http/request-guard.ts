import type { Request, RequestHandler } from 'express';
import './request-state.js';
import type { AbuseGuard } from '../services/abuse/abuse-guard.js';
import type { Requester } from '../services/caller.js';

/**
 * In front of every route, before any other work: refuse banned addresses, then spend the
 * address's overall request budget. Also fixes who the requester is for the routes after.
 */
export function guardRequests(guard: AbuseGuard): RequestHandler {
  return async (req, res, next) => {
    const requester: Requester = { ip: guard.bans.subjectOf(clientAddress(req)), userAgent: req.get('user-agent') };
    res.locals.requester = requester;
    await guard.admit(requester.ip);
    next();
  };
}

// req.ip honours the app's `trust proxy` setting; the socket is the fallback for a closed socket.
const clientAddress = (req: Request) => req.ip ?? req.socket.remoteAddress ?? '';
