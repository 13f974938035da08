import { Router } from 'express';
import { bearerTokenOf } from '../http/bearer-token.js';
import '../http/request-state.js';
import type { AccountService } from '../services/account.service.js';
import type { PasswordResetService } from '../services/password-reset.service.js';
import { jsonBody, presentUser } from './wire-format.js';

export function authRoutes(accounts: AccountService, passwordResets: PasswordResetService): Router {
  const router = Router();

  router.post('/signup', async (req, res) => {
    const user = await accounts.signup(res.locals.requester, jsonBody(req));
    res.status(201).json({ message: `${user.username} user created successfully`, user: presentUser(user) });
  });

  router.post('/login', async (req, res) => {
    const { token, expiresIn } = await accounts.login(res.locals.requester, jsonBody(req));
    res.json({ token, token_type: 'Bearer', expires_in: expiresIn });
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
