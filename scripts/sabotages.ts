/**
 * The bugs `npm run test:mutation` plants, each a small change where a bug costs most, with
 * the tests that must catch it. `find` must occur exactly once in `file`.
 */
export interface Sabotage {
  name: string;
  file: string;
  find: string;
  replace: string;
  /** Test files to run. */
  tests: string[];
  /** A test name filter (vitest -t), to run only the tests that matter. */
  only?: string;
}

export const SABOTAGES: readonly Sabotage[] = [
  {
    name: 'the list also shows later-registered users’ tasks',
    file: 'src/db/repositories/task.repository.ts',
    find: 'eb.tuple(userId, MAX_ID)',
    replace: 'eb.tuple(MAX_ID, MAX_ID)',
    tests: ['tests/isolation.test.ts'],
  },
  {
    name: 'a task is read by id alone, whoever owns it',
    file: 'src/db/repositories/task.repository.ts',
    find: "db.selectFrom('tasks').select(TASK_COLUMNS).where('user_id', '=', userId).where('id', '=', id)",
    replace: "db.selectFrom('tasks').select(TASK_COLUMNS).where((eb) => eb.or([eb('user_id', '=', userId), eb('id', '=', id)])).where('id', '=', id)",
    tests: ['tests/isolation.test.ts'],
  },
  {
    name: 'a task is deleted by id alone, whoever owns it',
    file: 'src/db/repositories/task.repository.ts',
    find: "let query = db.deleteFrom('tasks').where('user_id', '=', userId).where('id', '=', id);",
    replace: "let query = db.deleteFrom('tasks').where('id', '=', id);",
    tests: ['tests/isolation.test.ts'],
  },
  {
    name: 'the quota is checked by a count that races',
    file: 'src/db/repositories/task.repository.ts',
    find: ".where('task_count', '<', quota)",
    replace: '.where(sql<boolean>`(SELECT count(*) FROM tasks WHERE user_id = ${task.user_id}) < ${quota}`)',
    tests: ['tests/rest-tasks.test.ts'],
    only: 'quota',
  },
  {
    name: 'every GraphQL updateTask fails',
    file: 'src/graphql/resolvers/task.resolver.ts',
    find: 'return inArgumentNames(() => this.taskService.update(caller, numericId(id), input, expectedVersions(expectedVersion)), underInput);',
    replace: 'return inArgumentNames(() => this.taskService.update(caller, -numericId(id), input, expectedVersions(expectedVersion)), underInput);',
    tests: ['tests/races.test.ts'],
  },
  {
    name: 'the default per-account login limit is 6, not 5',
    file: 'src/config/limit-rules.ts',
    find: "loginFailures: { variable: 'RATE_LIMIT_LOGIN_FAILURES', value: '5/15m' }",
    replace: "loginFailures: { variable: 'RATE_LIMIT_LOGIN_FAILURES', value: '6/15m' }",
    tests: ['tests/rate-limits.test.ts'],
    only: 'failed logins',
  },
  {
    name: 'unknown names skip bcrypt (a timing oracle)',
    file: 'src/services/accounts/account.service.ts',
    find: 'const valid = await this.deps.hasher.verify(password, user?.password_hash);',
    replace: 'const valid = user ? await this.deps.hasher.verify(password, user.password_hash) : false;',
    tests: ['tests/timing.test.ts'],
  },
  {
    name: 'wrong OTPs racing each other are not serialised',
    file: 'src/db/repositories/password-reset.repository.ts',
    find: ".where('id', '=', id).forUpdate().executeTakeFirst();",
    replace: ".where('id', '=', id).executeTakeFirst();",
    tests: ['tests/password-reset.test.ts'],
    only: 'race',
  },
  {
    name: 'an OTP token works with any email',
    file: 'src/services/password-reset/password-reset.service.ts',
    find: "if (typeof claims.eh !== 'string' || !sameSecret(claims.eh, this.emailTag(email))) {",
    replace: "if (typeof claims.eh !== 'string') {",
    tests: ['tests/password-reset.test.ts'],
  },
  {
    name: 'an access token outlives its session (the session is not checked)',
    file: 'src/services/auth/access-tokens.ts',
    find: "if ((await this.sessions.userOf(sessionId)) !== userId) throw tokenError('token invalid');",
    replace: 'await this.sessions.userOf(sessionId);',
    tests: ['tests/session-revocation.test.ts', 'tests/sessions.test.ts'],
  },
  {
    name: 'task reads spend no budget',
    file: 'src/services/tasks/task.service.ts',
    find: "await this.deps.guard.consume(caller.ip, ['taskReads', caller.userId]);",
    replace: 'await Promise.resolve();',
    tests: ['tests/rate-limits.test.ts'],
  },
  {
    name: 'failed logins are not counted per address',
    file: 'src/services/accounts/account.service.ts',
    find: "      ['loginFailuresPerIp', requester.ip],\n    );",
    replace: '    );',
    tests: ['tests/ip-bans.test.ts'],
  },
  {
    name: 'a failed login gives its reservation back (parallel guesses spend nothing)',
    file: 'src/services/accounts/account.service.ts',
    find: '    if (!user || !valid) {',
    replace: '    if (!user || !valid) {\n      await reservation.giveBack();',
    tests: ['tests/rate-limits.test.ts'],
    only: 'failed logins',
  },
  {
    name: 'OTP guesses spend the email’s budget, not the code request’s',
    file: 'src/services/password-reset/password-reset.service.ts',
    find: "await this.deps.guard.consume(requester.ip, ['otpAttempts', requestId]);",
    replace: "await this.deps.guard.consume(requester.ip, ['otpAttempts', email]);",
    tests: ['tests/password-reset.test.ts'],
    only: 'whatever someone else guessed',
  },
  {
    name: 'forgot-password writes the code before answering (a timing oracle)',
    file: 'src/services/password-reset/password-reset.service.ts',
    find: "if (user) this.deps.background.startAfterAnswer('storing a reset code', () => this.storeAndMailCode(user, requestId));",
    replace: 'if (user) await this.storeAndMailCode(user, requestId);',
    tests: ['tests/timing.test.ts'],
  },
  {
    name: 'IPv6 clients budgeted per address, not per /64',
    file: 'src/services/abuse/ip-address.ts',
    find: 'if (isIP(ip) === 4 || ipv6Prefix >= 128) return ip;',
    replace: 'if (isIP(ip) === 4 || ipv6Prefix >= 0) return ip;',
    tests: ['tests/rate-limits.test.ts'],
    only: 'forwarded',
  },
  {
    name: 'the change feed serves changes an older running transaction could still precede',
    file: 'src/db/repositories/task-change.repository.ts',
    find: 'const firstHeldBack = rows.findIndex((row) => row.held_back);',
    replace: 'const firstHeldBack = rows.findIndex(() => false);',
    tests: ['tests/task-changes.test.ts'],
    only: 'holds a change back',
  },
  {
    name: 'a subscriber whose next change is held back waits for another write',
    file: 'src/services/task-changes/task-change.service.ts',
    find: 'retryMs = heldBack ?',
    replace: 'retryMs = false ?',
    tests: ['tests/subscriptions.test.ts'],
    only: 'held back',
  },
  {
    name: 'the WebSocket checks only the request budget at subscribe, not bans',
    file: 'src/graphql/socket/socket-door.ts',
    find: 'await gate.admitCaller(connection.subject);\n          const admission',
    replace: "await services.guard.consume(connection.subject, ['requests', connection.subject]);\n          const admission",
    tests: ['tests/socket-limits.test.ts'],
    only: 'bans at every subscribe',
  },
  {
    name: 'the WebSocket checks only the request budget at connect, not bans',
    file: 'src/graphql/socket/socket-door.ts',
    find: 'await gate.admitCaller(connection.subject);\n        } catch',
    replace: "await services.guard.consume(connection.subject, ['requests', connection.subject]);\n        } catch",
    tests: ['tests/graphql-doors.test.ts'],
    only: 'banned',
  },
  {
    name: 'subscriptions are not held to the cost budget',
    file: 'src/graphql/operations/operation-gate.ts',
    find: 'this.cost(operation.document, operation.name, given);',
    replace: "if (operation.kind !== 'subscription') this.cost(operation.document, operation.name, given);",
    tests: ['tests/socket-limits.test.ts'],
    only: 'cost',
  },
  {
    name: 'subscribers of different users at the same cursor share one feed read',
    file: 'src/services/task-changes/task-change.service.ts',
    find: 'const key = `${userId}:${after.xid}',
    replace: 'const key = `${after.xid}',
    tests: ['tests/socket-limits.test.ts'],
    only: 'their own changes',
  },
  {
    name: 'the WebSocket runs any document when only trusted ones may run',
    file: 'src/graphql/operations/operation-gate.ts',
    find: 'if (this.trustedOnly) {\n        const persisted = this.persisted.byText(text);',
    replace: 'if (this.trustedOnly && !compileAlways) {\n        const persisted = this.persisted.byText(text);',
    tests: ['tests/graphql-doors.test.ts'],
    only: 'trusted',
  },
  {
    name: 'a WebSocket outlives its access token',
    file: 'src/graphql/socket/socket-door.ts',
    find: 'if (connection.session && now >= connection.session.expiresAt)',
    replace: 'if (connection.session && now < 0)',
    tests: ['tests/socket-limits.test.ts'],
    only: 'token expires',
  },
  {
    name: 'WebSocket connections are not capped per session',
    file: 'src/graphql/socket/socket-door.ts',
    find: '{ key: `session:${session.sessionId}`, max: limits.maxPerSession },',
    replace: '',
    tests: ['tests/socket-limits.test.ts'],
    only: 'per session',
  },
  {
    name: "a device token passes the name's budget for any account",
    file: 'src/services/accounts/account.service.ts',
    find: 'const known: KnownDevice | undefined = device && user?.id === device.userId ? device : undefined;',
    replace: 'const known: KnownDevice | undefined = device;',
    tests: ['tests/victim-lockout.test.ts'],
    only: 'device that logged in before',
  },
  {
    name: "a password reset leaves the guessers' failures on the name",
    file: 'src/services/password-reset/password-reset.service.ts',
    find: "map((name) => this.deps.guard.forgive(['loginFailuresPerName', name]))",
    replace: 'map(async () => {})',
    tests: ['tests/victim-lockout.test.ts'],
    only: 'after a password reset',
  },
];
