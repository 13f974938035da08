import { z } from 'zod';
import { text } from './input-rules.js';
import { newPasswordSchema } from './auth/password-policy.js';

const username = text()
  .min(3, 'must be 3 to 20 characters')
  .max(20, 'must be 3 to 20 characters')
  .regex(/^[A-Za-z0-9_.-]+$/, 'may contain only letters, digits, _ . -');

export const EMAIL_MAX_LENGTH = 254;
const email = z.email({ error: 'must be a valid email address' }).max(EMAIL_MAX_LENGTH, `must be at most ${EMAIL_MAX_LENGTH} characters`);

// Unknown fields are ignored here: legacy signup forms may send extras such as a confirmation.
export const signupSchema = z.object({ username, email, password: newPasswordSchema });

export const loginSchema = z
  .object({
    username: text().optional(),
    email: text().optional(),
    // Only checked against the stored hash: no policy on what an old password looks like.
    password: text().max(1024, 'is too long'),
  })
  .refine((body) => (body.username === undefined) !== (body.email === undefined), {
    message: 'give exactly one of username or email',
    path: ['username'],
  });

export type SignupInput = z.input<typeof signupSchema>;
export type LoginInput = z.input<typeof loginSchema>;
