import type { ApolloServerPlugin } from '@apollo/server';

const MODERN_TYPE = 'application/graphql-response+json';

/** Whether a client's Accept header takes the GraphQL-over-HTTP media type (and so its 4xx statuses). */
export const acceptsGraphQLResponse = (accept: string | undefined) => (accept ?? '').includes(MODERN_TYPE);

/** How a request error is answered to a client with this Accept header: status and content type. */
export function requestErrorAnswer(accept: string | undefined): { status: number; contentType: string } {
  return acceptsGraphQLResponse(accept) ? { status: 400, contentType: MODERN_TYPE } : { status: 200, contentType: 'application/json' };
}

/**
 * GraphQL over HTTP: a client that accepts only the legacy `application/json` learns about a
 * request error (parse, validation, variables) from the body, with status 200; clients that
 * accept `application/graphql-response+json` get the 4xx. Apollo sends 400 to both.
 */
export function legacyJsonStatus(): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      const acceptsModern = acceptsGraphQLResponse(request.http?.headers.get('accept'));
      return {
        async willSendResponse({ response }) {
          const answeredModern = response.http.headers.get('content-type')?.includes(MODERN_TYPE) ?? acceptsModern;
          if (!answeredModern && response.http.status === 400) response.http.status = 200;
        },
      };
    },
  };
}
