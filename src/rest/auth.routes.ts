import { Router } from 'express';
import type { AccountService } from '../services/account.service.js';
import { jsonBody, presentUser } from './wire-format.js';

export function authRoutes(accounts: AccountService): Router {
  const router = Router();

  router.post('/signup', async (req, res) => {
    const user = await accounts.signup(jsonBody(req));
    res.status(201).json({ message: `${user.username} user created successfully`, user: presentUser(user) });
  });

  router.post('/login', async (req, res) => {
    const { token, expiresIn } = await accounts.login(jsonBody(req));
    res.json({ token, token_type: 'Bearer', expires_in: expiresIn });
  });

  return router;
}
