import { z } from 'zod';
import { newPasswordSchema } from './auth/password-policy.js';

const email = z.email({ error: 'must be a valid email address' }).max(254, 'must be at most 254 characters');

export const forgotPasswordSchema = z.object({ email });
export const verifyOtpSchema = z.object({ email, otp: z.string({ error: 'must be a string' }).regex(/^\d{6}$/, 'must be 6 digits') });
export const resetPasswordSchema = z.object({ newPassword: newPasswordSchema });
