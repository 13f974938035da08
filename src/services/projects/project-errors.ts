import { AppError } from '../../errors/app-error.js';

/** What anyone who is not a member of a project is told: the same as for one that does not exist. */
export const projectNotFound = () => new AppError('NOT_FOUND', { message: 'No project found', reason: 'project not found' });
