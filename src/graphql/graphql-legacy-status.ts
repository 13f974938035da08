import type { ApolloServerPlugin } from '@apollo/server';

const MODERN_TYPE = 'application/graphql-response+json';

/**
 * GraphQL over HTTP: a client that accepts only the legacy `application/json` learns about a
 * request error (parse, validation, variables) from the body, with status 200; clients that
 * accept `application/graphql-response+json` get the 4xx. Apollo sends 400 to both.
 */
export function legacyJsonStatus(): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      const acceptsModern = (request.http?.headers.get('accept') ?? '').includes(MODERN_TYPE);
      return {
        async willSendResponse({ response }) {
          const answeredModern = response.http.headers.get('content-type')?.includes(MODERN_TYPE) ?? acceptsModern;
          if (!answeredModern && response.http.status === 400) response.http.status = 200;
        },
      };
    },
  };
}
