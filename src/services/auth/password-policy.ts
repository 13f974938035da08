import { dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import { requiredOr } from '../input-rules.js';

const MIN_BYTES = 8;
// bcrypt reads only the first 72 bytes: a longer password would have a silent twin.
export const PASSWORD_MAX_BYTES = 72;

/** bcrypt's limit, for any password (a new one, and one given to log in), as `.refine(...)` arguments. */
export const FITS_BCRYPT = [(p: string) => Buffer.byteLength(p, 'utf8') <= PASSWORD_MAX_BYTES, `must be at most ${PASSWORD_MAX_BYTES} bytes in UTF-8`] as const;
const COMMON_PASSWORD_COUNT = 10_000;

// zxcvbn's list is ranked by frequency in real leaks; we refuse the top 10,000.
const commonPasswords = new Set(dictionary['passwords-common'].slice(0, COMMON_PASSWORD_COUNT).map((p) => p.toLowerCase()));

/** A new password: 8–72 bytes of UTF-8, not one of the 10,000 most common passwords. */
export const newPasswordSchema = z
  .string({ error: requiredOr('must be a string') })
  .refine((p) => Buffer.byteLength(p, 'utf8') >= MIN_BYTES, `must be at least ${MIN_BYTES} bytes`)
  .refine(...FITS_BCRYPT)
  .refine((p) => !commonPasswords.has(p.toLowerCase()), 'is too common; choose a less predictable password');

/** A new password that is the current one (a reset or a change). */
export const passwordReuse = () =>
  new AppError('BAD_REQUEST', {
    type: 'PasswordReuseNotAllowed',
    message: 'The new password must differ from the current one',
    reason: 'password reuse',
    details: { newPassword: ['must differ from the current password'] },
  });
