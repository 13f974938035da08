import { REFRESH_TOKEN_PATTERN } from '../../services/auth/refresh-tokens.js';
import { DEVICE_TOKEN_MAX_LENGTH } from '../../services/accounts/account.validation.js';
import { EMAIL_MAX_LENGTH, USERNAME_CHARACTERS, USERNAME_LENGTH } from '../../services/input-rules.js';
import { AUTHENTICATED_ERRORS, bearer, body, COMMON_ERRORS, dateTime, errorResponse, json, messageBody, PUBLIC, ref } from '../openapi-parts.js';

/** The OpenAPI description of the account and session routes (auth.routes.ts). */

const REFRESH_COOKIE_MODE = {
  name: 'X-Refresh-Cookie',
  in: 'header',
  schema: { const: '1' },
  description:
    'Browsers: keep the refresh token in an HttpOnly, Secure, SameSite=Strict cookie scoped to /api/auth instead of the body. ' +
    'A refresh in this mode reads the cookie (send the header again) and sets its successor.',
};
const REFRESH_COOKIE_SET = {
  'Set-Cookie': { schema: { type: 'string' }, description: 'In cookie mode: `refresh_token=…; Path=/api/auth; HttpOnly; Secure; SameSite=Strict`' },
};
const refreshToken = { type: 'string', pattern: REFRESH_TOKEN_PATTERN.source, description: 'Opaque; single use' };
const endedSessions = { ended_sessions: { type: 'integer', minimum: 0 } };

export const AUTH_SCHEMAS = {
  User: {
    type: 'object',
    required: ['id', 'username', 'email', 'created_at'],
    properties: { id: { type: 'integer' }, username: { type: 'string' }, email: { type: 'string', format: 'email' }, created_at: dateTime },
    additionalProperties: false,
  },
  SessionTokens: {
    type: 'object',
    required: ['token', 'token_type', 'expires_in', 'refresh_token_expires_at', 'session_id'],
    properties: {
      token: { type: 'string', description: 'The access token (JWT)' },
      token_type: { const: 'Bearer' },
      expires_in: { type: 'integer', description: 'Seconds until the access token expires' },
      refresh_token: { ...refreshToken, description: 'Absent in cookie mode. Single use: refresh returns its successor' },
      refresh_token_expires_at: { ...dateTime, description: "Unless used; each refresh slides it, up to the session's cap" },
      session_id: { type: 'string', format: 'uuid' },
      device_token: {
        type: 'string',
        description:
          'From login only: keep it on this device and send it as `device_token` at its next login; failed logins from a known device count against that device, not against the name',
      },
    },
    additionalProperties: false,
  },
  Session: {
    type: 'object',
    required: ['id', 'created_at', 'last_used_at', 'expires_at', 'user_agent', 'ip', 'current'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      created_at: dateTime,
      last_used_at: { ...dateTime, description: 'The last refresh (or the login)' },
      expires_at: { ...dateTime, description: 'The cap however often it is refreshed' },
      user_agent: { type: ['string', 'null'] },
      ip: { type: 'string' },
      current: { type: 'boolean', description: 'The session of the token that asked' },
    },
    additionalProperties: false,
  },
};

