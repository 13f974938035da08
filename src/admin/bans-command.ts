import { parseArgs } from 'node:util';
import { parseDuration } from '../config/duration.js';
import type { IpBans } from '../services/abuse/ip-bans.js';

export const BANS_USAGE = 'usage: npm run bans -- list | add IP [--for 1h] [--reason text] | remove IP';

/** Thrown for a command line that does not say what to do; the message is for the operator. */
export class UsageError extends Error {}

/**
 * `list | add IP [--for 1h] [--reason text] | remove IP`, against the ban list in PostgreSQL.
 * Returns the lines to print.
 */
export async function runBansCommand(argv: string[], bans: IpBans, defaultDurationMs: number): Promise<string[]> {
  const options = { for: { type: 'string' }, reason: { type: 'string' } } as const;
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof options }>>;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${BANS_USAGE}`);
  }
  const [command, ip, ...extra] = parsed.positionals;
  if (extra.length > 0) throw new UsageError(BANS_USAGE);

  if (command === 'list' && !ip) {
    const active = await bans.list();
    if (active.length === 0) return ['no active bans'];
    return active.map((ban) => `${ban.ip.padEnd(40)} until ${ban.banned_until.toISOString()}  ${ban.reason}`);
  }
  if (command === 'add' && ip) {
    const seconds = parsed.values.for === undefined ? defaultDurationMs / 1000 : parseDuration(parsed.values.for);
    if (!seconds) throw new UsageError(`--for must be a duration such as 30m, 1h, 7d\n${BANS_USAGE}`);
    const until = await bans.ban(ip, seconds * 1000, parsed.values.reason ?? 'banned by an operator');
    return [`banned ${ip} until ${until.toISOString()}`];
  }
  if (command === 'remove' && ip) {
    return [(await bans.unban(ip)) ? `unbanned ${ip}` : `${ip} was not banned`];
  }
  throw new UsageError(BANS_USAGE);
}
