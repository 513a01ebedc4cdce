// Writes the generated documents from the built packages (run `npx tsc -b` first):
//   docs/protocol.md           renderProtocolDoc() of @liuhen/device-profiles
//   gateway/liuhen.sample.yaml renderSampleConfig() of @liuhen/gateway
// Tests compare both files with their renderers; rerun this after changing a
// schema, a topic, a hardware profile or a gateway setting.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const { renderProtocolDoc } = await import('@liuhen/device-profiles');
const { renderSampleConfig } = await import('@liuhen/gateway');

const outputs = [
  ['../docs/protocol.md', renderProtocolDoc()],
  ['../gateway/liuhen.sample.yaml', renderSampleConfig()],
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
