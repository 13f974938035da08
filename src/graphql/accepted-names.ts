import { type GraphQLSchema, isEnumType, isInputObjectType } from 'graphql';

const UNKNOWN_NAME = [/Value "[^"]*" does not exist in "(\w+)" enum\./, /Field "[^"]*" is not defined by type "(\w+)"\./];

/**
 * graphql-js refuses an enum value or an input field the schema lacks, suggesting at most a
 * near miss; this appends every name the type accepts (an unknown sort field or filter lists
 * what there is, as REST's 400 does). Outside production only: there, as Apollo's
 * suggestions are, the schema's names are not told to strangers.
 */
export function withAcceptedNames(schema: GraphQLSchema, message: string): string {
  for (const pattern of UNKNOWN_NAME) {
    const type = schema.getType(pattern.exec(message)?.[1] ?? '');
    const names = isEnumType(type) ? type.getValues().map((value) => value.name) : isInputObjectType(type) ? Object.keys(type.getFields()) : undefined;
    if (names) return `${message} ${type?.name} takes: ${names.join(', ')}.`;
  }
  return message;
}
