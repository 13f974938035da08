import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Table types: the one source the services' and schema's types flow from. */

export type TaskPriority = 'low' | 'medium' | 'high';

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, never, Date>;

export interface UserTable {
  id: Generated<number>;
  username: string;
  email: string;
  password_hash: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TaskTable {
  id: Generated<number>;
  user_id: ColumnType<number, number, never>;
  title: string;
  description: string;
  completion: ColumnType<boolean, boolean | undefined, boolean>;
  priority: ColumnType<TaskPriority, TaskPriority | undefined, TaskPriority>;
  due_date: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface Database {
  users: UserTable;
  tasks: TaskTable;
}

export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
/** A task as the app sees it; the owner is implied by who asked. */
export type Task = Omit<Selectable<TaskTable>, 'user_id'>;
export type NewTask = Insertable<TaskTable>;
export type TaskUpdate = Updateable<TaskTable>;
