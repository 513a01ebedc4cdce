// Writes the generated documents from the built packages (run `npx tsc -b` first):
//   docs/protocol.md           renderProtocolDoc() of @liuhen/device-profiles
//   gateway/liuhen.sample.yaml renderSampleConfig() of @liuhen/gateway
//   gateway/openapi.json       the station's OpenAPI document (scripts/openapi.mjs)
//   dashboard/src/lib/api/schema.d.ts  the dashboard's API types, generated from it
// Tests compare every file with its renderer; rerun this after changing a
// schema, a topic, a hardware profile, a gateway setting or an API route.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const { renderProtocolDoc } = await import('@liuhen/device-profiles');
const { renderSampleConfig, loadConfig } = await import('@liuhen/gateway');
const { buildHttpApp } = await import('../gateway/dist/http/app.js');
const { CLIENT_TYPES_FILE, OPENAPI_FILE, renderClientTypes, renderOpenApi } = await import('./openapi.mjs');

const gatewayUrl = new URL('../gateway/', import.meta.url);
const openApi = await renderOpenApi({
  buildHttpApp,
  loadConfig,
  sampleConfigFile: fileURLToPath(new URL('liuhen.sample.yaml', gatewayUrl)),
  version: JSON.parse(readFileSync(new URL('package.json', gatewayUrl), 'utf8')).version,
});

const outputs = [
  ['../docs/protocol.md', renderProtocolDoc()],
  ['../gateway/liuhen.sample.yaml', renderSampleConfig()],
  [`../${OPENAPI_FILE}`, openApi],
  [`../${CLIENT_TYPES_FILE}`, await renderClientTypes(openApi)],
];

for (const [rel, text] of outputs) {
  const file = fileURLToPath(new URL(rel, import.meta.url));
  let before = null;
  try {
    before = readFileSync(file, 'utf8');
  } catch {
    // first run
  }
  if (before === text) {
    console.log(`unchanged ${rel.slice(3)}`);
    continue;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote     ${rel.slice(3)}`);
}
