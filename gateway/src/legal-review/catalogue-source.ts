/**
 * Which catalogue of major decisions is in force: the file the configuration names, else the
 * bundled sample, unless an admin replaced it from the dashboard (kept in the data directory,
 * `legal-review/catalogue.yaml`, so it survives restarts and upgrades). A replacement is checked
 * completely before it is written; a file with any problem changes nothing. Each classification
 * stores the version and SHA-256 of the text that made it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileCatalogueText, type CatalogueEvaluator } from './catalogue.js';

export const SAMPLE_CATALOGUE = fileURLToPath(new URL('../../src/legal-review/catalogue.sample.yaml', import.meta.url));

export interface LoadedCatalogue {
  evaluator: CatalogueEvaluator;
  text: string;
  sha256: string;
  /** Where it came from: the data directory, the configured file, or the sample. */
  source: string;
}

export interface CatalogueSource {
  current(): LoadedCatalogue;
  /** Checks and installs a new catalogue text; throws Invalid (every problem listed) and changes nothing when wrong. */
  replace(text: string): Promise<LoadedCatalogue>;
}

function load(text: string, source: string): LoadedCatalogue {
  return {
    evaluator: compileCatalogueText(text, source),
    text,
    sha256: createHash('sha256').update(text).digest('hex'),
    source,
  };
}

/** The sample ships as source; from dist/ the same relative path reaches it (gateway/src/legal-review). */
function samplePath(): string {
  if (existsSync(SAMPLE_CATALOGUE)) return SAMPLE_CATALOGUE;
  return fileURLToPath(new URL('./catalogue.sample.yaml', import.meta.url));
}

export function createCatalogueSource(opts: { dataDir: string; configuredFile: string }): CatalogueSource {
  const saved = join(opts.dataDir, 'legal-review', 'catalogue.yaml');
  const initial = existsSync(saved) ? saved : opts.configuredFile || samplePath();
  let loaded = load(readFileSync(initial, 'utf8'), initial);
  return {
    current: () => loaded,
    async replace(text) {
      const next = load(text, 'the new catalogue');
      await mkdir(dirname(saved), { recursive: true });
      const tmp = `${saved}.part`;
      const fh = await open(tmp, 'w');
      try {
        await fh.writeFile(text);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, saved);
      loaded = { ...next, source: saved };
      return loaded;
    },
  };
}
