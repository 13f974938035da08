import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/** The generated client compiles for a frontend, whichever resolution its tsconfig uses. */
describe('the generated client', () => {
  it.each(['nodenext', 'bundler'])(
    'compiles with strict tsc under %s resolution',
    async (mode) => {
      const tsc = promisify(execFile)('node_modules/.bin/tsc', ['-p', `client/tsconfig.${mode}.json`]);
      await expect(tsc.then(({ stdout }) => stdout)).resolves.toBe('');
    },
    60_000,
  );
});
