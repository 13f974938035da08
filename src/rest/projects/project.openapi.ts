import { PROJECT_DESCRIPTION_MAX_CHARS, NAME_MAX_CHARS, PROJECT_ROLES } from '../../services/projects/project.validation.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../services/page-size.js';
import { AUTHENTICATED_ERRORS, bearer, body, dateTime, errorResponse, json, messageBody, ref } from '../openapi-parts.js';

/** The OpenAPI description of the project routes (project.routes.ts). */

const idParameter = (name: string, what: string) => ({ name, in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, description: what });
const projectId = idParameter('id', "The project's id");
const role = { type: 'string', enum: [...PROJECT_ROLES] };
const NOT_FOUND = errorResponse('No such project of yours (a project you are not a member of looks the same)');
const OWNERS_ONLY = errorResponse("Only a project's owners can do this; or a limit (projects, members, invitations) is reached");
const LAST_OWNER = errorResponse('The project would be left without an owner (reason `last owner`)');
const tags = ['projects'];

export const PROJECT_SCHEMAS = {
  Project: {
    type: 'object',
    required: ['id', 'name', 'description', 'role', 'task_count', 'version', 'created_at', 'updated_at'],
    additionalProperties: false,
    properties: {
      id: { type: 'integer' },
      name: { type: 'string', minLength: 1, maxLength: NAME_MAX_CHARS },
      description: { type: 'string', maxLength: PROJECT_DESCRIPTION_MAX_CHARS },
      role: { ...role, description: 'Your role in it' },
      task_count: { type: 'integer', minimum: 0 },
      version: { type: 'integer', minimum: 1 },
      created_at: dateTime,
      updated_at: dateTime,
    },
  },
  ProjectMember: {
    type: 'object',
    required: ['user_id', 'username', 'role', 'joined_at'],
    additionalProperties: false,
    properties: { user_id: { type: 'integer' }, username: { type: 'string' }, role, joined_at: dateTime },
  },
  ProjectInvitation: {
    type: 'object',
    required: ['id', 'project_id', 'email', 'role', 'created_at', 'expires_at'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', format: 'uuid' },
      project_id: { type: 'integer' },
      email: { type: 'string' },
      role,
      created_at: dateTime,
      expires_at: dateTime,
    },
  },
};

const projectFields = {
  name: { type: 'string', minLength: 1, maxLength: NAME_MAX_CHARS, description: 'Trimmed' },
  description: { type: 'string', maxLength: PROJECT_DESCRIPTION_MAX_CHARS },
};

