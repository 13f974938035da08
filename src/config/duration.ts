const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/**
 * Parses `90`, `90s`, `15m`, `1h` or `7d` into seconds; `undefined` for anything else.
 * Kept this small on purpose: config only needs whole units.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,9})([smhd])?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 's') as keyof typeof UNIT_SECONDS;
  return Number(match[1]) * UNIT_SECONDS[unit];
}
