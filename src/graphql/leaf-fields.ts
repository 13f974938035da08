import { getNamedType, type GraphQLLeafType, type GraphQLSchema, isLeafType, isObjectType } from 'graphql';

/**
 * An object of the schema's type `typeName` as a GraphQL answer writes every one of its fields
 * (each through its own scalar or enum), for what travels outside `data`: a conflict's
 * `current` in `extensions`. Derived from the schema, so it cannot fall out of step with it.
 */
export function leafFieldsOf(schema: GraphQLSchema, typeName: string): (node: object) => Record<string, unknown> {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type of the schema`);
  const fields = Object.values(type.getFields()).map((field): [string, GraphQLLeafType] => {
    const leaf = getNamedType(field.type);
    if (!isLeafType(leaf)) throw new Error(`${typeName}.${field.name} is not a scalar or an enum`);
    return [field.name, leaf];
  });
  return (node) => {
    const values = node as Record<string, unknown>;
    return Object.fromEntries(fields.map(([name, leaf]) => [name, values[name] == null ? null : leaf.serialize(values[name])]));
  };
}
