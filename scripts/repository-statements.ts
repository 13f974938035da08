import type { Kysely } from 'kysely';
import type { Database } from '../src/db/database.types.js';
import { HitLogRepository } from '../src/db/repositories/hit-log.repository.js';
import { IdempotencyKeyRepository } from '../src/db/repositories/idempotency-key.repository.js';
import { IpBanRepository } from '../src/db/repositories/ip-ban.repository.js';
import { ProjectRepository } from '../src/db/repositories/project.repository.js';
import { PasswordResetRepository } from '../src/db/repositories/password-reset.repository.js';
import { SessionRepository } from '../src/db/repositories/session.repository.js';
import { TaskChangeRepository } from '../src/db/repositories/task-change.repository.js';
import { TaskRepository, type TaskOrder } from '../src/db/repositories/task.repository.js';
import { UserRepository } from '../src/db/repositories/user.repository.js';
import { TaskChangeAnnouncer } from '../src/db/task-change.announcer.js';
import { queryRecorder } from '../src/db/query-recorder.js';

const AT = new Date('2026-01-01T00:00:00Z');
const ID_ORDER: TaskOrder = { field: 'id', descending: false };
const HASH = Buffer.alloc(32);
const TASK = {
  id: 1,
  user_id: 1,
  title: 't',
  description: '',
  completion: false,
  priority: 'medium',
  due_date: null,
  version: 1,
  created_at: AT,
  updated_at: AT,
  project_id: null,
  assignee_id: null,
} as const;

type Calls = Record<string, (db: Kysely<Database>) => Promise<unknown>>;

