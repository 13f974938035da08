import type { Request, Response } from 'express';
import { AppError } from '../errors/app-error.js';
import type { EnvelopeForm } from '../http/error-handler.js';
import type { PublicUser } from '../services/accounts/account.service.js';
import type { InvitationView, MemberProject, ProjectMember } from '../services/projects/project.service.js';
import type { IssuedSession, SessionView } from '../services/sessions/session.service.js';
import type { TaskChange } from '../services/task-changes/task-change.service.js';
import type { Task } from '../services/tasks/task.service.js';

/** The legacy wire format: snake_case fields, times as `YYYY-MM-DDTHH:MM:SSZ`. */

// Maps, not objects: a client's `__proto__` or `constructor` must not look up Object's own.
// REST name → service name, for the fields whose names differ.
const TO_SERVICE_FIELD = new Map([
  ['due_date', 'dueDate'],
  ['new_password', 'newPassword'],
  ['current_password', 'currentPassword'],
  ['refresh_token', 'refreshToken'],
  ['created_at', 'createdAt'],
  ['updated_at', 'updatedAt'],
  ['project_id', 'projectId'],
  ['assignee_id', 'assigneeId'],
  ['user_id', 'userId'],
]);
// Service name (as in validation `details`) → REST name.
const TO_REST_FIELD = new Map([
  ['dueDate', 'due_date'],
  ['newPassword', 'new_password'],
  ['currentPassword', 'current_password'],
  ['refreshToken', 'refresh_token'],
  ['idempotencyKey', 'Idempotency-Key'],
  ['createdAt', 'created_at'],
  ['updatedAt', 'updated_at'],
  ['filter.createdAfter', 'after'],
  ['filter.createdBefore', 'before'],
  ['filter.completion', 'completion'],
  ['filter.title', 'title'],
  ['filter.priority', 'priority'],
  ['filter.dueAfter', 'due_after'],
  ['filter.dueBefore', 'due_before'],
  ['filter.overdue', 'overdue'],
  ['filter.hasDueDate', 'has_due_date'],
  ['filter.updatedAfter', 'updated_after'],
  ['filter.assigneeId', 'assignee_id'],
  ['filter.search', 'q'],
  ['orderBy', 'sort'],
  ['orderBy.field', 'sort'],
  ['orderBy.direction', 'sort'],
  ['projectId', 'project_id'],
  ['assigneeId', 'assignee_id'],
  ['userId', 'user_id'],
]);

/**
 * Answers with a JSON body: what `res.json` sends, without its work per answer (looking the
 * content type up and parsing it back for its charset, copying the body into a buffer to
 * measure it). A HEAD gets the same headers, and Node leaves its body out.
 */
export function sendJson(res: Response, body: unknown, status = 200): void {
  const json = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}

// A list's item (`filter.priority.1`) is named as its list.
export const restFieldName = (serviceField: string): string =>
  TO_REST_FIELD.get(serviceField) ?? TO_REST_FIELD.get(serviceField.replace(/\.\d+$/, '')) ?? serviceField;

/**
 * The JSON object a route was sent, with REST field names turned into the services'.
 * Anything but a JSON object is refused here, so services always see an object.
 */
export function jsonBody(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('BAD_REQUEST', {
      message: 'Request body must be a JSON object',
      reason: req.is('application/json') ? 'body is not a JSON object' : 'Content-Type must be application/json',
    });
  }
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [TO_SERVICE_FIELD.get(key) ?? key, value]));
}

// Whole seconds, as the old service sent them: legacy parsers may use a fixed format.
// toISOString always ends in `.sssZ`.
const utc = (date: Date): string => `${date.toISOString().slice(0, -5)}Z`;

export function presentTask(task: Task) {
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    completion: task.completion,
    priority: task.priority,
    due_date: task.due_date ? utc(task.due_date) : null,
    created_at: utc(task.created_at),
    updated_at: utc(task.updated_at),
    // Also in the ETag header; in the body too, for clients that keep tasks without headers.
    version: task.version,
    // Only a project's task says so: a personal one answers exactly as the legacy contract has it.
    ...(task.project_id === null ? {} : { project_id: task.project_id, assignee_id: task.assignee_id }),
  };
}

export function presentProject(project: MemberProject) {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    role: project.role,
    task_count: project.task_count,
    version: project.version,
    created_at: utc(project.created_at),
    updated_at: utc(project.updated_at),
  };
}

export function presentMember(member: ProjectMember) {
  return { user_id: member.user_id, username: member.username, role: member.role, joined_at: utc(member.joined_at) };
}

export function presentInvitation(invitation: InvitationView) {
  return {
    id: invitation.id,
    project_id: invitation.project_id,
    email: invitation.email,
    role: invitation.role,
    created_at: utc(invitation.created_at),
    expires_at: utc(invitation.expires_at),
  };
}

/** A change of the feed: a tombstone's `task` is null (and so is that of a task deleted since). */
export function presentTaskChange(change: TaskChange) {
  return {
    cursor: change.cursor,
    kind: change.kind,
    task_id: change.taskId,
    project_id: change.projectId,
    version: change.version,
    changed_at: utc(change.changedAt),
    task: change.task ? presentTask(change.task) : null,
  };
}

/** Errors in REST's names; a conflict's current task (the only kind there is) in its wire format. */
export const REST_ERROR_FORM: EnvelopeForm = { mapKey: restFieldName, presentCurrent: (task) => presentTask(task as Task) };

export function presentUser(user: PublicUser) {
  return { id: user.id, username: user.username, email: user.email, created_at: utc(user.created_at) };
}

/** A login's or refresh's answer; `token` and its siblings are what legacy callers read. */
export function presentIssuedSession(issued: IssuedSession & { deviceToken?: string }, refreshTokenInCookie: boolean) {
  return {
    token: issued.accessToken,
    token_type: 'Bearer',
    expires_in: issued.accessExpiresIn,
    ...(refreshTokenInCookie ? {} : { refresh_token: issued.refreshToken }),
    refresh_token_expires_at: utc(issued.refreshExpiresAt),
    session_id: issued.sessionId,
    ...(issued.deviceToken ? { device_token: issued.deviceToken } : {}),
  };
}

export function presentSession(session: SessionView) {
  return {
    id: session.id,
    created_at: utc(session.createdAt),
    last_used_at: utc(session.lastUsedAt),
    expires_at: utc(session.expiresAt),
    user_agent: session.userAgent,
    ip: session.ip,
    current: session.current,
  };
}
