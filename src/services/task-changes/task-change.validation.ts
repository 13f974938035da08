import { z } from 'zod';
import { pageLimit } from '../page-size.js';

/** A page of the change feed: after a cursor (from the start of what is kept without one). */
export const taskChangesSchema = z.strictObject({ limit: pageLimit(), cursor: z.string().nullish() });
