import type { Router } from 'express';
import type { Request, Response } from 'express';
import { bearerTokenOf } from '../../http/bearer-token.js';
import { refreshCookieOf, refreshTokenFrom } from '../../http/refresh-cookie.js';
import '../../http/request-state.js';
import type { AccountService } from '../../services/accounts/account.service.js';
import type { AccessTokens } from '../../services/auth/access-tokens.js';
import type { PasswordResetService } from '../../services/password-reset/password-reset.service.js';
import type { SessionService } from '../../services/sessions/session.service.js';
import { authenticate, callerOf } from '../authenticate.js';
import { at } from '../rest-paths.js';
import { jsonBody, presentIssuedSession, presentSession, presentUser, sendJson } from '../wire-format.js';

export interface AuthRouteServices {
  accounts: AccountService;
  passwordResets: PasswordResetService;
  sessions: SessionService;
  tokens: AccessTokens;
}

/** The refresh cookie of a request, scoped to the auth routes of the base it came to (`/api` or `/api/v1`). */
const refreshCookie = (req: Request, res: Response) => refreshCookieOf(req, res, req.path.startsWith('/api/v1/') ? '/api/v1/auth' : '/api/auth');

/** The account and session routes, under `/auth`. */
export function authRoutes(router: Router, { accounts, passwordResets, sessions, tokens }: AuthRouteServices): void {
  const loggedIn = authenticate(tokens);

  router.post(at('/auth/signup'), async (req, res) => {
    const user = await accounts.signup(res.locals.requester, jsonBody(req));
    sendJson(res, { message: `${user.username} user created successfully`, user: presentUser(user) }, 201);
  });

  router.post(at('/auth/login'), async (req, res) => {
    const { device_token: deviceToken, ...credentials } = jsonBody(req);
    const issued = await accounts.login(res.locals.requester, { ...credentials, deviceToken });
    const cookie = refreshCookie(req, res);
    if (cookie.wanted) cookie.set(issued.refreshToken, issued.refreshExpiresAt);
    sendJson(res, presentIssuedSession(issued, cookie.wanted));
  });

  router.post(at('/auth/refresh'), async (req, res) => {
    const cookie = refreshCookie(req, res);
    // No body at all is fine in cookie mode.
    const body = req.body === undefined && cookie.wanted ? {} : jsonBody(req);
    const issued = await sessions.refresh(res.locals.requester, { ...body, refreshToken: refreshTokenFrom(cookie, body.refreshToken) });
    if (cookie.wanted) cookie.set(issued.refreshToken, issued.refreshExpiresAt);
    sendJson(res, presentIssuedSession(issued, cookie.wanted));
  });

  router.post(at('/auth/logout'), loggedIn, async (req, res) => {
    const ended = await sessions.logout(callerOf(res), req.body === undefined ? {} : jsonBody(req));
    refreshCookie(req, res).clear();
    sendJson(res, { message: 'Logged out', ended_sessions: ended });
  });

  router.get(at('/auth/sessions'), loggedIn, async (_req, res) => {
    const list = await sessions.list(callerOf(res));
    sendJson(res, { sessions: list.map(presentSession) });
  });

  router.delete(at('/auth/sessions/:id'), loggedIn, async (req, res) => {
    const sessionId = await sessions.revoke(callerOf(res), { id: req.params.id });
    sendJson(res, { message: 'Session revoked', session_id: sessionId });
  });

  router.post(at('/auth/change-password'), loggedIn, async (req, res) => {
    const { endedSessions } = await accounts.changePassword(callerOf(res), jsonBody(req));
    sendJson(res, { message: 'Password changed', ended_sessions: endedSessions });
  });

  router.post(at('/auth/delete-account'), loggedIn, async (req, res) => {
    await accounts.deleteAccount(callerOf(res), jsonBody(req));
    refreshCookie(req, res).clear();
    sendJson(res, { message: 'Account deleted' });
  });

  router.post(at('/auth/forget-password'), async (req, res) => {
    const { otpToken, message } = await passwordResets.requestCode(res.locals.requester, jsonBody(req));
    sendJson(res, { 'otp-token': otpToken, message });
  });

  router.post(at('/auth/verify-otp'), async (req, res) => {
    const { resetToken } = await passwordResets.verifyCode(res.locals.requester, bearerTokenOf(req), jsonBody(req));
    sendJson(res, { 'reset-token': resetToken });
  });

  router.post(at('/auth/reset-password'), async (req, res) => {
    await passwordResets.resetPassword(res.locals.requester, bearerTokenOf(req), jsonBody(req));
    sendJson(res, { message: 'Password reset successfully' });
  });
}
