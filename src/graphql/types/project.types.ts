import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ProjectRole } from '../../db/database.types.js';
import type { InvitationView, MemberProject, ProjectMember } from '../../services/projects/project.service.js';
import { NAME_MAX_CHARS, PROJECT_DESCRIPTION_MAX_CHARS, PROJECT_ROLES } from '../../services/projects/project.validation.js';
import { PageInfo } from './task-connection.types.js';

/** GraphQL names in caps, values as stored. */
export const ProjectRoleEnum = Object.fromEntries(PROJECT_ROLES.map((role) => [role.toUpperCase(), role])) as {
  OWNER: 'owner';
  EDITOR: 'editor';
  VIEWER: 'viewer';
};
registerEnumType(ProjectRoleEnum, {
  name: 'ProjectRole',
  description: 'What a member may do in a project.',
  valuesConfig: {
    OWNER: { description: 'Everything: tasks, members, invitations, the project itself. A project keeps at least one.' },
    EDITOR: { description: 'Create, change and delete its tasks.' },
    VIEWER: { description: 'Read its tasks only.' },
  },
});

const NAME = `1–${NAME_MAX_CHARS} characters; surrounding spaces are trimmed.`;
const DESCRIPTION = `Up to ${PROJECT_DESCRIPTION_MAX_CHARS.toLocaleString('en-US')} characters; may be empty.`;

@ObjectType('Project', { description: 'A project shared by its members; only they can see it.' })
export class ProjectType implements MemberProject {
  @Field(() => ID, { simple: true, description: 'Stable and unique; pass as `projectId` to list or create its tasks.' })
  id!: number;

  @Field(() => String, { simple: true, description: NAME })
  name!: string;

  @Field(() => String, { simple: true, description: DESCRIPTION })
  description!: string;

  @Field(() => ProjectRoleEnum, { simple: true, description: 'Your role in it.' })
  role!: ProjectRole;

  @Field(() => Int, { name: 'taskCount', description: 'How many tasks it holds.' })
  task_count!: number;

  @Field(() => Int, { simple: true, description: '1 when created; every change of its name or description adds 1.' })
  version!: number;

  @Field(() => Date, { name: 'createdAt', description: 'When it was created.' })
  created_at!: Date;

  @Field(() => Date, { name: 'updatedAt', description: 'When its name or description last changed.' })
  updated_at!: Date;
}

@ObjectType('ProjectMember', { description: 'A member of a project and their role.' })
export class ProjectMemberType implements ProjectMember {
  @Field(() => ID, { name: 'userId', description: "The member's user id (what `assigneeId` takes)." })
  user_id!: number;

  @Field(() => String, { simple: true, description: 'Their username.' })
  username!: string;

  @Field(() => ProjectRoleEnum, { simple: true, description: 'What they may do.' })
  role!: ProjectRole;

  @Field(() => Date, { name: 'joinedAt', description: 'When they joined.' })
  joined_at!: Date;
}

@ObjectType('ProjectInvitation', { description: 'An invitation waiting to be accepted (its token is only in the email).' })
export class ProjectInvitationType implements InvitationView {
  @Field(() => ID, { simple: true, description: 'Pass to revokeInvitation.' })
  id!: string;

  @Field(() => ID, { name: 'projectId', description: 'The project it is to.' })
  project_id!: number;

  @Field(() => String, { simple: true, description: 'Who it was sent to; only the account with this email can accept it.' })
  email!: string;

  @Field(() => ProjectRoleEnum, { simple: true, description: 'The role it gives.' })
  role!: ProjectRole;

  @Field(() => Date, { name: 'createdAt', description: 'When it was sent.' })
  created_at!: Date;

  @Field(() => Date, { name: 'expiresAt', description: 'After this it can no longer be accepted.' })
  expires_at!: Date;
}

@ObjectType({ description: 'One project of a page, with its place in the list.', simpleResolvers: true })
export class ProjectEdge {
  @Field(() => String, { description: 'Opaque: pass as `after` to read on from this project.' })
  cursor!: string;

  @Field(() => ProjectType, { description: 'The project.' })
  node!: ProjectType;
}

@ObjectType({ description: 'A page of your projects, in creation order.', simpleResolvers: true })
export class ProjectConnection {
  @Field(() => [ProjectEdge], { description: 'The projects of this page.' })
  edges!: ProjectEdge[];

  @Field(() => PageInfo, { description: 'Whether more follow, and from where.' })
  pageInfo!: PageInfo;
}

@InputType({ description: 'A new project; you become its owner.' })
export class CreateProjectInput {
  @Field(() => String, { description: NAME })
  name!: string;

  @Field(() => String, { nullable: true, description: `${DESCRIPTION} Defaults to empty.` })
  description?: string;
}

@InputType({ description: 'The fields to change; at least one.' })
export class UpdateProjectInput {
  @Field(() => String, { nullable: true, description: NAME })
  name?: string;

  @Field(() => String, { nullable: true, description: DESCRIPTION })
  description?: string;
}
