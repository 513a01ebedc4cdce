// The committed API contract is current: gateway/openapi.json is what the
// gateway's routes publish, and the dashboard's generated types are
// openapi-typescript of that file. Both are rendered again here, from the
// gateway's TypeScript sources, and compared with the files.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../gateway/src/config.ts';
import { buildHttpApp } from '../gateway/src/http/app.ts';
import { CLIENT_TYPES_FILE, OPENAPI_FILE, renderClientTypes, renderOpenApi } from './openapi.mjs';

const root = new URL('../', import.meta.url);
const onDisk = (rel) => {
  try {
    return readFileSync(new URL(rel, root), 'utf8');
  } catch {
    return ''; // reported by the assertion
  }
};

describe('the API contract', () => {
  it(`${OPENAPI_FILE} and ${CLIENT_TYPES_FILE} are current`, { timeout: 60_000 }, async () => {
    const doc = await renderOpenApi({
      buildHttpApp,
      loadConfig,
      sampleConfigFile: fileURLToPath(new URL('gateway/liuhen.sample.yaml', root)),
      version: JSON.parse(onDisk('gateway/package.json')).version,
    });
    expect(onDisk(OPENAPI_FILE) === doc, `${OPENAPI_FILE} is stale or missing: run npm run docs`).toBe(true);
    const types = await renderClientTypes(doc);
    expect(onDisk(CLIENT_TYPES_FILE) === types, `${CLIENT_TYPES_FILE} is stale or missing: run npm run docs`).toBe(
      true,
    );
  });
});
