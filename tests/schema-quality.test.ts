import { readFile } from 'node:fs/promises';
import { buildSchema, isEnumType, isInputObjectType, isObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';

/** What a frontend reads in Sandbox or its editor: the committed SDL, described throughout. */
const schema: GraphQLSchema = buildSchema(await readFile('src/graphql/schema.graphql', 'utf8'));
const ours = Object.values(schema.getTypeMap()).filter(
  (type) => !type.name.startsWith('__') && !['String', 'Int', 'Boolean', 'ID', 'Float'].includes(type.name),
);

describe('the schema', () => {
  it('describes every type, field, argument and enum value', () => {
    const undescribed: string[] = [];
    for (const type of ours) {
      if (!type.description && !['Query', 'Mutation', 'Subscription'].includes(type.name)) undescribed.push(type.name);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) undescribed.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) undescribed.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) undescribed.push(`${type.name}.${value.name}`);
    }
    expect(undescribed).toEqual([]);
  });

  it('uses ID for ids, nullable roots where a miss is expected, and lists priorities by urgency', () => {
    expect(String(schema.getType('Task') && (schema.getType('Task') as any).getFields().id.type)).toBe('ID!');
    const query = schema.getQueryType()!.getFields();
    expect(String(query.task!.type)).toBe('Task');
    expect(String(query.me!.type)).toBe('User');
    expect(String(query.task!.args[0]!.type)).toBe('ID!');
    const priority = schema.getType('TaskPriority');
    expect(isEnumType(priority) && priority.getValues().map((value) => value.name)).toEqual(['LOW', 'MEDIUM', 'HIGH']);
    const mutation = schema.getMutationType()!.getFields();
    expect(String(mutation.deleteTask!.type)).toBe('DeleteTaskPayload!');
    expect(String(mutation.deleteAllTasks!.type)).toBe('DeleteAllTasksPayload!');
  });
});
