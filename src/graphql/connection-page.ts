import type { ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../services/tasks/task.validation.js';

/** What every paged list of the schema shares: its `first` argument and what a page costs. */

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
