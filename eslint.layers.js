/**
 * The layers, bottom up; each may import only the layers its entry lists (DESIGN.md: dependencies
 * point down). `ui/` is presentational: of transport it may use only the pure exporters.
 */
export const LAYERS = {
  protocol: [],
  tokens: ['protocol'],
  transport: ['protocol', 'tokens'],
  state: ['protocol', 'tokens', 'transport'],
  ui: ['protocol', 'tokens'],
  connected: ['protocol', 'tokens', 'transport', 'state', 'ui'],
  features: ['protocol', 'tokens', 'transport', 'state', 'ui', 'connected'],
  app: ['protocol', 'tokens', 'transport', 'state', 'ui', 'connected', 'features'],
};

const layerGroup = (layer) => [`@/${layer}/*`, `@/${layer}/**`, `**/${layer}/*`, `**/${layer}/**`];

export function layerBoundary(layer, below = LAYERS[layer], files = [`src/${layer}/**/*.{ts,tsx}`]) {
  const patterns = Object.keys(LAYERS)
    .filter((other) => other !== layer && !below.includes(other))
    .map((other) => ({
      group: layerGroup(other),
      message: `${layer}/ may import only ${below.join(', ') || 'itself'}: ${other}/ is not below it.`,
    }));
  if (layer === 'protocol' || layer === 'tokens' || layer === 'transport') {
    patterns.push({
      group: ['react', 'react-*', 'react/*', '@tanstack/*'],
      message: `${layer}/ is not UI: no React.`,
    });
  }
  if (layer === 'features') {
    patterns.push(
      {
        group: ['../../*', '../../../*'],
        message: 'Import shared code through "@/…"; relative imports stay inside the feature.',
      },
      { group: ['@/features/*', '@/features/**'], message: 'A feature does not import another feature.' },
    );
  }
  if (layer === 'ui') {
    // ui/ is presentational: of transport it may use only the pure exporters, never send or log.
    const transport = patterns.find((pattern) => pattern.group.includes('@/transport/*'));
    if (transport) transport.group.push('!@/transport/export', '!@/transport/redact');
  }
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns,
        },
      ],
    },
  };
}
