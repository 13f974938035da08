import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket } from './helpers/socket-client.js';
import { GENEROUS_LIMITS } from './helpers/generous-limits.js';
import { ManualClock } from './helpers/manual-clock.js';
import { outboxFor } from './helpers/outbox.js';
import { createProject, invitationTokenFor, invitationTokensOf } from './helpers/projects.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

/**
 * Invitations: mailed, single use, for the account of the email they were sent to, until they
 * expire or are revoked; and an invitation to an email no account has is answered as one to
 * an email an account has.
 */
let t: TestApp;
const clock = new ManualClock();
let owner: TestUser;
let projectId: number;

beforeAll(async () => {
  t = await startTestApp({ ...GENEROUS_LIMITS, INVITATION_TTL: '1h' }, { clock });
  owner = await createUser(t, 'owner');
  projectId = await createProject(t, owner);
});
afterAll(() => t?.close());

const invite = (email: string, role = 'editor') => t.request('POST', `/api/projects/${projectId}/invitations`, { token: owner.token, body: { email, role } });
const accept = (user: TestUser, token: string) => t.request('POST', '/api/projects/invitations/accept', { token: user.token, body: { token } });

/** Invites `user` and waits for the mail; the token in it. */
async function invited(user: TestUser, role = 'editor'): Promise<string> {
  const before = (await invitationTokensOf(t, user.email)).length;
  expect((await invite(user.email, role)).status).toBe(201);
  return invitationTokenFor(t, user.email, before + 1);
}

