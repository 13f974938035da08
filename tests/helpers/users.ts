import { randomBytes } from 'node:crypto';
import type { TestApp } from './test-app.js';

export interface TestUser {
  id: number;
  username: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
}

/** Signs up and logs in a fresh user through REST; names are unique per call. */
export async function createUser(t: TestApp, prefix = 'user'): Promise<TestUser> {
  const suffix = randomBytes(4).toString('hex');
  const username = `${prefix}_${suffix}`.slice(0, 20);
  const email = `${username}@example.com`;
  const password = `pw-${suffix}-not-common`;
  const signup = await t.request('POST', '/api/auth/signup', { body: { username, email, password } });
  if (signup.status !== 201) throw new Error(`signup failed: ${JSON.stringify(signup.body)}`);
  const login = await t.request('POST', '/api/auth/login', { body: { username, password } });
  if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  return { id: signup.body.user.id, username, email, password, token: login.body.token, refreshToken: login.body.refresh_token };
}
