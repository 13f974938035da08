import type { ComplexityEstimatorArgs } from 'graphql-query-complexity';
import type { Page } from '../services/page.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../services/page-size.js';

/** What every paged list of the schema shares: its `first` argument, what a page costs, and its edges and pageInfo. */

// Nullable: GraphQL lets a nullable variable reach an argument with a default, so null must mean "default".
export const FIRST_ARGUMENT = {
  nullable: true,
  defaultValue: DEFAULT_PAGE_SIZE,
  description: `Page size, 1–${MAX_PAGE_SIZE}; null means ${DEFAULT_PAGE_SIZE}.`,
} as const;

/**
 * One, plus the page's selection once for every item it may hold. `first` is clamped:
 * arguments are checked before costs, but a cost must never go negative (or unbounded)
 * whatever reaches it.
 */
export const pageCost = ({ args, childComplexity }: Pick<ComplexityEstimatorArgs, 'args' | 'childComplexity'>): number =>
  1 + childComplexity * Math.min(MAX_PAGE_SIZE, Math.max(1, Number(args.first) || DEFAULT_PAGE_SIZE));

/** One item of a page with its place in the list; the cursor is written only when an operation reads it. */
class Edge<Item, Node> {
  constructor(
    readonly node: Node,
    private readonly item: Item,
    private readonly page: Page<Item>,
  ) {}

  get cursor(): string {
    return this.page.cursorOf(this.item);
  }
}

/**
 * A page as a Relay connection's `edges` and `pageInfo`. Most operations read the nodes and
 * `endCursor` only: an edge's cursor, and `startCursor`, are written when selected.
 */
export function connectionOf<Item, Node>(page: Page<Item>, items: Item[], nodeOf: (item: Item) => Node) {
  const edges = items.map((item) => new Edge(nodeOf(item), item, page));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasMore,
      hasPreviousPage: false,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      endCursor: page.endCursor,
    },
  };
}