describe('project invitations', () => {
  it('are mailed, stored only as a hash, and make the one who accepts a member with their role', async () => {
    const guest = await createUser(t, 'guest');
    const token = await invited(guest, 'viewer');
    const stored = await t.app.db.selectFrom('project_invitations').select('token_hash').where('project_id', '=', projectId).execute();
    expect(stored.every((row) => !row.token_hash.toString('utf8').includes(token) && row.token_hash.length === 32)).toBe(true);
    const accepted = await accept(guest, token);
    expect(accepted.status).toBe(200);
    expect(accepted.body.project).toMatchObject({ id: projectId, role: 'viewer' });
    const members = await t.request('GET', `/api/projects/${projectId}/members`, { token: guest.token });
    expect(members.body.data.map((m: { username: string; role: string }) => [m.username, m.role])).toContainEqual([guest.username, 'viewer']);
  });

  it('can be used once', async () => {
    const guest = await createUser(t, 'once');
    const token = await invited(guest);
    expect((await accept(guest, token)).status).toBe(200);
    const again = await accept(guest, token);
    expect(again.status).toBe(404);
    expect(again.body.errors.reason).toBe('invitation not valid');
  });

  it('are accepted only by the account of the email they were sent to', async () => {
    const guest = await createUser(t, 'meant');
    const other = await createUser(t, 'other');
    const token = await invited(guest);
    const wrong = await accept(other, token);
    expect(wrong.status).toBe(403);
    expect(wrong.body.errors.reason).toBe('invitation for another account');
    // Not used up by the wrong account: the right one still gets in.
    expect((await accept(guest, token)).status).toBe(200);
    expect((await t.request('GET', `/api/projects/${projectId}`, { token: other.token })).status).toBe(404);
  });

  it('can be revoked by an owner until accepted, and are listed for owners only', async () => {
    const guest = await createUser(t, 'revoked');
    const token = await invited(guest);
    const pending = await t.request('GET', `/api/projects/${projectId}/invitations`, { token: owner.token });
    const invitation = pending.body.data.find((i: { email: string }) => i.email === guest.email);
    expect(invitation).toBeDefined();
    expect(JSON.stringify(pending.body)).not.toContain(token);
    expect((await t.request('DELETE', `/api/projects/${projectId}/invitations/${invitation.id}`, { token: owner.token })).status).toBe(200);
    expect((await accept(guest, token)).status).toBe(404);
    // Revoked is revoked: not again, and not listed.
    expect((await t.request('DELETE', `/api/projects/${projectId}/invitations/${invitation.id}`, { token: owner.token })).status).toBe(404);
    const after = await t.request('GET', `/api/projects/${projectId}/invitations`, { token: owner.token });
    expect(after.body.data.map((i: { id: string }) => i.id)).not.toContain(invitation.id);
  });

  it('answer an email no account has exactly as one an account has, and mail both', async () => {
    const someone = await createUser(t, 'someone');
    const known = await invite(someone.email);
    const unknown = await invite('nobody-has-this@example.com');
    expect(unknown.status).toBe(known.status);
    const shape = (body: { message: string; invitation: Record<string, unknown> }) => ({ message: body.message, keys: Object.keys(body.invitation).sort() });
    expect(shape(unknown.body)).toEqual(shape(known.body));
    expect(unknown.body.invitation).toMatchObject({ email: 'nobody-has-this@example.com', role: 'editor', project_id: projectId });
    await invitationTokenFor(t, 'nobody-has-this@example.com');
    // Whoever later signs up with that email can accept it.
    const mails = await outboxFor(t, 'nobody-has-this@example.com');
    expect(mails.length).toBe(1);
  });

  it('are sent by owners only, and budgeted per inviter (RATE_LIMIT_INVITATIONS) at every door', async () => {
    const small = await startTestApp({ ...GENEROUS_LIMITS, RATE_LIMIT_INVITATIONS: '3/1h' });
    const lead = await createUser(small, 'lead');
    const socket = connectSocket(small, lead.token);
    try {
      const project = await createProject(small, lead);
      const send = (i: number) =>
        small.request('POST', `/api/projects/${project}/invitations`, { token: lead.token, body: { email: `friend-${i}@example.com`, role: 'viewer' } });
      const INVITE = 'mutation ($p: ID!, $e: String!) { inviteToProject(projectId: $p, email: $e, role: VIEWER) { id } }';
      const overHttp = (i: number) => small.graphql(INVITE, { p: project, e: `friend-${i}@example.com` }, lead.token);
      const overSocket = (i: number) => socket.run({ query: INVITE, variables: { p: project, e: `friend-${i}@example.com` } });
      // One of the budget spent at each door, then each door refuses.
      expect((await send(1)).status).toBe(201);
      expect((await overHttp(2)).errors).toBeUndefined();
      expect((await overSocket(3)).errors).toBeUndefined();
      expect((await send(4)).status).toBe(429);
      expect((await overHttp(5)).errors?.[0]?.extensions.code).toBe('TOO_MANY_REQUESTS');
      expect((await overSocket(6)).errors?.[0]?.extensions.code).toBe('TOO_MANY_REQUESTS');
      expect((await invitationTokensOf(small, 'friend-6@example.com')).length).toBe(0);
    } finally {
      await socket.dispose();
      await small.close();
    }
  });

  it('over GraphQL: invite, accept, and the same refusals', async () => {
    const guest = await createUser(t, 'gql');
    const before = (await invitationTokensOf(t, guest.email)).length;
    const sent = await t.graphql(
      'mutation ($p: ID!, $e: String!) { inviteToProject(projectId: $p, email: $e, role: EDITOR) { id email role } }',
      { p: projectId, e: guest.email },
      owner.token,
    );
    expect(sent.data?.inviteToProject).toMatchObject({ email: guest.email, role: 'EDITOR' });
    const token = await invitationTokenFor(t, guest.email, before + 1);
    const ACCEPT = 'mutation ($token: String!) { acceptInvitation(token: $token) { id role } }';
    const joined = await t.graphql(ACCEPT, { token }, guest.token);
    expect(joined.data?.acceptInvitation).toEqual({ id: String(projectId), role: 'EDITOR' });
    const again = await t.graphql(ACCEPT, { token }, guest.token);
    expect(again.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const junk = await t.graphql(ACCEPT, { token: 'not a token' }, guest.token);
    expect(junk.errors?.[0]?.extensions.code).toBe('BAD_REQUEST');
  });
  // Last: moving the clock on ends every access token of the file's users.
  it('expire', async () => {
    const guest = await createUser(t, 'late');
    const token = await invited(guest);
    clock.advance(3601);
    const login = await t.request('POST', '/api/auth/login', { body: { username: guest.username, password: guest.password } });
    const late = await accept({ ...guest, token: login.body.token }, token);
    expect(late.status).toBe(404);
    expect(late.body.errors.reason).toBe('invitation not valid');
  });
});
