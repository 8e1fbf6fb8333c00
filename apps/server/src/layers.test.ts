import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Layers point one way: modules → integrations → platform. The platform is the generic
 * machinery (database, jobs, HTTP, access), integrations adapt providers, modules are the
 * product; a lower layer that imported a higher one could no longer be understood, tested or
 * reused without it. Tests are left out: a platform test may drive its mechanism with a
 * module's real job or permission list.
 */
const src = path.dirname(fileURLToPath(import.meta.url));
const LAYERS = ['platform', 'integrations', 'modules'] as const;
type Layer = (typeof LAYERS)[number];
const FORBIDDEN: Record<Layer, Layer[]> = { platform: ['integrations', 'modules'], integrations: ['modules'], modules: [] };

function layerOf(file: string): Layer | null {
  const top = path.relative(src, file).split(path.sep)[0];
  return (LAYERS as readonly string[]).includes(top!) ? (top as Layer) : null;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Relative specifiers of static imports, re-exports, dynamic imports and module augmentations. */
function importedSpecifiers(code: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bdeclare\s+module\s+)['"](\.{1,2}\/[^'"]+)['"]/g;
  return [...code.matchAll(pattern)].map((match) => match[1]!);
}

function violations(files: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    if (!from) continue;
    for (const specifier of importedSpecifiers(fs.readFileSync(file, 'utf8'))) {
      const to = layerOf(path.resolve(path.dirname(file), specifier));
      if (to && FORBIDDEN[from].includes(to)) found.push(`${path.relative(src, file)} (${from}) imports ${specifier} (${to})`);
    }
  }
  return found;
}

describe('layering', () => {
  it('finds imports in every form the code uses', () => {
    const code = [
      "import type { A } from '../../modules/a.ts';",
      "import {\n  b,\n} from '../b.ts';",
      "export { c } from './c.ts';",
      "import './side-effect.ts';",
      "const d = await import('../d.ts');",
      "declare module '../e.ts' {}",
      "import fastify from 'fastify';",
    ].join('\n');
    expect(importedSpecifiers(code)).toEqual(['../../modules/a.ts', '../b.ts', './c.ts', './side-effect.ts', '../d.ts', '../e.ts']);
  });

  it('has sources in every layer to check', () => {
    const files = sourceFiles(src);
    for (const layer of LAYERS) expect(files.filter((file) => layerOf(file) === layer).length).toBeGreaterThan(5);
  });

  it('never lets platform/ import integrations/ or modules/, nor integrations/ import modules/', () => {
    expect(violations(sourceFiles(src))).toEqual([]);
  });
});
