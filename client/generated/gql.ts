/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation AcceptInvitation($token: String!) {\n  acceptInvitation(token: $token) {\n    ...ProjectFields\n  }\n}": typeof types.AcceptInvitationDocument,
    "mutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input) {\n    endedSessions\n  }\n}": typeof types.ChangePasswordDocument,
    "mutation CreateProject($input: CreateProjectInput!) {\n  createProject(input: $input) {\n    ...ProjectFields\n  }\n}": typeof types.CreateProjectDocument,
    "mutation CreateTask($input: CreateTaskInput!) {\n  createTask(input: $input) {\n    ...TaskFields\n  }\n}": typeof types.CreateTaskDocument,
    "mutation DeleteAccount($input: DeleteAccountInput!) {\n  deleteAccount(input: $input) {\n    deletedUserId\n  }\n}": typeof types.DeleteAccountDocument,
    "mutation DeleteAllTasks {\n  deleteAllTasks {\n    deletedCount\n    deletedTaskIds\n  }\n}": typeof types.DeleteAllTasksDocument,
    "mutation DeleteProject($id: ID!) {\n  deleteProject(id: $id)\n}": typeof types.DeleteProjectDocument,
    "mutation DeleteTask($id: ID!, $expectedVersion: Int) {\n  deleteTask(id: $id, expectedVersion: $expectedVersion) {\n    deletedTaskId\n  }\n}": typeof types.DeleteTaskDocument,
    "mutation ForgotPassword($email: String!) {\n  forgotPassword(input: {email: $email}) {\n    otpToken\n    message\n  }\n}": typeof types.ForgotPasswordDocument,
    "mutation InviteToProject($projectId: ID!, $email: String!, $role: ProjectRole!) {\n  inviteToProject(projectId: $projectId, email: $email, role: $role) {\n    id\n    email\n    role\n    expiresAt\n  }\n}": typeof types.InviteToProjectDocument,
    "mutation LeaveProject($projectId: ID!) {\n  leaveProject(projectId: $projectId)\n}": typeof types.LeaveProjectDocument,
    "mutation Login($input: LoginInput!) {\n  login(input: $input) {\n    ...SessionTokens\n    deviceToken\n  }\n}": typeof types.LoginDocument,
    "mutation Logout($everywhere: Boolean! = false) {\n  logout(everywhere: $everywhere) {\n    endedSessions\n  }\n}": typeof types.LogoutDocument,
    "query Me {\n  me {\n    id\n    username\n    email\n    createdAt\n  }\n}": typeof types.MeDocument,
    "query Project($id: ID!) {\n  project(id: $id) {\n    ...ProjectFields\n    members {\n      userId\n      username\n      role\n      joinedAt\n    }\n  }\n}": typeof types.ProjectDocument,
    "fragment ProjectFields on Project {\n  id\n  name\n  description\n  role\n  taskCount\n  version\n  createdAt\n  updatedAt\n}": typeof types.ProjectFieldsFragmentDoc,
    "query ProjectInvitations($projectId: ID!) {\n  projectInvitations(projectId: $projectId) {\n    id\n    email\n    role\n    createdAt\n    expiresAt\n  }\n}": typeof types.ProjectInvitationsDocument,
    "query Projects($first: Int, $after: String) {\n  projects(first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        ...ProjectFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.ProjectsDocument,
    "mutation RefreshSession($refreshToken: String!) {\n  refreshSession(refreshToken: $refreshToken) {\n    ...SessionTokens\n  }\n}": typeof types.RefreshSessionDocument,
    "mutation RemoveMember($projectId: ID!, $userId: ID!) {\n  removeMember(projectId: $projectId, userId: $userId)\n}": typeof types.RemoveMemberDocument,
    "mutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input) {\n    message\n  }\n}": typeof types.ResetPasswordDocument,
    "mutation RevokeInvitation($projectId: ID!, $invitationId: ID!) {\n  revokeInvitation(projectId: $projectId, invitationId: $invitationId)\n}": typeof types.RevokeInvitationDocument,
    "mutation RevokeSession($id: ID!) {\n  revokeSession(id: $id) {\n    revokedSessionId\n  }\n}": typeof types.RevokeSessionDocument,
    "fragment SessionTokens on AuthPayload {\n  token\n  tokenType\n  expiresIn\n  refreshToken\n  refreshTokenExpiresAt\n  sessionId\n}": typeof types.SessionTokensFragmentDoc,
    "query Sessions {\n  sessions {\n    id\n    createdAt\n    lastUsedAt\n    expiresAt\n    userAgent\n    ip\n    current\n  }\n}": typeof types.SessionsDocument,
    "mutation SetMemberRole($projectId: ID!, $userId: ID!, $role: ProjectRole!) {\n  setMemberRole(projectId: $projectId, userId: $userId, role: $role) {\n    userId\n    role\n  }\n}": typeof types.SetMemberRoleDocument,
    "mutation Signup($input: SignupInput!) {\n  signup(input: $input) {\n    id\n    username\n    email\n    createdAt\n  }\n}": typeof types.SignupDocument,
    "query Task($id: ID!) {\n  task(id: $id) {\n    ...TaskFields\n  }\n}": typeof types.TaskDocument,
    "fragment TaskChangeFields on TaskChange {\n  cursor\n  kind\n  taskId\n  projectId\n  version\n  changedAt\n  task {\n    ...TaskFields\n  }\n}": typeof types.TaskChangeFieldsFragmentDoc,
    "subscription TaskChanged($after: String) {\n  taskChanged(after: $after) {\n    ...TaskChangeFields\n  }\n}": typeof types.TaskChangedDocument,
    "query TaskChanges($after: String, $first: Int) {\n  taskChanges(after: $after, first: $first) {\n    changes {\n      ...TaskChangeFields\n    }\n    endCursor\n    hasMore\n  }\n}": typeof types.TaskChangesDocument,
    "query TaskChangesHead {\n  taskChangesHead\n}": typeof types.TaskChangesHeadDocument,
    "fragment TaskFields on Task {\n  id\n  title\n  description\n  completion\n  priority\n  dueDate\n  createdAt\n  updatedAt\n  version\n  projectId\n  assigneeId\n}": typeof types.TaskFieldsFragmentDoc,
    "query Tasks($first: Int, $after: String, $filter: TaskFilter, $orderBy: TaskOrder, $projectId: ID) {\n  tasks(\n    first: $first\n    after: $after\n    filter: $filter\n    orderBy: $orderBy\n    projectId: $projectId\n  ) {\n    edges {\n      cursor\n      node {\n        ...TaskFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.TasksDocument,
    "mutation UpdateProject($id: ID!, $input: UpdateProjectInput!, $expectedVersion: Int) {\n  updateProject(id: $id, input: $input, expectedVersion: $expectedVersion) {\n    ...ProjectFields\n  }\n}": typeof types.UpdateProjectDocument,
    "mutation UpdateTask($id: ID!, $input: UpdateTaskInput!, $expectedVersion: Int) {\n  updateTask(id: $id, input: $input, expectedVersion: $expectedVersion) {\n    ...TaskFields\n  }\n}": typeof types.UpdateTaskDocument,
    "mutation VerifyOtp($input: VerifyOtpInput!) {\n  verifyOtp(input: $input) {\n    resetToken\n  }\n}": typeof types.VerifyOtpDocument,
};
const documents: Documents = {
    "mutation AcceptInvitation($token: String!) {\n  acceptInvitation(token: $token) {\n    ...ProjectFields\n  }\n}": types.AcceptInvitationDocument,
    "mutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input) {\n    endedSessions\n  }\n}": types.ChangePasswordDocument,
    "mutation CreateProject($input: CreateProjectInput!) {\n  createProject(input: $input) {\n    ...ProjectFields\n  }\n}": types.CreateProjectDocument,
    "mutation CreateTask($input: CreateTaskInput!) {\n  createTask(input: $input) {\n    ...TaskFields\n  }\n}": types.CreateTaskDocument,
    "mutation DeleteAccount($input: DeleteAccountInput!) {\n  deleteAccount(input: $input) {\n    deletedUserId\n  }\n}": types.DeleteAccountDocument,
    "mutation DeleteAllTasks {\n  deleteAllTasks {\n    deletedCount\n    deletedTaskIds\n  }\n}": types.DeleteAllTasksDocument,
    "mutation DeleteProject($id: ID!) {\n  deleteProject(id: $id)\n}": types.DeleteProjectDocument,
    "mutation DeleteTask($id: ID!, $expectedVersion: Int) {\n  deleteTask(id: $id, expectedVersion: $expectedVersion) {\n    deletedTaskId\n  }\n}": types.DeleteTaskDocument,
    "mutation ForgotPassword($email: String!) {\n  forgotPassword(input: {email: $email}) {\n    otpToken\n    message\n  }\n}": types.ForgotPasswordDocument,
    "mutation InviteToProject($projectId: ID!, $email: String!, $role: ProjectRole!) {\n  inviteToProject(projectId: $projectId, email: $email, role: $role) {\n    id\n    email\n    role\n    expiresAt\n  }\n}": types.InviteToProjectDocument,
    "mutation LeaveProject($projectId: ID!) {\n  leaveProject(projectId: $projectId)\n}": types.LeaveProjectDocument,
    "mutation Login($input: LoginInput!) {\n  login(input: $input) {\n    ...SessionTokens\n    deviceToken\n  }\n}": types.LoginDocument,
    "mutation Logout($everywhere: Boolean! = false) {\n  logout(everywhere: $everywhere) {\n    endedSessions\n  }\n}": types.LogoutDocument,
    "query Me {\n  me {\n    id\n    username\n    email\n    createdAt\n  }\n}": types.MeDocument,
    "query Project($id: ID!) {\n  project(id: $id) {\n    ...ProjectFields\n    members {\n      userId\n      username\n      role\n      joinedAt\n    }\n  }\n}": types.ProjectDocument,
    "fragment ProjectFields on Project {\n  id\n  name\n  description\n  role\n  taskCount\n  version\n  createdAt\n  updatedAt\n}": types.ProjectFieldsFragmentDoc,
    "query ProjectInvitations($projectId: ID!) {\n  projectInvitations(projectId: $projectId) {\n    id\n    email\n    role\n    createdAt\n    expiresAt\n  }\n}": types.ProjectInvitationsDocument,
    "query Projects($first: Int, $after: String) {\n  projects(first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        ...ProjectFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.ProjectsDocument,
    "mutation RefreshSession($refreshToken: String!) {\n  refreshSession(refreshToken: $refreshToken) {\n    ...SessionTokens\n  }\n}": types.RefreshSessionDocument,
    "mutation RemoveMember($projectId: ID!, $userId: ID!) {\n  removeMember(projectId: $projectId, userId: $userId)\n}": types.RemoveMemberDocument,
    "mutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input) {\n    message\n  }\n}": types.ResetPasswordDocument,
    "mutation RevokeInvitation($projectId: ID!, $invitationId: ID!) {\n  revokeInvitation(projectId: $projectId, invitationId: $invitationId)\n}": types.RevokeInvitationDocument,
    "mutation RevokeSession($id: ID!) {\n  revokeSession(id: $id) {\n    revokedSessionId\n  }\n}": types.RevokeSessionDocument,
    "fragment SessionTokens on AuthPayload {\n  token\n  tokenType\n  expiresIn\n  refreshToken\n  refreshTokenExpiresAt\n  sessionId\n}": types.SessionTokensFragmentDoc,
    "query Sessions {\n  sessions {\n    id\n    createdAt\n    lastUsedAt\n    expiresAt\n    userAgent\n    ip\n    current\n  }\n}": types.SessionsDocument,
    "mutation SetMemberRole($projectId: ID!, $userId: ID!, $role: ProjectRole!) {\n  setMemberRole(projectId: $projectId, userId: $userId, role: $role) {\n    userId\n    role\n  }\n}": types.SetMemberRoleDocument,
    "mutation Signup($input: SignupInput!) {\n  signup(input: $input) {\n    id\n    username\n    email\n    createdAt\n  }\n}": types.SignupDocument,
    "query Task($id: ID!) {\n  task(id: $id) {\n    ...TaskFields\n  }\n}": types.TaskDocument,
    "fragment TaskChangeFields on TaskChange {\n  cursor\n  kind\n  taskId\n  projectId\n  version\n  changedAt\n  task {\n    ...TaskFields\n  }\n}": types.TaskChangeFieldsFragmentDoc,
    "subscription TaskChanged($after: String) {\n  taskChanged(after: $after) {\n    ...TaskChangeFields\n  }\n}": types.TaskChangedDocument,
    "query TaskChanges($after: String, $first: Int) {\n  taskChanges(after: $after, first: $first) {\n    changes {\n      ...TaskChangeFields\n    }\n    endCursor\n    hasMore\n  }\n}": types.TaskChangesDocument,
    "query TaskChangesHead {\n  taskChangesHead\n}": types.TaskChangesHeadDocument,
    "fragment TaskFields on Task {\n  id\n  title\n  description\n  completion\n  priority\n  dueDate\n  createdAt\n  updatedAt\n  version\n  projectId\n  assigneeId\n}": types.TaskFieldsFragmentDoc,
    "query Tasks($first: Int, $after: String, $filter: TaskFilter, $orderBy: TaskOrder, $projectId: ID) {\n  tasks(\n    first: $first\n    after: $after\n    filter: $filter\n    orderBy: $orderBy\n    projectId: $projectId\n  ) {\n    edges {\n      cursor\n      node {\n        ...TaskFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.TasksDocument,
    "mutation UpdateProject($id: ID!, $input: UpdateProjectInput!, $expectedVersion: Int) {\n  updateProject(id: $id, input: $input, expectedVersion: $expectedVersion) {\n    ...ProjectFields\n  }\n}": types.UpdateProjectDocument,
    "mutation UpdateTask($id: ID!, $input: UpdateTaskInput!, $expectedVersion: Int) {\n  updateTask(id: $id, input: $input, expectedVersion: $expectedVersion) {\n    ...TaskFields\n  }\n}": types.UpdateTaskDocument,
    "mutation VerifyOtp($input: VerifyOtpInput!) {\n  verifyOtp(input: $input) {\n    resetToken\n  }\n}": types.VerifyOtpDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AcceptInvitation($token: String!) {\n  acceptInvitation(token: $token) {\n    ...ProjectFields\n  }\n}"): (typeof documents)["mutation AcceptInvitation($token: String!) {\n  acceptInvitation(token: $token) {\n    ...ProjectFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input) {\n    endedSessions\n  }\n}"): (typeof documents)["mutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input) {\n    endedSessions\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateProject($input: CreateProjectInput!) {\n  createProject(input: $input) {\n    ...ProjectFields\n  }\n}"): (typeof documents)["mutation CreateProject($input: CreateProjectInput!) {\n  createProject(input: $input) {\n    ...ProjectFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateTask($input: CreateTaskInput!) {\n  createTask(input: $input) {\n    ...TaskFields\n  }\n}"): (typeof documents)["mutation CreateTask($input: CreateTaskInput!) {\n  createTask(input: $input) {\n    ...TaskFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteAccount($input: DeleteAccountInput!) {\n  deleteAccount(input: $input) {\n    deletedUserId\n  }\n}"): (typeof documents)["mutation DeleteAccount($input: DeleteAccountInput!) {\n  deleteAccount(input: $input) {\n    deletedUserId\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteAllTasks {\n  deleteAllTasks {\n    deletedCount\n    deletedTaskIds\n  }\n}"): (typeof documents)["mutation DeleteAllTasks {\n  deleteAllTasks {\n    deletedCount\n    deletedTaskIds\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteProject($id: ID!) {\n  deleteProject(id: $id)\n}"): (typeof documents)["mutation DeleteProject($id: ID!) {\n  deleteProject(id: $id)\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteTask($id: ID!, $expectedVersion: Int) {\n  deleteTask(id: $id, expectedVersion: $expectedVersion) {\n    deletedTaskId\n  }\n}"): (typeof documents)["mutation DeleteTask($id: ID!, $expectedVersion: Int) {\n  deleteTask(id: $id, expectedVersion: $expectedVersion) {\n    deletedTaskId\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ForgotPassword($email: String!) {\n  forgotPassword(input: {email: $email}) {\n    otpToken\n    message\n  }\n}"): (typeof documents)["mutation ForgotPassword($email: String!) {\n  forgotPassword(input: {email: $email}) {\n    otpToken\n    message\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation InviteToProject($projectId: ID!, $email: String!, $role: ProjectRole!) {\n  inviteToProject(projectId: $projectId, email: $email, role: $role) {\n    id\n    email\n    role\n    expiresAt\n  }\n}"): (typeof documents)["mutation InviteToProject($projectId: ID!, $email: String!, $role: ProjectRole!) {\n  inviteToProject(projectId: $projectId, email: $email, role: $role) {\n    id\n    email\n    role\n    expiresAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LeaveProject($projectId: ID!) {\n  leaveProject(projectId: $projectId)\n}"): (typeof documents)["mutation LeaveProject($projectId: ID!) {\n  leaveProject(projectId: $projectId)\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Login($input: LoginInput!) {\n  login(input: $input) {\n    ...SessionTokens\n    deviceToken\n  }\n}"): (typeof documents)["mutation Login($input: LoginInput!) {\n  login(input: $input) {\n    ...SessionTokens\n    deviceToken\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Logout($everywhere: Boolean! = false) {\n  logout(everywhere: $everywhere) {\n    endedSessions\n  }\n}"): (typeof documents)["mutation Logout($everywhere: Boolean! = false) {\n  logout(everywhere: $everywhere) {\n    endedSessions\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Me {\n  me {\n    id\n    username\n    email\n    createdAt\n  }\n}"): (typeof documents)["query Me {\n  me {\n    id\n    username\n    email\n    createdAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Project($id: ID!) {\n  project(id: $id) {\n    ...ProjectFields\n    members {\n      userId\n      username\n      role\n      joinedAt\n    }\n  }\n}"): (typeof documents)["query Project($id: ID!) {\n  project(id: $id) {\n    ...ProjectFields\n    members {\n      userId\n      username\n      role\n      joinedAt\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ProjectFields on Project {\n  id\n  name\n  description\n  role\n  taskCount\n  version\n  createdAt\n  updatedAt\n}"): (typeof documents)["fragment ProjectFields on Project {\n  id\n  name\n  description\n  role\n  taskCount\n  version\n  createdAt\n  updatedAt\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ProjectInvitations($projectId: ID!) {\n  projectInvitations(projectId: $projectId) {\n    id\n    email\n    role\n    createdAt\n    expiresAt\n  }\n}"): (typeof documents)["query ProjectInvitations($projectId: ID!) {\n  projectInvitations(projectId: $projectId) {\n    id\n    email\n    role\n    createdAt\n    expiresAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Projects($first: Int, $after: String) {\n  projects(first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        ...ProjectFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query Projects($first: Int, $after: String) {\n  projects(first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        ...ProjectFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RefreshSession($refreshToken: String!) {\n  refreshSession(refreshToken: $refreshToken) {\n    ...SessionTokens\n  }\n}"): (typeof documents)["mutation RefreshSession($refreshToken: String!) {\n  refreshSession(refreshToken: $refreshToken) {\n    ...SessionTokens\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RemoveMember($projectId: ID!, $userId: ID!) {\n  removeMember(projectId: $projectId, userId: $userId)\n}"): (typeof documents)["mutation RemoveMember($projectId: ID!, $userId: ID!) {\n  removeMember(projectId: $projectId, userId: $userId)\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input) {\n    message\n  }\n}"): (typeof documents)["mutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input) {\n    message\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokeInvitation($projectId: ID!, $invitationId: ID!) {\n  revokeInvitation(projectId: $projectId, invitationId: $invitationId)\n}"): (typeof documents)["mutation RevokeInvitation($projectId: ID!, $invitationId: ID!) {\n  revokeInvitation(projectId: $projectId, invitationId: $invitationId)\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokeSession($id: ID!) {\n  revokeSession(id: $id) {\n    revokedSessionId\n  }\n}"): (typeof documents)["mutation RevokeSession($id: ID!) {\n  revokeSession(id: $id) {\n    revokedSessionId\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment SessionTokens on AuthPayload {\n  token\n  tokenType\n  expiresIn\n  refreshToken\n  refreshTokenExpiresAt\n  sessionId\n}"): (typeof documents)["fragment SessionTokens on AuthPayload {\n  token\n  tokenType\n  expiresIn\n  refreshToken\n  refreshTokenExpiresAt\n  sessionId\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Sessions {\n  sessions {\n    id\n    createdAt\n    lastUsedAt\n    expiresAt\n    userAgent\n    ip\n    current\n  }\n}"): (typeof documents)["query Sessions {\n  sessions {\n    id\n    createdAt\n    lastUsedAt\n    expiresAt\n    userAgent\n    ip\n    current\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetMemberRole($projectId: ID!, $userId: ID!, $role: ProjectRole!) {\n  setMemberRole(projectId: $projectId, userId: $userId, role: $role) {\n    userId\n    role\n  }\n}"): (typeof documents)["mutation SetMemberRole($projectId: ID!, $userId: ID!, $role: ProjectRole!) {\n  setMemberRole(projectId: $projectId, userId: $userId, role: $role) {\n    userId\n    role\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Signup($input: SignupInput!) {\n  signup(input: $input) {\n    id\n    username\n    email\n    createdAt\n  }\n}"): (typeof documents)["mutation Signup($input: SignupInput!) {\n  signup(input: $input) {\n    id\n    username\n    email\n    createdAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Task($id: ID!) {\n  task(id: $id) {\n    ...TaskFields\n  }\n}"): (typeof documents)["query Task($id: ID!) {\n  task(id: $id) {\n    ...TaskFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment TaskChangeFields on TaskChange {\n  cursor\n  kind\n  taskId\n  projectId\n  version\n  changedAt\n  task {\n    ...TaskFields\n  }\n}"): (typeof documents)["fragment TaskChangeFields on TaskChange {\n  cursor\n  kind\n  taskId\n  projectId\n  version\n  changedAt\n  task {\n    ...TaskFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription TaskChanged($after: String) {\n  taskChanged(after: $after) {\n    ...TaskChangeFields\n  }\n}"): (typeof documents)["subscription TaskChanged($after: String) {\n  taskChanged(after: $after) {\n    ...TaskChangeFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TaskChanges($after: String, $first: Int) {\n  taskChanges(after: $after, first: $first) {\n    changes {\n      ...TaskChangeFields\n    }\n    endCursor\n    hasMore\n  }\n}"): (typeof documents)["query TaskChanges($after: String, $first: Int) {\n  taskChanges(after: $after, first: $first) {\n    changes {\n      ...TaskChangeFields\n    }\n    endCursor\n    hasMore\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TaskChangesHead {\n  taskChangesHead\n}"): (typeof documents)["query TaskChangesHead {\n  taskChangesHead\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment TaskFields on Task {\n  id\n  title\n  description\n  completion\n  priority\n  dueDate\n  createdAt\n  updatedAt\n  version\n  projectId\n  assigneeId\n}"): (typeof documents)["fragment TaskFields on Task {\n  id\n  title\n  description\n  completion\n  priority\n  dueDate\n  createdAt\n  updatedAt\n  version\n  projectId\n  assigneeId\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Tasks($first: Int, $after: String, $filter: TaskFilter, $orderBy: TaskOrder, $projectId: ID) {\n  tasks(\n    first: $first\n    after: $after\n    filter: $filter\n    orderBy: $orderBy\n    projectId: $projectId\n  ) {\n    edges {\n      cursor\n      node {\n        ...TaskFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query Tasks($first: Int, $after: String, $filter: TaskFilter, $orderBy: TaskOrder, $projectId: ID) {\n  tasks(\n    first: $first\n    after: $after\n    filter: $filter\n    orderBy: $orderBy\n    projectId: $projectId\n  ) {\n    edges {\n      cursor\n      node {\n        ...TaskFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateProject($id: ID!, $input: UpdateProjectInput!, $expectedVersion: Int) {\n  updateProject(id: $id, input: $input, expectedVersion: $expectedVersion) {\n    ...ProjectFields\n  }\n}"): (typeof documents)["mutation UpdateProject($id: ID!, $input: UpdateProjectInput!, $expectedVersion: Int) {\n  updateProject(id: $id, input: $input, expectedVersion: $expectedVersion) {\n    ...ProjectFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateTask($id: ID!, $input: UpdateTaskInput!, $expectedVersion: Int) {\n  updateTask(id: $id, input: $input, expectedVersion: $expectedVersion) {\n    ...TaskFields\n  }\n}"): (typeof documents)["mutation UpdateTask($id: ID!, $input: UpdateTaskInput!, $expectedVersion: Int) {\n  updateTask(id: $id, input: $input, expectedVersion: $expectedVersion) {\n    ...TaskFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation VerifyOtp($input: VerifyOtpInput!) {\n  verifyOtp(input: $input) {\n    resetToken\n  }\n}"): (typeof documents)["mutation VerifyOtp($input: VerifyOtpInput!) {\n  verifyOtp(input: $input) {\n    resetToken\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;