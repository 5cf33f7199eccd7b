import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { LAYERS, layerBoundary } from '../../eslint.layers.js';

type Layer = keyof typeof LAYERS;
const layers = Object.keys(LAYERS) as Layer[];

const eslint = new ESLint({
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser } },
    ...layers.map((layer) => layerBoundary(layer)),
  ],
});

async function problems(layer: Layer, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `src/${layer}/example.ts` });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

const pairs = layers.flatMap((from) => layers.filter((to) => to !== from).map((to) => [from, to] as const));

describe('ESLint enforces the layer direction', () => {
  it.each(pairs)('%s importing %s', async (from, to) => {
    const allowed = (LAYERS[from] as readonly string[]).includes(to);
    const found = await problems(from, `import { x } from '@/${to}/example';\nexport const y = x;\n`);
    expect(found).toEqual(allowed ? [] : ['no-restricted-imports']);
  });

  it.each(pairs)('%s importing %s by a relative path', async (from, to) => {
    const allowed = (LAYERS[from] as readonly string[]).includes(to);
    const found = await problems(from, `import { x } from '../${to}/example';\nexport const y = x;\n`);
    expect(found).toEqual(allowed ? [] : ['no-restricted-imports']);
  });

  it.each([
    ['@/transport/export', []],
    ['@/transport/redact', []],
    ['@/transport/send', ['no-restricted-imports']],
    ['@/transport/exchange-log', ['no-restricted-imports']],
  ])('ui/ importing %s', async (path, expected) => {
    expect(await problems('ui', `import { x } from '${path}';\nexport const y = x;\n`)).toEqual(expected);
  });

  it.each(['protocol', 'tokens', 'transport'] as const)('%s/ imports no React', async (layer) => {
    expect(await problems(layer, `import { useState } from 'react';\nexport const y = useState;\n`)).toEqual([
      'no-restricted-imports',
    ]);
  });

  it('a feature imports no other feature', async () => {
    const [result] = await eslint.lintText(
      `import { x } from '@/features/other/thing';\nexport const y = x;\n`,
      {
        filePath: 'src/features/one/example.ts',
      },
    );
    expect(result?.messages.map((message) => message.ruleId)).toEqual(['no-restricted-imports']);
  });
});