export const AUTH_PATHS = {
  '/auth/signup': {
    post: {
      summary: 'Create an account',
      operationId: 'signup',
      tags: ['auth'],
      security: PUBLIC,
      requestBody: body({
        type: 'object',
        required: ['username', 'email', 'password'],
        properties: {
          username: { type: 'string', pattern: `^[${USERNAME_CHARACTERS}]{${USERNAME_LENGTH.min},${USERNAME_LENGTH.max}}$` },
          email: { type: 'string', format: 'email', maxLength: EMAIL_MAX_LENGTH },
          password: { type: 'string', description: '8–72 bytes of UTF-8; not a common password' },
        },
      }),
      responses: {
        '201': { description: 'Created', content: json(messageBody({ user: ref('User') }, ['user'])) },
        '409': errorResponse('Username or email taken'),
        ...COMMON_ERRORS,
      },
    },
  },
  '/auth/login': {
    post: {
      summary: 'Start a session: an access token and a refresh token',
      operationId: 'login',
      tags: ['auth'],
      security: PUBLIC,
      parameters: [REFRESH_COOKIE_MODE],
      requestBody: body({
        type: 'object',
        required: ['password'],
        description: 'Exactly one of username and email',
        properties: {
          username: { type: 'string', maxLength: EMAIL_MAX_LENGTH },
          email: { type: 'string', maxLength: EMAIL_MAX_LENGTH },
          password: { type: 'string', description: 'At most 72 bytes of UTF-8' },
          device_token: { type: 'string', maxLength: DEVICE_TOKEN_MAX_LENGTH, description: 'The `device_token` an earlier login on this device returned' },
        },
      }),
      responses: {
        '200': {
          description: 'Logged in',
          headers: REFRESH_COOKIE_SET,
          content: json(ref('SessionTokens')),
        },
        '401': errorResponse('Invalid credentials (unknown user and wrong password alike)'),
        ...COMMON_ERRORS,
      },
    },
  },
  '/auth/refresh': {
    post: {
      summary: 'Trade a refresh token for a new pair (rotation)',
      operationId: 'refreshSession',
      tags: ['auth'],
      security: PUBLIC,
      description:
        'The token given dies. Presenting it again ends the whole session (theft is assumed), unless within the reuse grace ' +
        '(10 s by default) while its successor is unused: then that same successor comes back, for a client that lost the answer.',
      parameters: [REFRESH_COOKIE_MODE],
      requestBody: {
        required: false,
        description: 'Required unless in cookie mode',
        content: json({ type: 'object', required: ['refresh_token'], properties: { refresh_token: refreshToken } }),
      },
      responses: {
        '200': { description: 'Refreshed', headers: REFRESH_COOKIE_SET, content: json(ref('SessionTokens')) },
        '401': errorResponse('Unknown, reused or ended refresh token (`token invalid`), or expired (`token expired`)'),
        ...COMMON_ERRORS,
      },
    },
  },
  '/auth/logout': {
    post: {
      summary: 'End this session, or every session',
      operationId: 'logout',
      tags: ['auth'],
      security: bearer,
      requestBody: {
        required: false,
        content: json({ type: 'object', properties: { everywhere: { type: 'boolean', default: false, description: 'End all your sessions' } } }),
      },
      responses: {
        '200': { description: 'Logged out; clears the refresh cookie', content: json(messageBody(endedSessions, ['ended_sessions'])) },
        ...AUTHENTICATED_ERRORS,
      },
    },
  },
  '/auth/sessions': {
    get: {
      summary: 'Your sessions that can still be refreshed, most recently used first',
      operationId: 'listSessions',
      tags: ['auth'],
      security: bearer,
      responses: {
        '200': {
          description: 'Sessions',
          content: json({
            type: 'object',
            required: ['sessions'],
            properties: { sessions: { type: 'array', items: ref('Session') } },
            additionalProperties: false,
          }),
        },
        ...AUTHENTICATED_ERRORS,
      },
    },
  },
  '/auth/sessions/{id}': {
    delete: {
      summary: 'End one of your sessions',
      operationId: 'revokeSession',
      tags: ['auth'],
      security: bearer,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: {
        '200': { description: 'Revoked', content: json(messageBody({ session_id: { type: 'string', format: 'uuid' } }, ['session_id'])) },
        '404': errorResponse('Not one of your sessions'),
        ...AUTHENTICATED_ERRORS,
      },
    },
  },
  '/auth/change-password': {
    post: {
      summary: 'Change your password; ends every other session',
      operationId: 'changePassword',
      tags: ['auth'],
      security: bearer,
      description: 'A notice goes to your email. The session that asks stays.',
      requestBody: body({
        type: 'object',
        required: ['current_password', 'new_password'],
        properties: {
          current_password: { type: 'string' },
          new_password: { type: 'string', description: '8–72 bytes of UTF-8; not a common password; not the current one' },
        },
      }),
      responses: {
        '200': { description: 'Changed', content: json(messageBody(endedSessions, ['ended_sessions'])) },
        ...AUTHENTICATED_ERRORS,
        '403': errorResponse('Wrong current password (`reason` wrong password), or a banned address'),
      },
    },
  },
  '/auth/delete-account': {
    post: {
      summary: 'Delete your account, its tasks and sessions, for good',
      operationId: 'deleteAccount',
      tags: ['auth'],
      security: bearer,
      description: 'A notice goes to the former email. Every token of the account stops working at once.',
      requestBody: body({ type: 'object', required: ['password'], properties: { password: { type: 'string' } } }),
      responses: {
        '200': { description: 'Deleted; clears the refresh cookie', content: json(messageBody()) },
        ...AUTHENTICATED_ERRORS,
        '403': errorResponse('Wrong password (`reason` wrong password), or a banned address'),
      },
    },
  },
  '/auth/forget-password': {
    post: {
      summary: 'Email a 6-digit reset code (same answer for unknown emails)',
      operationId: 'forgetPassword',
      tags: ['auth'],
      security: PUBLIC,
      requestBody: body({ type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } }),
      responses: {
        '200': { description: 'Requested', content: json(messageBody({ 'otp-token': { type: 'string' } }, ['otp-token'])) },
        ...COMMON_ERRORS,
      },
    },
  },
  '/auth/verify-otp': {
    post: {
      summary: 'Trade the emailed code for a reset token',
      operationId: 'verifyOtp',
      tags: ['auth'],
      security: bearer,
      description: 'Bearer: the otp-token from forget-password.',
      requestBody: body({
        type: 'object',
        required: ['email', 'otp'],
        properties: { email: { type: 'string', format: 'email' }, otp: { type: 'string', pattern: '^[0-9]{6}$' } },
      }),
      responses: {
        '200': {
          description: 'Verified',
          content: json({ type: 'object', required: ['reset-token'], properties: { 'reset-token': { type: 'string' } }, additionalProperties: false }),
        },
        ...AUTHENTICATED_ERRORS,
        '401': errorResponse('Invalid OTP, or a token problem (`reason`)'),
        '403': errorResponse('The email is not the one the otp-token was issued for, or a banned address'),
      },
    },
  },
  '/auth/reset-password': {
    post: {
      summary: 'Set a new password; ends every session',
      operationId: 'resetPassword',
      tags: ['auth'],
      security: bearer,
      description: 'Bearer: the reset-token from verify-otp (10 minutes, single use).',
      requestBody: body({ type: 'object', required: ['new_password'], properties: { new_password: { type: 'string' } } }),
      responses: {
        '200': { description: 'Reset', content: json(messageBody()) },
        ...AUTHENTICATED_ERRORS,
      },
    },
  },
};
