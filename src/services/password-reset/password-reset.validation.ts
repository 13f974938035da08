import { z } from 'zod';
import { newPasswordSchema } from '../auth/password-policy.js';
import { email } from '../input-rules.js';

export const forgotPasswordSchema = z.object({ email: email() });
export const verifyOtpSchema = z.object({ email: email(), otp: z.string({ error: 'must be a string' }).regex(/^\d{6}$/, 'must be 6 digits') });
export const resetPasswordSchema = z.object({ newPassword: newPasswordSchema });
