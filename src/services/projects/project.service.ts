import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, ProjectInvitation, ProjectRole } from '../../db/database.types.js';
import type { MemberProject, ProjectMember, ProjectRepository } from '../../db/repositories/project.repository.js';
import { AppError } from '../../errors/app-error.js';
import { invitationEmail } from '../../mail/invitation.email.js';
import type { Mailer } from '../../mail/mail.js';
import type { AbuseGuard } from '../abuse/abuse-guard.js';
import type { BackgroundWork } from '../background-work.js';
import type { Caller } from '../caller.js';
import type { Clock } from '../clock.js';
import { isStorableId } from '../input-rules.js';
import type { Page } from '../page.js';
import { opaqueCursor } from '../opaque-cursor.js';
import { projectNotFound } from './project-errors.js';
import { parseInput } from '../validation.js';
import {
  MAX_MEMBERS,
  MAX_PENDING_INVITATIONS,
  MAX_PROJECTS_PER_USER,
  acceptSchema,
  createProjectSchema,
  invitationIdSchema,
  inviteSchema,
  listProjectsSchema,
  memberSchema,
  setRoleSchema,
  updateProjectSchema,
} from './project.validation.js';

export type { MemberProject, ProjectMember };

export interface ProjectPage extends Page<MemberProject> {
  projects: MemberProject[];
}

/** An invitation as its project's owners see it (never its token). */
export type InvitationView = Pick<ProjectInvitation, 'id' | 'project_id' | 'email' | 'role' | 'created_at' | 'expires_at'>;

const projectCursor = opaqueCursor('project', (text) => (/^\d{1,10}$/.test(text) && isStorableId(Number(text)) ? Number(text) : undefined), 'a project cursor');

const ownersOnly = () => new AppError('FORBIDDEN_ACCESS', { message: "Only a project's owners can do this", reason: 'owner role required' });
const lastOwner = () =>
  new AppError('CONFLICT', {
    message: 'A project keeps at least one owner: make another member an owner first',
    reason: 'last owner',
  });
const memberNotFound = () => new AppError('NOT_FOUND', { message: 'No such member of this project', reason: 'member not found' });
const invitationUnusable = () =>
  new AppError('NOT_FOUND', { message: 'This invitation is not valid: it was used, revoked or has expired', reason: 'invitation not valid' });

export interface ProjectDependencies {
  db: Kysely<Database>;
  projects: ProjectRepository;
  guard: AbuseGuard;
  clock: Clock;
  mailer: Mailer;
  /** The email of the caller's account (an invitation is accepted only by the account it was sent to). */
  emailOf: (userId: number) => Promise<string | undefined>;
  /** Wakes a user's subscribers (their feed has a membership change). */
  announceChange: (userId: number) => Promise<void>;
  /** Wakes every member's (the project's feed has a change). */
  announceProjectChange: (projectId: number) => Promise<void>;
  background: BackgroundWork;
}

/**
 * Shared projects: their members, roles and invitations. Owners do everything, editors
 * change tasks, viewers read; a project always keeps an owner. Anyone who is not a member
 * is told a project does not exist, as if it did not.
 */
export class ProjectService {
  constructor(
    private readonly deps: ProjectDependencies,
    private readonly invitationTtlSeconds: number,
  ) {}

  async create(caller: Caller, input: unknown): Promise<MemberProject> {
    await this.spendWrite(caller);
    const values = parseInput(createProjectSchema, input);
    const project = await this.deps.projects.create(this.deps.db, caller.userId, values, MAX_PROJECTS_PER_USER);
    if (!project) {
      throw new AppError('FORBIDDEN_ACCESS', { message: `Project limit reached (${MAX_PROJECTS_PER_USER})`, reason: 'project limit reached' });
    }
    this.announce([caller.userId]);
    return project;
  }

  async get(caller: Caller, projectId: number): Promise<MemberProject> {
    await this.spendRead(caller);
    const project = isStorableId(projectId) ? await this.deps.projects.get(this.deps.db, caller.userId, projectId) : undefined;
    if (!project) throw projectNotFound();
    return project;
  }

  async list(caller: Caller, input: unknown): Promise<ProjectPage> {
    await this.spendRead(caller);
    const { limit, cursor } = parseInput(listProjectsSchema, input);
    const rows = await this.deps.projects.list(this.deps.db, caller.userId, cursor ? projectCursor.decode(cursor) : 0, limit + 1);
    const projects = rows.slice(0, limit);
    const last = projects.at(-1);
    return {
      projects,
      endCursor: last ? projectCursor.encode(last.id) : null,
      hasMore: rows.length > limit,
      cursorOf: (project) => projectCursor.encode(project.id),
    };
  }