/** Every statement of every repository, by file (under src/db/queries/) and method. */
export function repositoryCalls(compiler: Kysely<Database>): Record<string, Calls> {
  const hits = new HitLogRepository();
  const keys = new IdempotencyKeyRepository();
  const bans = new IpBanRepository();
  const resets = new PasswordResetRepository();
  const sessions = new SessionRepository(compiler);
  const changes = new TaskChangeRepository(compiler);
  const tasks = new TaskRepository(compiler);
  const users = new UserRepository();
  const projects = new ProjectRepository();
  const INVITATION = '00000000-0000-0000-0000-000000000000';
  return {
    project: {
      create: (db) => projects.create(db, 1, { name: 'p', description: '' }, 100),
      get: (db) => projects.get(db, 1, 1),
      roleOf: (db) => projects.roleOf(db, 1, 1),
      list: (db) => projects.list(db, 1, 0, 11),
      update: (db) => projects.update(db, 1, 1, { name: 'p' }),
      delete: (db) => projects.delete(db, 1, 1),
      members: (db) => projects.members(db, 1, [1, 2], 50),
      memberIds: (db) => projects.memberIds(db, 1),
      lock: (db) => projects.lock(db, 1),
      ownerCount: (db) => projects.ownerCount(db, 1),
      memberCount: (db) => projects.memberCount(db, 1),
      setRole: (db) => projects.setRole(db, 1, 2, 'editor'),
      addMember: (db) => projects.addMember(db, 1, 2, 'editor'),
      removeMember: (db) => projects.removeMember(db, 1, 2),
      invite: (db) =>
        projects.invite(
          db,
          { id: INVITATION, project_id: 1, email: 'u@example.com', role: 'editor', token_hash: HASH, invited_by: 1, created_at: AT, expires_at: AT },
          100,
        ),
      takeInvitation: (db) => projects.takeInvitation(db, HASH, AT),
      findInvitation: (db) => projects.findInvitation(db, HASH),
      revokeInvitation: (db) => projects.revokeInvitation(db, 1, 1, INVITATION, AT),
      pendingInvitations: (db) => projects.pendingInvitations(db, 1, 1, AT, 100),
    },
    'hit-log': {
      hit: (db) => hits.hit(db, 'key', 1n, 0n, 5, true, AT),
      release: (db) => hits.release(db, 'key', 1n),
      clear: (db) => hits.clear(db, 'key'),
      clearAll: (db) => hits.clearAll(db),
      deleteExpired: (db) => hits.deleteExpired(db, AT),
    },
    'idempotency-key': {
      tryLock: (db) => keys.tryLock(db, 1, 'key'),
      find: (db) => keys.find(db, 1, 'key'),
      record: (db) => keys.record(db, 1, 'key', HASH, TASK, AT),
      prune: (db) => keys.prune(db, AT, 100),
    },
    'ip-ban': {
      listActive: (db) => bans.listActive(db, AT),
      upsert: (db) => bans.upsert(db, '192.0.2.1', AT, 'reason'),
      delete: (db) => bans.delete(db, '192.0.2.1'),
      deleteExpired: (db) => bans.deleteExpired(db, AT),
    },
    'password-reset': {
      replaceForUser: (db) =>
        resets.replaceForUser(db, { id: '00000000-0000-0000-0000-000000000000', user_id: 1, code_hash: 'h', expires_at: AT, verified_at: null, used_at: null }),
      getForUpdate: (db) => resets.getForUpdate(db, '00000000-0000-0000-0000-000000000000'),
      recordFailedAttempt: (db) => resets.recordFailedAttempt(db, '00000000-0000-0000-0000-000000000000'),
      markVerified: (db) => resets.markVerified(db, '00000000-0000-0000-0000-000000000000', AT),
      markUsed: (db) => resets.markUsed(db, '00000000-0000-0000-0000-000000000000', AT),
    },
    session: {
      userOf: (db) => sessions.userOf(db, 'session'),
      create: (db) =>
        sessions.create(
          db,
          { id: 'session', user_id: 1, created_at: AT, last_used_at: AT, expires_at: AT, user_agent: null, ip: '192.0.2.1' },
          { hash: HASH, expiresAt: AT },
        ),
      findByToken: (db) => sessions.findByToken(db, HASH),
      rotate: (db) => sessions.rotate(db, 'session', HASH, { hash: HASH, expiresAt: AT }, { at: AT, ip: '192.0.2.1', userAgent: null }),
      listLive: (db) => sessions.listLive(db, 1, AT),
      endStale: (db) => sessions.endStale(db, 1, AT, 100),
      endOne: (db) => sessions.endOne(db, 1, 'session'),
      endAll: (db) => sessions.endAll(db, 1, 'session'),
    },
    'task-change': {
      history: (db) => changes.history(db, 1),
      page: (db) => changes.page(db, 1, { xid: '0', seq: '0' }, 10),
      pruneOneUser: (db) => changes.prune(db, AT, { userId: 1 }),
      pruneEveryone: (db) => changes.prune(db, AT, { batch: 100 }),
    },
    task: {
      getById: (db) => tasks.getById(db, 1, 1),
      list: (db) => tasks.list(db, 1, { filter: {}, order: ID_ORDER, limit: 11 }),
      listFiltered: (db) => tasks.list(db, 1, { filter: { completion: false, title: 't', createdFrom: AT, createdUntil: AT }, order: ID_ORDER, limit: 11 }),
      createWithinQuota: (db) => tasks.createWithinQuota(db, 1, { title: 't', description: '', completion: false, priority: 'medium', due_date: null }, 1000),
      createInProject: (db) =>
        tasks.createInProject(
          db,
          1,
          { title: 't', description: '', completion: false, priority: 'medium', due_date: null, project_id: 1, assignee_id: null },
          1000,
        ),
      access: (db) => tasks.access(db, 1, 1),
      listProject: (db) => tasks.list(db, 1, { filter: {}, projectId: 1, order: ID_ORDER, limit: 11 }),
      // A filter the compiled pages do not take: built per request, with every condition it may add.
      listScreen: (db) =>
        tasks.list(db, 1, {
          filter: { priorities: ['high'], dueFrom: AT, dueUntil: AT, overdue: false, hasDueDate: true, updatedFrom: AT, assigneeId: 2 },
          projectId: 1,
          order: ID_ORDER,
          limit: 11,
        }),
      listNewestFirst: (db) => tasks.list(db, 1, { filter: {}, order: { field: 'id', descending: true }, after: { key: null, id: 9 }, limit: 11 }),
      // Every order other than id's reads its own index the same way; due dates stand for them.
      listByDueDate: (db) => tasks.list(db, 1, { filter: {}, order: { field: 'due_date', descending: false }, after: { key: 'infinity', id: 9 }, limit: 11 }),
      listProjectByTitle: (db) =>
        tasks.list(db, 1, { filter: {}, projectId: 1, order: { field: 'title', descending: true }, after: { key: 't', id: 9 }, limit: 11 }),
      search: (db) =>
        tasks.list(db, 1, {
          filter: { searchWords: ['plan', 'q3'] },
          order: { field: 'relevance', descending: false },
          after: { key: '0.5', id: 9 },
          limit: 11,
        }),
      count: (db) => tasks.count(db, 1, { overdue: true }),
      countProject: (db) => tasks.count(db, 1, { priorities: ['high', 'low'] }, 1),
      countSearch: (db) => tasks.count(db, 1, { searchWords: ['plan'] }),
      update: (db) => tasks.update(db, 1, 1, { title: 't' }),
      assign: (db) => tasks.update(db, 1, 1, { assignee_id: 2 }),
      updateIfAtVersion: (db) => tasks.update(db, 1, 1, { title: 't' }, [1]),
      delete: (db) => tasks.delete(db, 1, 1),
      deleteIfAtVersion: (db) => tasks.delete(db, 1, 1, [1]),
      deleteAll: (db) => tasks.deleteAll(db, 1),
    },
    user: {
      getById: (db) => users.getById(db, 1),
      findOneByUsername: (db) => users.findOne(db, { username: 'u' }),
      findOneByEmail: (db) => users.findOne(db, { email: 'u@example.com' }),
      findTaken: (db) => users.findTaken(db, 'u', 'u@example.com'),
      setPassword: (db) => users.setPassword(db, 1, 'hash'),
      delete: (db) => users.delete(db, 1),
      create: (db) => users.create(db, { username: 'u', email: 'u@example.com', password_hash: 'hash' }),
    },
    'task-change-announcer': {
      announce: (db) => new TaskChangeAnnouncer(db).announce(1),
    },
  };
}

/** Each file's text: every method's statements, as sent, under the method's name. */
export async function repositorySql(): Promise<Map<string, string>> {
  const recorder = queryRecorder();
  const files = new Map<string, string>();
  for (const [file, calls] of Object.entries(repositoryCalls(recorder.db))) {
    const sections: string[] = [`-- The SQL of ${file} statements, as sent (\`npm run sql\` writes this file; a test fails when it is stale).`];
    for (const [method, call] of Object.entries(calls)) {
      recorder.take();
      // No rows come back: a method that needs one throws after sending its statements.
      await call(recorder.db).catch(() => {});
      sections.push(
        `-- ${method}\n${recorder
          .take()
          .map((statement) => `${statement.trim()};`)
          .join('\n')}`,
      );
    }
    files.set(`src/db/queries/${file}.sql`, `${sections.join('\n\n')}\n`);
  }
  return files;
}
