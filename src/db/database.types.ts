import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Table types: the one source the services' and schema's types flow from. */

export type TaskPriority = 'low' | 'medium' | 'high';

/** Ids are PostgreSQL `integer`s: none is larger. */
export const MAX_ID = 2_147_483_647;

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, never, Date>;

export interface UserTable {
  id: Generated<number>;
  username: string;
  email: string;
  password_hash: string;
  /** How many tasks the user has; kept by the statements of the task repository. */
  task_count: ColumnType<number, never, number>;
  /** Changes up to this position, (xid, seq), were pruned: a feed cursor before it cannot resume. */
  changes_pruned_xid: ColumnType<string, never, string>;
  changes_pruned_seq: ColumnType<string, never, string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TaskTable {
  id: Generated<number>;
  /** The owner of a personal task; null for a project's (exactly one of the two is set). */
  user_id: ColumnType<number | null, number | null, never>;
  project_id: ColumnType<number | null, number | null, never>;
  /** A member of the task's project it is assigned to; only project tasks have one. */
  assignee_id: ColumnType<number | null, number | null | undefined, number | null>;
  title: string;
  description: string;
  completion: ColumnType<boolean, boolean | undefined, boolean>;
  priority: ColumnType<TaskPriority, TaskPriority | undefined, TaskPriority>;
  due_date: Date | null;
  /** 1 when created; every write adds 1, in the same statement. */
  version: ColumnType<number, never, number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/**
 * One change to a user's tasks, appended by the task repository's writes. Its place in the
 * feed is (xid, seq): the writing transaction's id, then a number from one sequence (see the
 * migration order-changes-by-transaction).
 */
export interface TaskChangeTable {
  user_id: ColumnType<number, never, never>;
  /** xid8 and bigint: pg reads both as strings. Both are the columns' defaults. */
  xid: ColumnType<string, never, never>;
  seq: ColumnType<string, never, never>;
  /** Null for a membership change (project_joined, project_left). */
  task_id: ColumnType<number | null, never, never>;
  kind: ColumnType<FeedChangeKind, never, never>;
  version: ColumnType<number, never, never>;
  changed_at: ColumnType<Date, never, never>;
  /** The project a membership change is about; null for a change to a personal task. */
  project_id: ColumnType<number | null, never, never>;
}

/** One change to a project's tasks, read by every member (see the migration add-projects). */
export interface ProjectChangeTable {
  project_id: ColumnType<number, never, never>;
  xid: ColumnType<string, never, never>;
  seq: ColumnType<string, never, never>;
  task_id: ColumnType<number, never, never>;
  kind: ColumnType<TaskChangeKind, never, never>;
  version: ColumnType<number, never, never>;
  changed_at: ColumnType<Date, never, never>;
}

export type TaskChangeKind = 'created' | 'updated' | 'deleted';
/** What a reader's feed holds: changes to tasks, and their joining or leaving a project. */
export type FeedChangeKind = TaskChangeKind | 'project_joined' | 'project_left';

export type ProjectRole = 'owner' | 'editor' | 'viewer';

export interface ProjectTable {
  id: Generated<number>;
  name: string;
  description: string;
  /** How many tasks the project has; kept by the statements of the task repository. */
  task_count: ColumnType<number, never, number>;
  /** 1 when created; every change of its name or description adds 1. */
  version: ColumnType<number, never, number>;
  changes_pruned_xid: ColumnType<string, never, string>;
  changes_pruned_seq: ColumnType<string, never, string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProjectMemberTable {
  project_id: number;
  user_id: number;
  role: ProjectRole;
  joined_at: ColumnType<Date, Date | undefined, never>;
  /** The feed's position when they joined (column defaults). */
  joined_xid: ColumnType<string, never, never>;
  joined_seq: ColumnType<string, never, never>;
}

/** An invitation to a project, by the SHA-256 of its token (the token is only in the mail). */
export interface ProjectInvitationTable {
  id: string;
  project_id: number;
  email: string;
  role: ProjectRole;
  token_hash: ColumnType<Buffer, Buffer, never>;
  invited_by: number | null;
  created_at: ColumnType<Date, Date, never>;
  expires_at: ColumnType<Date, Date, never>;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

/** A create's idempotency key: its request's hash, and its result to answer a retry with. */
export interface IdempotencyKeyTable {
  user_id: number;
  key: string;
  request_hash: Buffer;
  result: ColumnType<unknown, string, string>;
  created_at: Date;
}

/** A password-reset request: the emailed code (hashed) and how far the flow got. */
export interface PasswordResetTable {
  id: string;
  user_id: number;
  code_hash: string;
  expires_at: Date;
  failed_attempts: ColumnType<number, number | undefined, number>;
  verified_at: Date | null;
  used_at: Date | null;
  created_at: ColumnType<Date, Date | undefined, Date>;
}

/** A banned client address (IPv4 or IPv6) and until when. */
export interface IpBanTable {
  ip: string;
  reason: string;
  banned_until: Date;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** One rate-limit key's hits in its trailing window (security budgets without Redis). */
export interface LimitHitTable {
  key: string;
  /** Each hit as `time in ms × 1000 + a random 0–999`: ordered by time, and told apart. */
  hits: ColumnType<string[], string[], string[]>;
  expires_at: Date;
}

/** One login: its access tokens name it, and ending it (deleting the row) ends them. */
export interface SessionTable {
  id: string;
  user_id: number;
  created_at: ColumnType<Date, Date, never>;
  last_used_at: Date;
  /** The absolute cap: no refresh carries the session past it. */
  expires_at: ColumnType<Date, Date, never>;
  user_agent: string | null;
  ip: string;
}

/** A refresh token of a session, by its SHA-256: the current one, or one rotated away. */
export interface RefreshTokenTable {
  token_hash: ColumnType<Buffer, Buffer, never>;
  session_id: ColumnType<string, string, never>;
  expires_at: ColumnType<Date, Date, never>;
  rotated_at: Date | null;
}

export interface Database {
  users: UserTable;
  tasks: TaskTable;
  password_resets: PasswordResetTable;
  ip_bans: IpBanTable;
  limit_hits: LimitHitTable;
  sessions: SessionTable;
  task_changes: TaskChangeTable;
  project_changes: ProjectChangeTable;
  projects: ProjectTable;
  project_members: ProjectMemberTable;
  project_invitations: ProjectInvitationTable;
  idempotency_keys: IdempotencyKeyTable;
  refresh_tokens: RefreshTokenTable;
}

export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
/** A task as the app sees it; the owner of a personal one is implied by who asked. */
export type Task = Omit<Selectable<TaskTable>, 'user_id'>;
export type Project = Omit<Selectable<ProjectTable>, 'changes_pruned_xid' | 'changes_pruned_seq'>;
export type ProjectInvitation = Selectable<ProjectInvitationTable>;
export type NewTask = Insertable<TaskTable>;
export type TaskUpdate = Updateable<TaskTable>;
export type PasswordReset = Selectable<PasswordResetTable>;
export type NewPasswordReset = Insertable<PasswordResetTable>;
export type IpBan = Selectable<IpBanTable>;
export type Session = Selectable<SessionTable>;
export type NewSession = Insertable<SessionTable>;