  async update(caller: Caller, projectId: number, input: unknown): Promise<MemberProject> {
    await this.spendWrite(caller);
    const { version, ...changes } = parseInput(updateProjectSchema, input);
    const project = isStorableId(projectId)
      ? await this.deps.projects.update(this.deps.db, caller.userId, projectId, changes, version === undefined ? undefined : [version])
      : undefined;
    if (project) return project;
    const current = await this.get(caller, projectId);
    if (current.role !== 'owner') throw ownersOnly();
    throw new AppError('PRECONDITION_FAILED', {
      message: `The project changed since you read it: it is at version ${current.version}`,
      reason: 'version mismatch',
      details: { version: [`is ${current.version}`] },
    });
  }

  /** Deletes a project with all its tasks, in one transaction; every member's feed says they left it. */
  async delete(caller: Caller, projectId: number): Promise<void> {
    await this.spendWrite(caller);
    const members = isStorableId(projectId) ? await this.deps.projects.delete(this.deps.db, caller.userId, projectId) : undefined;
    if (!members) {
      await this.get(caller, projectId);
      throw ownersOnly();
    }
    this.announce(members);
  }

  async members(caller: Caller, projectId: number): Promise<ProjectMember[]> {
    const [members = projectNotFound()] = await this.membersOf(caller, [projectId]);
    if (members instanceof AppError) throw members;
    return members;
  }

  /**
   * The members of several projects in one read (and one of the read budget): each project's,
   * or NOT_FOUND for one the caller is not a member of. What a page of projects asking for
   * each one's members costs.
   */
  async membersOf(caller: Caller, projectIds: readonly number[]): Promise<Array<ProjectMember[] | AppError>> {
    await this.spendRead(caller);
    const storable = projectIds.filter(isStorableId);
    const found = storable.length > 0 ? await this.deps.projects.members(this.deps.db, caller.userId, storable, MAX_MEMBERS) : new Map();
    return projectIds.map((id) => found.get(id) ?? projectNotFound());
  }

  /** Changes a member's role (owners only); the last owner cannot be demoted. */
  async setRole(caller: Caller, projectId: number, input: unknown): Promise<ProjectMember> {
    await this.spendWrite(caller);
    const { userId, role } = parseInput(setRoleSchema, input);
    await this.changeMembership(caller, projectId, async (trx, callerRole) => {
      if (callerRole !== 'owner') throw ownersOnly();
      const current = await this.deps.projects.roleOf(trx, userId, projectId);
      if (!current) throw memberNotFound();
      if (current === 'owner' && role !== 'owner' && (await this.deps.projects.ownerCount(trx, projectId)) <= 1) throw lastOwner();
      await this.deps.projects.setRole(trx, projectId, userId, role);
    });
    const member = (await this.members(caller, projectId)).find((m) => m.user_id === userId);
    if (!member) throw memberNotFound();
    return member;
  }

  /** Removes a member (owners only); the last owner cannot be removed. */
  async removeMember(caller: Caller, projectId: number, input: unknown): Promise<void> {
    await this.spendWrite(caller);
    const { userId } = parseInput(memberSchema, input);
    await this.remove(caller, projectId, userId, (callerRole) => {
      if (callerRole !== 'owner' && userId !== caller.userId) throw ownersOnly();
    });
  }

  /** Leaves a project; its last owner cannot (delete it, or make another member an owner first). */
  async leave(caller: Caller, projectId: number): Promise<void> {
    await this.spendWrite(caller);
    await this.remove(caller, projectId, caller.userId, () => {});
  }

  private async remove(caller: Caller, projectId: number, userId: number, allowed: (callerRole: ProjectRole) => void): Promise<void> {
    await this.changeMembership(caller, projectId, async (trx, callerRole) => {
      allowed(callerRole);
      const role = await this.deps.projects.roleOf(trx, userId, projectId);
      if (!role) throw memberNotFound();
      if (role === 'owner' && (await this.deps.projects.ownerCount(trx, projectId)) <= 1) throw lastOwner();
      await this.deps.projects.removeMember(trx, projectId, userId);
    });
    // The one removed hears of it; the others, of the tasks unassigned from them.
    this.announce([userId]);
    this.deps.background.track('announcing a membership change', this.deps.announceProjectChange(projectId));
  }

