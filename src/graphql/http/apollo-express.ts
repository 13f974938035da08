import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';

/**
 * Apollo Server as an Express handler, through Apollo's integration API
 * (`executeHTTPGraphQLRequest`); express.json() must run before it. This is what
 * @as-integrations/express5 does, less its legacy `url.parse` of every request's URL
 * (its cost on a GraphQL read is in BENCHMARKS.md).
 */
export function apolloHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: (req: Request, res: Response) => Promise<TContext>,
): RequestHandler {
  return async (req, res) => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const queryAt = req.url.indexOf('?');
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method.toUpperCase(),
        headers,
        search: queryAt === -1 ? '' : req.url.slice(queryAt),
        body: req.body,
      },
      context: () => context(req, res),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.send(response.body.string);
      return;
    }
    // Incremental delivery (@defer): each part as Apollo yields it.
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
