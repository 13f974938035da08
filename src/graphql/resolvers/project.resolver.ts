import DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Caller } from '../../services/caller.js';
import type { InvitationView, MemberProject, ProjectMember, ProjectPage, ProjectService } from '../../services/projects/project.service.js';
import type { ProjectRole } from '../../db/database.types.js';
import { connectionOf, FIRST_ARGUMENT, pageCost } from '../connection-page.js';
import { CurrentCaller, type GraphQLContext } from '../context.js';
import { inArgumentNames, numericId, pageArgument, underInput } from '../graphql-names.js';
import {
  CreateProjectInput,
  ProjectConnection,
  ProjectInvitationType,
  ProjectMemberType,
  ProjectRoleEnum,
  ProjectType,
  UpdateProjectInput,
} from '../types/project.types.js';

const asIs = (field: string) => field;

@Resolver(() => ProjectType)
export class ProjectResolver {
  constructor(private readonly projectService: ProjectService) {}

  @Query(() => ProjectType, { nullable: true, description: 'A project you are a member of; null, with a NOT_FOUND error, otherwise.' })
  project(@CurrentCaller() caller: Caller, @Arg('id', () => ID, { description: "The project's id." }) id: string): Promise<MemberProject> {
    return this.projectService.get(caller, numericId(id));
  }

  @Query(() => ProjectConnection, {
    description: 'The projects you are a member of, in creation (id) order, a page at a time.',
    complexity: pageCost,
  })
  async projects(
    @CurrentCaller() caller: Caller,
    @Arg('first', () => Int, FIRST_ARGUMENT) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after: string | undefined,
  ): Promise<ProjectConnection> {
    return toConnection(await inArgumentNames(() => this.projectService.list(caller, { limit: first ?? undefined, cursor: after }), pageArgument));
  }

  // A project's members are bounded (MAX_MEMBERS): the field costs like a page of them. Every
  // project's of one operation are read together (a page of projects: one read, not one each).
  @FieldResolver(() => [ProjectMemberType], {
    description: 'Its members, in the order they joined.',
    complexity: ({ childComplexity }) => 1 + childComplexity * 10,
  })
  members(@Ctx() context: GraphQLContext, @CurrentCaller() caller: Caller, @Root() project: MemberProject): Promise<ProjectMember[]> {
    // One loader per operation (each has its own context), batching only: no cache, so an
    // operation that lives on (a subscription) never answers from an earlier read.
    context.projectMembers ??= new DataLoader<number, ProjectMember[]>((ids) => this.projectService.membersOf(caller, ids), { cache: false });
    return context.projectMembers.load(project.id);
  }

  @Query(() => [ProjectInvitationType], { description: "A project's invitations waiting to be accepted, newest first (owners only)." })
  projectInvitations(
    @CurrentCaller() caller: Caller,
    @Arg('projectId', () => ID, { description: "The project's id." }) projectId: string,
  ): Promise<InvitationView[]> {
    return this.projectService.invitations(caller, numericId(projectId));
  }

  @Mutation(() => ProjectType, { description: 'Creates a project with you as its owner.' })
  createProject(
    @CurrentCaller() caller: Caller,
    @Arg('input', () => CreateProjectInput, { description: 'The new project.' }) input: CreateProjectInput,
  ): Promise<MemberProject> {
    return inArgumentNames(() => this.projectService.create(caller, { ...input }), underInput);
  }

  @Mutation(() => ProjectType, { description: "Changes a project's name or description (owners only)." })
  updateProject(
    @CurrentCaller() caller: Caller,
    @Arg('id', () => ID, { description: "The project's id." }) id: string,
    @Arg('input', () => UpdateProjectInput, { description: 'The fields to change.' }) input: UpdateProjectInput,
    @Arg('expectedVersion', () => Int, { nullable: true, description: 'Change it only while it is at this version.' }) expectedVersion:
      | number
      | null
      | undefined,
  ): Promise<MemberProject> {
    const version = expectedVersion ?? undefined;
    return inArgumentNames(() => this.projectService.update(caller, numericId(id), { ...input, ...(version === undefined ? {} : { version }) }), underInput);
  }

