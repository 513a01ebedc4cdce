// The station's API contract, rendered from the gateway's real route
// registrations (no listening socket, no database: the plugins only register
// routes and schemas), and the dashboard's types generated from it with
// openapi-typescript. scripts/gen-docs.mjs writes both files; a unit test
// (scripts/openapi.test.mjs) renders them again and compares.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

export const OPENAPI_FILE = 'gateway/openapi.json';
export const CLIENT_TYPES_FILE = 'dashboard/src/lib/api/schema.d.ts';

/**
 * Services for building the HTTP app only to read its document: the real
 * config (the sample file, which loads to exactly the defaults) and version;
 * every other service is a stand-in that answers anything and does nothing.
 * Route handlers never run.
 */
function documentOnlyServices(config, version) {
  const standIn = new Proxy(function () {}, {
    get: (_t, key) => (key === 'then' ? undefined : standIn),
    apply: () => standIn,
  });
  return new Proxy({ config, version }, { get: (known, key) => (key in known ? known[key] : standIn) });
}

/** Sorts an object's keys (not recursively): paths and component names in a stable order. */
const sorted = (obj) => Object.fromEntries(Object.entries(obj ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * The OpenAPI document the station serves at /api/openapi.json, as text.
 * @fastify/swagger names shared schemas def-0, def-1, ... in registration
 * order; they are renamed to their $id (kept by TypeBox as the title) so the
 * dashboard can say components['schemas']['Device'].
 *
 * @param {{ buildHttpApp: Function, loadConfig: Function, sampleConfigFile: string, version: string }} gateway
 */
export async function renderOpenApi({ buildHttpApp, loadConfig, sampleConfigFile, version }) {
  // A built dashboard directory, so the document is the same whether or not dashboard/dist exists
  // (without one the gateway adds a fallback page at /).
  const dashboardDir = mkdtempSync(join(tmpdir(), 'liuhen-openapi-'));
  writeFileSync(join(dashboardDir, 'index.html'), '');
  const base = loadConfig({ file: sampleConfigFile, env: {} });
  const config = { ...base, dashboard: { ...base.dashboard, dir: dashboardDir } };
  const silent = {
    level: 'silent',
    child: () => silent,
    ...Object.fromEntries(['fatal', 'error', 'warn', 'info', 'debug', 'trace'].map((l) => [l, () => {}])),
  };
  const { app } = await buildHttpApp(documentOnlyServices(config, version), silent);
  let doc;
  try {
    await app.ready();
    doc = structuredClone(app.swagger());
  } finally {
    await app.close();
    rmSync(dashboardDir, { recursive: true, force: true });
  }

  const names = new Map();
  for (const [key, schema] of Object.entries(doc.components?.schemas ?? {})) {
    const name = typeof schema.title === 'string' && /^[A-Za-z][A-Za-z0-9]*$/.test(schema.title) ? schema.title : key;
    if ([...names.values()].includes(name)) throw new Error(`two shared API schemas are named ${name}`);
    names.set(key, name);
  }
  let text = JSON.stringify({
    ...doc,
    paths: sorted(doc.paths),
    components: { ...doc.components, schemas: sorted(doc.components?.schemas) },
  });
  text = text.replace(/"#\/components\/schemas\/(def-\d+)"/g, (m, key) =>
    names.has(key) ? `"#/components/schemas/${names.get(key)}"` : m,
  );
  const renamed = JSON.parse(text);
  renamed.components.schemas = sorted(
    Object.fromEntries(Object.entries(renamed.components.schemas).map(([key, s]) => [names.get(key) ?? key, s])),
  );
  return `${JSON.stringify(renamed, null, 2)}\n`;
}

const HEADER = `// GENERATED FILE, DO NOT EDIT: run \`npm run docs\`.
// openapi-typescript types of the station API (${OPENAPI_FILE}); a unit test checks it is current.
// The dashboard names the types it uses in dashboard/src/lib/api/types.ts.

`;

/** The dashboard's API types: openapi-typescript of the document text. */
export async function renderClientTypes(openApiText) {
  const ast = await openapiTS(JSON.parse(openApiText), { alphabetize: false, silent: true });
  return HEADER + astToString(ast);
}
