/**
 * What every keyset-paged list a service hands out shares (tasks, projects): whether more
 * follows, the cursor to read on from, and how the cursor after any one item is written.
 */
export interface Page<Item> {
  /** The cursor that reads on right after `item`: written only when asked, as most readers need the end's alone. */
  cursorOf(item: Item): string;
  /** The last item's cursor; null when the page is empty. */
  endCursor: string | null;
  hasMore: boolean;
}