export const PROJECT_PATHS = {
  '/projects': {
    get: {
      summary: 'List the projects you are a member of (keyset pages in id order)',
      operationId: 'listProjects',
      tags,
      security: bearer,
      parameters: [
        { name: 'cursor', in: 'query', schema: { type: 'string' }, description: '`next_cursor` of the previous page' },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } },
      ],
      responses: {
        '200': {
          description: 'A page (possibly empty)',
          content: json({
            type: 'object',
            required: ['data', 'pagination'],
            additionalProperties: false,
            properties: {
              data: { type: 'array', items: ref('Project') },
              pagination: {
                type: 'object',
                required: ['next_cursor', 'has_more', 'total_returned'],
                additionalProperties: false,
                properties: { next_cursor: { type: ['string', 'null'] }, has_more: { type: 'boolean' }, total_returned: { type: 'integer' } },
              },
            },
          }),
        },
        ...AUTHENTICATED_ERRORS,
      },
    },
    post: {
      summary: 'Create a project; you are its owner',
      operationId: 'createProject',
      tags,
      security: bearer,
      requestBody: body({ type: 'object', required: ['name'], properties: projectFields, additionalProperties: false }),
      responses: {
        '201': { description: 'Created', content: json(messageBody({ project: ref('Project') }, ['project'])) },
        ...AUTHENTICATED_ERRORS,
        '403': OWNERS_ONLY,
      },
    },
  },
  '/projects/invitations/accept': {
    post: {
      summary: 'Accept an invitation with the token from its email',
      operationId: 'acceptInvitation',
      tags,
      security: bearer,
      description: 'Only the account with the email it was sent to, once, before it expires or is revoked.',
      requestBody: body({ type: 'object', required: ['token'], properties: { token: { type: 'string' } }, additionalProperties: false }),
      responses: {
        '200': { description: 'You are a member', content: json(messageBody({ project: ref('Project') }, ['project'])) },
        ...AUTHENTICATED_ERRORS,
        '403': errorResponse('The invitation was sent to another email, or the project is full'),
        '404': errorResponse('The invitation was used, revoked, has expired or does not exist'),
      },
    },
  },
  '/projects/{id}': {
    parameters: [projectId],
    get: {
      summary: 'One of your projects',
      operationId: 'getProject',
      tags,
      security: bearer,
      responses: { '200': { description: 'The project', content: json(ref('Project')) }, '404': NOT_FOUND, ...AUTHENTICATED_ERRORS },
    },
    put: {
      summary: "Change a project's name or description (owners)",
      operationId: 'updateProject',
      tags,
      security: bearer,
      requestBody: body({
        type: 'object',
        minProperties: 1,
        properties: { ...projectFields, version: { type: 'integer', minimum: 1, description: 'Change it only while it is at this version, else 412' } },
        additionalProperties: false,
      }),
      responses: {
        '200': { description: 'Updated', content: json(messageBody({ project: ref('Project') }, ['project'])) },
        '404': NOT_FOUND,
        '412': errorResponse('The project is at another version'),
        ...AUTHENTICATED_ERRORS,
        '403': OWNERS_ONLY,
      },
    },
    delete: {
      summary: 'Delete a project and all its tasks (owners)',
      operationId: 'deleteProject',
      tags,
      security: bearer,
      responses: { '200': { description: 'Deleted', content: json(messageBody()) }, '404': NOT_FOUND, ...AUTHENTICATED_ERRORS, '403': OWNERS_ONLY },
    },
  },
  '/projects/{id}/members': {
    parameters: [projectId],
    get: {
      summary: "A project's members, in the order they joined",
      operationId: 'listProjectMembers',
      tags,
      security: bearer,
      responses: {
        '200': {
          description: 'The members',
          content: json({
            type: 'object',
            required: ['data'],
            additionalProperties: false,
            properties: { data: { type: 'array', items: ref('ProjectMember') } },
          }),
        },
        '404': NOT_FOUND,
        ...AUTHENTICATED_ERRORS,
      },
    },
  },
  '/projects/{id}/members/{userId}': {
    parameters: [projectId, idParameter('userId', "The member's user id")],
    put: {
      summary: "Change a member's role (owners)",
      operationId: 'setMemberRole',
      tags,
      security: bearer,
      requestBody: body({ type: 'object', required: ['role'], properties: { role }, additionalProperties: false }),
      responses: {
        '200': { description: 'Changed', content: json(messageBody({ member: ref('ProjectMember') }, ['member'])) },
        '404': errorResponse('No such project of yours, or no such member'),
        '409': LAST_OWNER,
        ...AUTHENTICATED_ERRORS,
        '403': OWNERS_ONLY,
      },
    },
    delete: {
      summary: 'Remove a member (owners); their feed says they left',
      operationId: 'removeMember',
      tags,
      security: bearer,
      responses: {
        '200': { description: 'Removed', content: json(messageBody()) },
        '404': errorResponse('No such project of yours, or no such member'),
        '409': LAST_OWNER,
        ...AUTHENTICATED_ERRORS,
        '403': OWNERS_ONLY,
      },
    },
  },
  '/projects/{id}/leave': {
    parameters: [projectId],
    post: {
      summary: 'Leave a project',
      operationId: 'leaveProject',
      tags,
      security: bearer,
      responses: { '200': { description: 'Left', content: json(messageBody()) }, '404': NOT_FOUND, '409': LAST_OWNER, ...AUTHENTICATED_ERRORS },
    },
  },
  '/projects/{id}/invitations': {
    parameters: [projectId],
    get: {
      summary: 'Invitations waiting to be accepted (owners)',
      operationId: 'listInvitations',
      tags,
      security: bearer,
      responses: {
        '200': {
          description: 'Newest first',
          content: json({
            type: 'object',
            required: ['data'],
            additionalProperties: false,
            properties: { data: { type: 'array', items: ref('ProjectInvitation') } },
          }),
        },
        '404': NOT_FOUND,
        ...AUTHENTICATED_ERRORS,
        '403': OWNERS_ONLY,
      },
    },
    post: {
      summary: 'Email an invitation to join (owners)',
      operationId: 'inviteToProject',
      tags,
      security: bearer,
      description: 'The answer is the same whether or not an account has that email; only the account with it can accept.',
      requestBody: body({
        type: 'object',
        required: ['email', 'role'],
        properties: { email: { type: 'string', format: 'email' }, role },
        additionalProperties: false,
      }),
      responses: {
        '201': { description: 'Sent', content: json(messageBody({ invitation: ref('ProjectInvitation') }, ['invitation'])) },
        '404': NOT_FOUND,
        ...AUTHENTICATED_ERRORS,
        '403': OWNERS_ONLY,
      },
    },
  },
  '/projects/{id}/invitations/{invitationId}': {
    parameters: [projectId, { name: 'invitationId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
    delete: {
      summary: 'Revoke an invitation not yet accepted (owners)',
      operationId: 'revokeInvitation',
      tags,
      security: bearer,
      responses: {
        '200': { description: 'Revoked', content: json(messageBody()) },
        '404': errorResponse('No such project of yours, or no such invitation waiting'),
        ...AUTHENTICATED_ERRORS,
        '403': OWNERS_ONLY,
      },
    },
  },
};
