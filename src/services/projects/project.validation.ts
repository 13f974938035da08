import { z } from 'zod';
import { charLength, email, recordId, text } from '../input-rules.js';
import { pageLimit } from '../page-size.js';

export const PROJECT_ROLES = ['owner', 'editor', 'viewer'] as const;
export const NAME_MAX_CHARS = 100;
export const PROJECT_DESCRIPTION_MAX_CHARS = 10_000;
/** Projects one user may be a member of. */
export const MAX_PROJECTS_PER_USER = 100;
/** Members one project may have (every write wakes each of them). */
export const MAX_MEMBERS = 100;
/** Invitations one project may have waiting. */
export const MAX_PENDING_INVITATIONS = 100;

const name = text()
  .transform((s) => s.trim())
  .refine((s) => charLength(s) >= 1, 'must not be empty')
  .refine((s) => charLength(s) <= NAME_MAX_CHARS, `must be at most ${NAME_MAX_CHARS} characters`);
const description = text().refine((s) => charLength(s) <= PROJECT_DESCRIPTION_MAX_CHARS, `must be at most ${PROJECT_DESCRIPTION_MAX_CHARS} characters`);
const role = z.enum(PROJECT_ROLES, { error: `must be one of ${PROJECT_ROLES.join(', ')}` });

export const createProjectSchema = z.strictObject({ name, description: description.default('') });

export const updateProjectSchema = z
  .strictObject({ name: name.optional(), description: description.optional(), version: z.number().int().positive().optional() })
  .refine((input) => input.name !== undefined || input.description !== undefined, { message: 'give at least one field to change' });

export const listProjectsSchema = z.strictObject({ limit: pageLimit(), cursor: z.string().nullish() });

export const inviteSchema = z.strictObject({ email: email(), role });
export const setRoleSchema = z.strictObject({ userId: recordId(), role });
export const memberSchema = z.strictObject({ userId: recordId() });
export const acceptSchema = z.strictObject({ token: z.string({ error: 'must be a string' }).regex(/^[A-Za-z0-9_-]{43}$/, 'is not an invitation token') });
export const invitationIdSchema = z.strictObject({ invitationId: z.uuid({ error: 'is not an invitation id' }) });
