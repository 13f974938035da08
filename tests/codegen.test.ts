import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const config = parseYaml(await readFile('codegen.yml', 'utf8'));

describe('frontend codegen', () => {
  it('every example client operation validates against the committed schema', async () => {
    const schema = buildSchema(await readFile(config.schema, 'utf8'));
    const sources = await Promise.all(['client/operations/auth.graphql', 'client/operations/tasks.graphql'].map((f) => readFile(f, 'utf8')));
    const document = parse(sources.join('\n'));
    expect(validate(schema, document)).toEqual([]);
    const names = document.definitions.map((d) => ('name' in d ? d.name?.value : undefined));
    expect(names).toEqual(
      expect.arrayContaining(['Login', 'Tasks', 'CreateTask', 'UpdateTask', 'DeleteTask', 'ForgotPassword', 'VerifyOtp', 'ResetPassword']),
    );
  });

  it('client/generated is what `npm run codegen` produces now', async () => {
    const outputs = await generate({ ...config, silent: true }, false);
    expect(outputs.length).toBeGreaterThan(0);
    for (const { filename, content } of outputs) {
      const committed = await readFile(path.resolve(filename), 'utf8');
      expect(committed, `${filename} is stale: run npm run codegen`).toBe(content);
    }
  });
});
