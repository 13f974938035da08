import type { Router } from 'express';
import type { AccessTokens } from '../../services/auth/access-tokens.js';
import type { ProjectService } from '../../services/projects/project.service.js';
import { authenticate, callerOf } from '../authenticate.js';
import { at } from '../rest-paths.js';
import { parsePageQuery, parsePathId } from '../tasks/task-query.js';
import { jsonBody, presentInvitation, presentMember, presentProject, sendJson } from '../wire-format.js';

export interface ProjectRouteServices {
  projects: ProjectService;
  tokens: AccessTokens;
}

/** The project routes, under `/projects`: each for a logged-in caller only. Tasks of a project are under `/tasks?project_id=`. */
export function projectRoutes(router: Router, { projects, tokens }: ProjectRouteServices): void {
  const loggedIn = authenticate(tokens);
  const projectId = (text: unknown) => parsePathId(text, 'Project');

  router.get(at('/projects'), loggedIn, async (req, res) => {
    const page = await projects.list(callerOf(res), parsePageQuery(req));
    sendJson(res, {
      data: page.projects.map(presentProject),
      pagination: { next_cursor: page.hasMore ? page.endCursor : null, has_more: page.hasMore, total_returned: page.projects.length },
    });
  });

  router.post(at('/projects'), loggedIn, async (req, res) => {
    const project = await projects.create(callerOf(res), jsonBody(req));
    sendJson(res, { message: 'Project created', project: presentProject(project) }, 201);
  });

  // Before `/:id`, which would take `invitations` for an id.
  router.post(at('/projects/invitations/accept'), loggedIn, async (req, res) => {
    const project = await projects.accept(callerOf(res), jsonBody(req));
    sendJson(res, { message: 'Invitation accepted', project: presentProject(project) });
  });

  router.get(at('/projects/:id'), loggedIn, async (req, res) => {
    sendJson(res, presentProject(await projects.get(callerOf(res), projectId(req.params.id))));
  });

  router.put(at('/projects/:id'), loggedIn, async (req, res) => {
    const project = await projects.update(callerOf(res), projectId(req.params.id), jsonBody(req));
    sendJson(res, { message: 'Project updated', project: presentProject(project) });
  });

  router.delete(at('/projects/:id'), loggedIn, async (req, res) => {
    const id = projectId(req.params.id);
    await projects.delete(callerOf(res), id);
    sendJson(res, { message: `Project with id ${id} deleted` });
  });

  router.get(at('/projects/:id/members'), loggedIn, async (req, res) => {
    sendJson(res, { data: (await projects.members(callerOf(res), projectId(req.params.id))).map(presentMember) });
  });

  router.put(at('/projects/:id/members/:userId'), loggedIn, async (req, res) => {
    const member = await projects.setRole(callerOf(res), projectId(req.params.id), { ...jsonBody(req), userId: parsePathId(req.params.userId, 'User') });
    sendJson(res, { message: 'Role changed', member: presentMember(member) });
  });

  router.delete(at('/projects/:id/members/:userId'), loggedIn, async (req, res) => {
    await projects.removeMember(callerOf(res), projectId(req.params.id), { userId: parsePathId(req.params.userId, 'User') });
    sendJson(res, { message: 'Member removed' });
  });

  router.post(at('/projects/:id/leave'), loggedIn, async (req, res) => {
    await projects.leave(callerOf(res), projectId(req.params.id));
    sendJson(res, { message: 'You left the project' });
  });

  router.get(at('/projects/:id/invitations'), loggedIn, async (req, res) => {
    sendJson(res, { data: (await projects.invitations(callerOf(res), projectId(req.params.id))).map(presentInvitation) });
  });

  router.post(at('/projects/:id/invitations'), loggedIn, async (req, res) => {
    const invitation = await projects.invite(callerOf(res), projectId(req.params.id), jsonBody(req));
    sendJson(res, { message: 'Invitation sent', invitation: presentInvitation(invitation) }, 201);
  });

  router.delete(at('/projects/:id/invitations/:invitationId'), loggedIn, async (req, res) => {
    await projects.revokeInvitation(callerOf(res), projectId(req.params.id), { invitationId: req.params.invitationId });
    sendJson(res, { message: 'Invitation revoked' });
  });
}