  @Mutation(() => ID, { description: 'Deletes a project and all its tasks (owners only); every member is told they left it. Its id.' })
  async deleteProject(@CurrentCaller() caller: Caller, @Arg('id', () => ID, { description: "The project's id." }) id: string): Promise<number> {
    const projectId = numericId(id);
    await this.projectService.delete(caller, projectId);
    return projectId;
  }

  @Mutation(() => ProjectInvitationType, {
    description:
      'Emails an invitation to join a project (owners only). The answer is the same whether or not someone has an account with that email; only the account with it can accept.',
  })
  inviteToProject(
    @CurrentCaller() caller: Caller,
    @Arg('projectId', () => ID, { description: "The project's id." }) projectId: string,
    @Arg('email', () => String, { description: 'Who to invite; an account with this email need not exist yet.' }) email: string,
    @Arg('role', () => ProjectRoleEnum, { description: 'The role accepting gives.' }) role: ProjectRole,
  ): Promise<InvitationView> {
    return inArgumentNames(() => this.projectService.invite(caller, numericId(projectId), { email, role }), asIs);
  }

  @Mutation(() => ProjectType, { description: 'Joins a project with the token from an invitation sent to your email; once only, before it expires.' })
  acceptInvitation(
    @CurrentCaller() caller: Caller,
    @Arg('token', () => String, { description: 'The token from the invitation email.' }) token: string,
  ): Promise<MemberProject> {
    return inArgumentNames(() => this.projectService.accept(caller, { token }), asIs);
  }

  @Mutation(() => Boolean, { description: 'Revokes an invitation not yet accepted (owners only).' })
  async revokeInvitation(
    @CurrentCaller() caller: Caller,
    @Arg('projectId', () => ID, { description: "The project's id." }) projectId: string,
    @Arg('invitationId', () => ID, { description: 'From inviteToProject or projectInvitations.' }) invitationId: string,
  ): Promise<boolean> {
    await inArgumentNames(() => this.projectService.revokeInvitation(caller, numericId(projectId), { invitationId }), asIs);
    return true;
  }

  @Mutation(() => ProjectMemberType, { description: "Changes a member's role (owners only); the last owner cannot be demoted." })
  setMemberRole(
    @CurrentCaller() caller: Caller,
    @Arg('projectId', () => ID, { description: "The project's id." }) projectId: string,
    @Arg('userId', () => ID, { description: "The member's user id." }) userId: string,
    @Arg('role', () => ProjectRoleEnum, { description: 'Their new role.' }) role: ProjectRole,
  ): Promise<ProjectMember> {
    return inArgumentNames(() => this.projectService.setRole(caller, numericId(projectId), { userId: numericId(userId), role }), asIs);
  }

  @Mutation(() => Boolean, { description: 'Removes a member (owners only); they are told in their feed. The last owner cannot be removed.' })
  async removeMember(
    @CurrentCaller() caller: Caller,
    @Arg('projectId', () => ID, { description: "The project's id." }) projectId: string,
    @Arg('userId', () => ID, { description: "The member's user id." }) userId: string,
  ): Promise<boolean> {
    await inArgumentNames(() => this.projectService.removeMember(caller, numericId(projectId), { userId: numericId(userId) }), asIs);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Leaves a project; its last owner cannot.' })
  async leaveProject(@CurrentCaller() caller: Caller, @Arg('projectId', () => ID, { description: "The project's id." }) projectId: string): Promise<boolean> {
    await this.projectService.leave(caller, numericId(projectId));
    return true;
  }
}

function toConnection(page: ProjectPage): ProjectConnection {
  return connectionOf(page, page.projects, (project) => project);
}
