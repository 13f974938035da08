import { z } from 'zod';
import { REFRESH_TOKEN_PATTERN } from '../auth/refresh-tokens.js';
import { text } from '../input-rules.js';

// Bounded by its shape before any budget or lookup is spent on it.
const refreshToken = text().regex(REFRESH_TOKEN_PATTERN, 'is not a refresh token');

export const refreshSchema = z.object({ refreshToken });
export const sessionIdSchema = z.object({ id: z.uuid({ error: 'is not a session id' }) });
export const logoutSchema = z.object({ everywhere: z.boolean({ error: 'must be true or false' }).optional() });
