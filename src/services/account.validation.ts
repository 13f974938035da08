import { z } from 'zod';
import { newPasswordSchema } from './auth/password-policy.js';
import { email, text, USERNAME_CHARACTERS, USERNAME_LENGTH } from './input-rules.js';

const { min, max } = USERNAME_LENGTH;
const username = text()
  .min(min, `must be ${min} to ${max} characters`)
  .max(max, `must be ${min} to ${max} characters`)
  .regex(new RegExp(`^[${USERNAME_CHARACTERS}]+$`), 'may contain only letters, digits, _ . -');

// Unknown fields are ignored here: legacy signup forms may send extras such as a confirmation.
export const signupSchema = z.object({ username, email: email(), password: newPasswordSchema });

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

