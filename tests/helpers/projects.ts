import { eventually } from './eventually.js';
import { outboxFor } from './outbox.js';
import type { TestApp } from './test-app.js';
import type { TestUser } from './users.js';

/** The invitation tokens mailed to `email` so far, oldest first. */
export async function invitationTokensOf(t: TestApp, email: string): Promise<string[]> {
  const mails = await outboxFor(t, email);
  return mails
    .flatMap((mail) => [...mail.matchAll(/invitation token is: ([A-Za-z0-9_-]{43})/g)].map((match) => match[1]!))
    .filter((token, i, all) => all.indexOf(token) === i);
}

/** The `count`th invitation token mailed to `email` (mail goes out after the answer: waits for it). */
export async function invitationTokenFor(t: TestApp, email: string, count = 1): Promise<string> {
  await eventually(async () => (await invitationTokensOf(t, email)).length >= count);
  return (await invitationTokensOf(t, email))[count - 1]!;
}

/** Creates a project owned by `owner` (REST); its id. */
export async function createProject(t: TestApp, owner: TestUser, name = 'Shared'): Promise<number> {
  const created = await t.request('POST', '/api/projects', { token: owner.token, body: { name, description: 'for the team' } });
  if (created.status !== 201) throw new Error(`create project: ${JSON.stringify(created.body)}`);
  return created.body.project.id;
}

/** Invites `member` with `role` and has them accept (REST), as the walkthrough does. */
export async function addMember(t: TestApp, owner: TestUser, projectId: number, member: TestUser, role: 'owner' | 'editor' | 'viewer'): Promise<void> {
  const before = (await invitationTokensOf(t, member.email)).length;
  const invited = await t.request('POST', `/api/projects/${projectId}/invitations`, { token: owner.token, body: { email: member.email, role } });
  if (invited.status !== 201) throw new Error(`invite: ${JSON.stringify(invited.body)}`);
  const accepted = await t.request('POST', '/api/projects/invitations/accept', {
    token: member.token,
    body: { token: await invitationTokenFor(t, member.email, before + 1) },
  });
  if (accepted.status !== 200) throw new Error(`accept: ${JSON.stringify(accepted.body)}`);
}
