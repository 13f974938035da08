import { z } from 'zod';
import { FITS_BCRYPT, newPasswordSchema } from '../auth/password-policy.js';
import { EMAIL_MAX_LENGTH, email, text, USERNAME_CHARACTERS, USERNAME_LENGTH } from '../input-rules.js';

const { min, max } = USERNAME_LENGTH;
const username = text()
  .min(min, `must be ${min} to ${max} characters`)
  .max(max, `must be ${min} to ${max} characters`)
  .regex(new RegExp(`^[${USERNAME_CHARACTERS}]+$`), 'may contain only letters, digits, _ . -');

/** A device token is a short JWT; anything longer is not one. */
export const DEVICE_TOKEN_MAX_LENGTH = 1000;

// A name or email given to log in: only bounded (no policy on what an old account looks like).
const loginName = () => text().max(EMAIL_MAX_LENGTH, `must be at most ${EMAIL_MAX_LENGTH} characters`);

// A password only checked against the stored hash: no policy on what an old one looks like,
// but bcrypt reads 72 bytes and no account could have been given a longer one.
const currentPassword = () => text().refine(...FITS_BCRYPT);

// Unknown fields are ignored here: legacy signup forms may send extras such as a confirmation.
export const signupSchema = z.object({ username, email: email(), password: newPasswordSchema });

export const loginSchema = z
  .object({
    // Bounded before any budget or lookup sees them: a client must not choose how much we keep.
    username: loginName().optional(),
    email: loginName().optional(),
    password: currentPassword(),
    /** The device token an earlier login of this account gave this device. */
    deviceToken: text().max(DEVICE_TOKEN_MAX_LENGTH, `must be at most ${DEVICE_TOKEN_MAX_LENGTH} characters`).optional(),
  })
  .refine((body) => (body.username === undefined) !== (body.email === undefined), {
    message: 'give exactly one of username or email',
    path: ['username'],
  });

export const changePasswordSchema = z.object({ currentPassword: currentPassword(), newPassword: newPasswordSchema });
export const deleteAccountSchema = z.object({ password: currentPassword() });
