/* eslint-disable */
import * as types from './graphql';
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
    "mutation Signup($input: SignupInput!) {\n  signup(input: $input) {\n    id\n    username\n    email\n    createdAt\n  }\n}\n\nmutation Login($input: LoginInput!) {\n  login(input: $input) {\n    token\n    tokenType\n    expiresIn\n  }\n}\n\nquery Me {\n  me {\n    id\n    username\n    email\n    createdAt\n  }\n}\n\nmutation ForgotPassword($email: String!) {\n  forgotPassword(input: {email: $email}) {\n    otpToken\n    message\n  }\n}\n\nmutation VerifyOtp($input: VerifyOtpInput!) {\n  verifyOtp(input: $input) {\n    resetToken\n  }\n}\n\nmutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input) {\n    message\n  }\n}": typeof types.SignupDocument,
    "fragment TaskFields on Task {\n  id\n  title\n  description\n  completion\n  priority\n  dueDate\n  createdAt\n  updatedAt\n}\n\nquery Tasks($first: Int, $after: String, $filter: TaskFilter) {\n  tasks(first: $first, after: $after, filter: $filter) {\n    edges {\n      cursor\n      node {\n        ...TaskFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nquery Task($id: Int!) {\n  task(id: $id) {\n    ...TaskFields\n  }\n}\n\nmutation CreateTask($input: CreateTaskInput!) {\n  createTask(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation UpdateTask($id: Int!, $input: UpdateTaskInput!) {\n  updateTask(id: $id, input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation DeleteTask($id: Int!) {\n  deleteTask(id: $id)\n}\n\nmutation DeleteAllTasks {\n  deleteAllTasks\n}": typeof types.TaskFieldsFragmentDoc,
};
const documents: Documents = {
    "mutation Signup($input: SignupInput!) {\n  signup(input: $input) {\n    id\n    username\n    email\n    createdAt\n  }\n}\n\nmutation Login($input: LoginInput!) {\n  login(input: $input) {\n    token\n    tokenType\n    expiresIn\n  }\n}\n\nquery Me {\n  me {\n    id\n    username\n    email\n    createdAt\n  }\n}\n\nmutation ForgotPassword($email: String!) {\n  forgotPassword(input: {email: $email}) {\n    otpToken\n    message\n  }\n}\n\nmutation VerifyOtp($input: VerifyOtpInput!) {\n  verifyOtp(input: $input) {\n    resetToken\n  }\n}\n\nmutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input) {\n    message\n  }\n}": types.SignupDocument,
    "fragment TaskFields on Task {\n  id\n  title\n  description\n  completion\n  priority\n  dueDate\n  createdAt\n  updatedAt\n}\n\nquery Tasks($first: Int, $after: String, $filter: TaskFilter) {\n  tasks(first: $first, after: $after, filter: $filter) {\n    edges {\n      cursor\n      node {\n        ...TaskFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nquery Task($id: Int!) {\n  task(id: $id) {\n    ...TaskFields\n  }\n}\n\nmutation CreateTask($input: CreateTaskInput!) {\n  createTask(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation UpdateTask($id: Int!, $input: UpdateTaskInput!) {\n  updateTask(id: $id, input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation DeleteTask($id: Int!) {\n  deleteTask(id: $id)\n}\n\nmutation DeleteAllTasks {\n  deleteAllTasks\n}": types.TaskFieldsFragmentDoc,
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
export function graphql(source: "mutation Signup($input: SignupInput!) {\n  signup(input: $input) {\n    id\n    username\n    email\n    createdAt\n  }\n}\n\nmutation Login($input: LoginInput!) {\n  login(input: $input) {\n    token\n    tokenType\n    expiresIn\n  }\n}\n\nquery Me {\n  me {\n    id\n    username\n    email\n    createdAt\n  }\n}\n\nmutation ForgotPassword($email: String!) {\n  forgotPassword(input: {email: $email}) {\n    otpToken\n    message\n  }\n}\n\nmutation VerifyOtp($input: VerifyOtpInput!) {\n  verifyOtp(input: $input) {\n    resetToken\n  }\n}\n\nmutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input) {\n    message\n  }\n}"): (typeof documents)["mutation Signup($input: SignupInput!) {\n  signup(input: $input) {\n    id\n    username\n    email\n    createdAt\n  }\n}\n\nmutation Login($input: LoginInput!) {\n  login(input: $input) {\n    token\n    tokenType\n    expiresIn\n  }\n}\n\nquery Me {\n  me {\n    id\n    username\n    email\n    createdAt\n  }\n}\n\nmutation ForgotPassword($email: String!) {\n  forgotPassword(input: {email: $email}) {\n    otpToken\n    message\n  }\n}\n\nmutation VerifyOtp($input: VerifyOtpInput!) {\n  verifyOtp(input: $input) {\n    resetToken\n  }\n}\n\nmutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input) {\n    message\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment TaskFields on Task {\n  id\n  title\n  description\n  completion\n  priority\n  dueDate\n  createdAt\n  updatedAt\n}\n\nquery Tasks($first: Int, $after: String, $filter: TaskFilter) {\n  tasks(first: $first, after: $after, filter: $filter) {\n    edges {\n      cursor\n      node {\n        ...TaskFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nquery Task($id: Int!) {\n  task(id: $id) {\n    ...TaskFields\n  }\n}\n\nmutation CreateTask($input: CreateTaskInput!) {\n  createTask(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation UpdateTask($id: Int!, $input: UpdateTaskInput!) {\n  updateTask(id: $id, input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation DeleteTask($id: Int!) {\n  deleteTask(id: $id)\n}\n\nmutation DeleteAllTasks {\n  deleteAllTasks\n}"): (typeof documents)["fragment TaskFields on Task {\n  id\n  title\n  description\n  completion\n  priority\n  dueDate\n  createdAt\n  updatedAt\n}\n\nquery Tasks($first: Int, $after: String, $filter: TaskFilter) {\n  tasks(first: $first, after: $after, filter: $filter) {\n    edges {\n      cursor\n      node {\n        ...TaskFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nquery Task($id: Int!) {\n  task(id: $id) {\n    ...TaskFields\n  }\n}\n\nmutation CreateTask($input: CreateTaskInput!) {\n  createTask(input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation UpdateTask($id: Int!, $input: UpdateTaskInput!) {\n  updateTask(id: $id, input: $input) {\n    ...TaskFields\n  }\n}\n\nmutation DeleteTask($id: Int!) {\n  deleteTask(id: $id)\n}\n\nmutation DeleteAllTasks {\n  deleteAllTasks\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;