import pg from 'pg';
import { vi } from 'vitest';

/** What the app sent PostgreSQL while `act` ran: each statement's text, and whether it was named (prepared). */
export async function statementsSentDuring(act: () => Promise<unknown>): Promise<Array<{ text: string; prepared: boolean }>> {
  const query = vi.spyOn(pg.Client.prototype, 'query');
  try {
    await act();
    return query.mock.calls.map(([config]) => {
      const { text, name } = typeof config === 'string' ? { text: config, name: undefined } : (config as pg.QueryConfig);
      return { text, prepared: name !== undefined };
    });
  } finally {
    query.mockRestore();
  }
}
