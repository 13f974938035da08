import type { Migration } from 'kysely/migration';
import * as createUsersAndTasks from './20261125090000-create-users-and-tasks.js';
import * as addPasswordResets from './20261125100000-add-password-resets.js';
import * as addIpBans from './20261125110000-add-ip-bans.js';
import * as addUserTaskCount from './20261125120000-add-user-task-count.js';
import * as notifyTokenVersionChanges from './20261125130000-notify-token-version-changes.js';
import * as addLimitHits from './20261130090000-add-limit-hits.js';
import * as addSessions from './20261130100000-add-sessions.js';
import * as addTaskSync from './20261130110000-add-task-sync.js';
import * as recordChangesInWrites from './20261201090000-record-changes-in-writes.js';
import * as orderChangesByTransaction from './20261206090000-order-changes-by-transaction.js';
import * as addProjects from './20261207090000-add-projects.js';
import * as addTaskSearchAndOrders from './20261208090000-add-task-search-and-orders.js';

/**
 * Every migration, by name. Listed statically (not read from disk) so the same code runs
 * from TypeScript under vitest and from the compiled `dist/`; a test checks that every
 * file in this folder is listed here.
 */
export const migrations: Record<string, Migration> = {
  '20261125090000-create-users-and-tasks': createUsersAndTasks,
  '20261125100000-add-password-resets': addPasswordResets,
  '20261125110000-add-ip-bans': addIpBans,
  '20261125120000-add-user-task-count': addUserTaskCount,
  '20261125130000-notify-token-version-changes': notifyTokenVersionChanges,
  '20261130090000-add-limit-hits': addLimitHits,
  '20261130100000-add-sessions': addSessions,
  '20261130110000-add-task-sync': addTaskSync,
  '20261201090000-record-changes-in-writes': recordChangesInWrites,
  '20261206090000-order-changes-by-transaction': orderChangesByTransaction,
  '20261207090000-add-projects': addProjects,
  '20261208090000-add-task-search-and-orders': addTaskSearchAndOrders,
};
