import type { Linter } from 'eslint';

export type Layer = 'protocol' | 'tokens' | 'transport' | 'state' | 'ui' | 'connected' | 'features' | 'app';
export declare const LAYERS: Readonly<Record<Layer, readonly Layer[]>>;
export declare function layerBoundary(
  layer: Layer,
  below?: readonly Layer[],
  files?: string[],
): Linter.Config;
