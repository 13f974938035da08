import { z } from 'zod';
import { text } from './input-rules.js';

// Bounded by its shape before any budget or lookup is spent on it.
const refreshToken = text().regex(/^rt_[A-Za-z0-9_-]{43}$/, 'is not a refresh token');

export const refreshSchema = z.object({ refreshToken });
export const sessionIdSchema = z.object({ id: z.uuid({ error: 'is not a session id' }) });
export const logoutSchema = z.object({ everywhere: z.boolean({ error: 'must be true or false' }).optional() });
