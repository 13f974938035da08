import { Router } from 'express';
import { bearerTokenOf } from '../http/bearer-token.js';
import '../http/request-state.js';
import type { AccountService } from '../services/account.service.js';
import type { AccessTokens } from '../services/auth/access-tokens.js';
import type { PasswordResetService } from '../services/password-reset.service.js';
import type { SessionService } from '../services/session.service.js';
import { authenticate, callerOf } from './authenticate.js';
import { clearRefreshCookie, refreshInput, setRefreshCookie, wantsRefreshCookie } from './refresh-cookie.js';
import { jsonBody, presentIssuedSession, presentSession, presentUser } from './wire-format.js';

export interface AuthRouteServices {
  accounts: AccountService;
  passwordResets: PasswordResetService;
  sessions: SessionService;
  tokens: AccessTokens;
}

export function authRoutes({ accounts, passwordResets, sessions, tokens }: AuthRouteServices): Router {
  const router = Router();
  const loggedIn = authenticate(tokens);

  router.post('/signup', async (req, res) => {
    const user = await accounts.signup(res.locals.requester, jsonBody(req));
    res.status(201).json({ message: `${user.username} user created successfully`, user: presentUser(user) });
  });

  router.post('/login', async (req, res) => {
    const issued = await accounts.login(res.locals.requester, jsonBody(req));
    const inCookie = wantsRefreshCookie(req);
    if (inCookie) setRefreshCookie(res, issued.refreshToken, issued.refreshExpiresAt);
    res.json(presentIssuedSession(issued, inCookie));
  });

  router.post('/refresh', async (req, res) => {
    // No body at all is fine in cookie mode.
    const body = req.body === undefined && wantsRefreshCookie(req) ? {} : jsonBody(req);
    const issued = await sessions.refresh(res.locals.requester, refreshInput(req, body));
    const inCookie = wantsRefreshCookie(req);
    if (inCookie) setRefreshCookie(res, issued.refreshToken, issued.refreshExpiresAt);
    res.json(presentIssuedSession(issued, inCookie));
  });

  router.post('/logout', loggedIn, async (req, res) => {
    const ended = await sessions.logout(callerOf(res), req.body === undefined ? {} : jsonBody(req));
    clearRefreshCookie(res);
    res.json({ message: 'Logged out', ended_sessions: ended });
  });

  router.get('/sessions', loggedIn, async (_req, res) => {
    const list = await sessions.list(callerOf(res));
    res.json({ sessions: list.map(presentSession) });
  });

  router.delete('/sessions/:id', loggedIn, async (req, res) => {
    const sessionId = await sessions.revoke(callerOf(res), { id: req.params.id });
    res.json({ message: 'Session revoked', session_id: sessionId });
  });

  router.post('/change-password', loggedIn, async (req, res) => {
    const { endedSessions } = await accounts.changePassword(callerOf(res), jsonBody(req));
    res.json({ message: 'Password changed', ended_sessions: endedSessions });
  });

  router.post('/delete-account', loggedIn, async (req, res) => {
    await accounts.deleteAccount(callerOf(res), jsonBody(req));
    clearRefreshCookie(res);
    res.json({ message: 'Account deleted' });
  });

  router.post('/forget-password', async (req, res) => {
    const { otpToken, message } = await passwordResets.requestCode(res.locals.requester, jsonBody(req));
    res.json({ 'otp-token': otpToken, message });
  });

  router.post('/verify-otp', async (req, res) => {
    const { resetToken } = await passwordResets.verifyCode(res.locals.requester, bearerTokenOf(req), jsonBody(req));
    res.json({ 'reset-token': resetToken });
  });

  router.post('/reset-password', async (req, res) => {
    await passwordResets.resetPassword(res.locals.requester, bearerTokenOf(req), jsonBody(req));
    res.json({ message: 'Password reset successfully' });
  });

  return router;
}
