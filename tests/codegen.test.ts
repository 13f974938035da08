import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const config = parseYaml(await readFile('codegen.yml', 'utf8'));

describe('frontend codegen', () => {
  it('every example client operation validates against the committed schema', async () => {
    const schema = buildSchema(await readFile(config.schema, 'utf8'));
    const files = (await readdir('client/operations')).filter((file) => file.endsWith('.graphql'));
    const sources = await Promise.all(files.map((file) => readFile(path.join('client/operations', file), 'utf8')));
    // One operation (or fragment) per file, named as the file is: each document, and its hash, its own.
    for (const [i, source] of sources.entries()) {
      const definitions = parse(source).definitions;
      expect(
        definitions.map((d) => ('name' in d ? d.name?.value : undefined)),
        files[i],
      ).toEqual([files[i]!.replace(/\.graphql$/, '')]);
    }
    const document = parse(sources.join('\n'));
    expect(validate(schema, document)).toEqual([]);
    const names = document.definitions.map((d) => ('name' in d ? d.name?.value : undefined));
    expect(names).toEqual(expect.arrayContaining(['Login', 'Tasks', 'CreateTask', 'UpdateTask', 'DeleteTask', 'ForgotPassword', 'VerifyOtp', 'ResetPassword']));
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