  /**
   * Runs a change of the project's members under its row's lock, so changes of roles are one
   * at a time: two owners demoting each other cannot both count the other as the one left.
   * NOT_FOUND when the caller is not a member.
   */
  private async changeMembership(caller: Caller, projectId: number, change: (trx: Kysely<Database>, callerRole: ProjectRole) => Promise<void>): Promise<void> {
    if (!isStorableId(projectId)) throw projectNotFound();
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await this.deps.projects.lock(trx, projectId))) throw projectNotFound();
      const callerRole = await this.deps.projects.roleOf(trx, caller.userId, projectId);
      if (!callerRole) throw projectNotFound();
      await change(trx, callerRole);
    });
  }

  /**
   * Invites an email to a project (owners only) and mails the invitation. The answer is the
   * same whether or not an account has that email: the invitation waits for whoever signs up
   * or logs in with it.
   */
  async invite(caller: Caller, projectId: number, input: unknown): Promise<InvitationView> {
    await this.spendWrite(caller);
    const { email, role } = parseInput(inviteSchema, input);
    const project = await this.owned(caller, projectId);
    // Each invitation is an email sent: budgeted per inviter, before it is stored or sent.
    await this.deps.guard.consume(caller.ip, ['invitations', caller.userId]);
    const token = randomBytes(32).toString('base64url');
    const now = this.deps.clock.now();
    const invitation = {
      id: randomUUID(),
      project_id: projectId,
      email: email.toLowerCase(),
      role,
      token_hash: hashToken(token),
      invited_by: caller.userId,
      created_at: now,
      expires_at: new Date(now.getTime() + this.invitationTtlSeconds * 1000),
    };
    if (!(await this.deps.projects.invite(this.deps.db, invitation, MAX_PENDING_INVITATIONS))) {
      throw new AppError('FORBIDDEN_ACCESS', {
        message: `A project has at most ${MAX_PENDING_INVITATIONS} invitations waiting: revoke some first`,
        reason: 'invitation limit reached',
      });
    }
    this.deps.mailer.deliver(invitationEmail(email, project.name, role, token, invitation.expires_at));
    const { token_hash: _hash, invited_by: _by, ...view } = invitation;
    return view;
  }

  /**
   * Accepts an invitation with the token from its email: only the account with that email,
   * only once, only before it expires or is revoked. The caller joins with the invitation's
   * role (a member already keeps theirs) and their feed gets the project.
   */
  async accept(caller: Caller, input: unknown): Promise<MemberProject> {
    await this.spendWrite(caller);
    const { token } = parseInput(acceptSchema, input);
    const tokenHash = hashToken(token);
    const email = await this.deps.emailOf(caller.userId);
    const projectId = await this.deps.db.transaction().execute(async (trx) => {
      const invitation = await this.deps.projects.findInvitation(trx, tokenHash);
      if (!invitation) throw invitationUnusable();
      // Told before it is used up: the account it was meant for can still accept it.
      if (invitation.email !== email?.toLowerCase()) {
        throw new AppError('FORBIDDEN_ACCESS', { message: 'This invitation was sent to another email address', reason: 'invitation for another account' });
      }
      if (!(await this.deps.projects.lock(trx, invitation.project_id))) throw invitationUnusable();
      const taken = await this.deps.projects.takeInvitation(trx, tokenHash, this.deps.clock.now());
      if (!taken) throw invitationUnusable();
      if ((await this.deps.projects.memberCount(trx, taken.project_id)) >= MAX_MEMBERS) {
        throw new AppError('FORBIDDEN_ACCESS', { message: `A project has at most ${MAX_MEMBERS} members`, reason: 'member limit reached' });
      }
      await this.deps.projects.addMember(trx, taken.project_id, caller.userId, taken.role);
      return taken.project_id;
    });
    this.announce([caller.userId]);
    return this.get(caller, projectId);
  }

  /** Revokes a pending invitation (owners only). */
  async revokeInvitation(caller: Caller, projectId: number, input: unknown): Promise<void> {
    await this.spendWrite(caller);
    const { invitationId } = parseInput(invitationIdSchema, input);
    await this.owned(caller, projectId);
    if (!(await this.deps.projects.revokeInvitation(this.deps.db, caller.userId, projectId, invitationId, this.deps.clock.now()))) {
      throw invitationUnusable();
    }
  }

  /** The invitations waiting (owners only), newest first. */
  async invitations(caller: Caller, projectId: number): Promise<InvitationView[]> {
    await this.spendRead(caller);
    await this.owned(caller, projectId);
    const rows = await this.deps.projects.pendingInvitations(this.deps.db, caller.userId, projectId, this.deps.clock.now(), MAX_PENDING_INVITATIONS);
    return rows.map(({ id, project_id, email, role, created_at, expires_at }) => ({ id, project_id, email, role, created_at, expires_at }));
  }

  /** A project the caller owns: NOT_FOUND for a non-member, FORBIDDEN_ACCESS for another role. */
  private async owned(caller: Caller, projectId: number): Promise<MemberProject> {
    const project = isStorableId(projectId) ? await this.deps.projects.get(this.deps.db, caller.userId, projectId) : undefined;
    if (!project) throw projectNotFound();
    if (project.role !== 'owner') throw ownersOnly();
    return project;
  }

  private announce(userIds: number[]): void {
    for (const userId of userIds) this.deps.background.track('announcing a membership change', this.deps.announceChange(userId));
  }

  private async spendRead(caller: Caller): Promise<void> {
    await this.deps.guard.consume(caller.ip, ['taskReads', caller.userId]);
  }

  private async spendWrite(caller: Caller): Promise<void> {
    await this.deps.guard.consume(caller.ip, ['taskWrites', caller.userId]);
  }
}

/** Invitation tokens are 256 random bits: a plain SHA-256 is enough to keep a leaked table useless. */
const hashToken = (token: string) => createHash('sha256').update(token).digest();
