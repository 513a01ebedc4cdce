// npm test: make sure what the tests need is on this machine (Chromium for
// the end-to-end tests, a CJK font, InfluxDB 1.x for the telemetry store,
// mosquitto_sub as a third-party MQTT client),
// build what is not built, run every vitest project, and close with
// "N passed, N failed" from the JSON report.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { buildIfNeeded } from './build-if-needed.mjs';
import { printSummary, REPORT } from './test-summary.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const onPath = (program) =>
  [...(process.env.PATH ?? '').split(delimiter), '/usr/bin'].some((dir) => dir && existsSync(join(dir, program)));
const hasInfluxd = () => onPath('influxd');

function ensureSystemPackages() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (!existsSync(CJK_FONT)) missing.push('fonts-wqy-microhei');
  if (!hasInfluxd()) missing.push('influxdb');
  // A third-party MQTT client (mosquitto_sub) in its own process, for the broker tests.
  if (!onPath('mosquitto_sub')) missing.push('mosquitto-clients');
  if (!existsSync('/usr/share/doc/facedetect/examples/grace_hopper_512x512.jpg')) missing.push('facedetect'); // face photo + python3-opencv, opencv-data: video redaction
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    console.error(
      `The tests need Debian packages: ${missing.join(' ')}.\nInstall them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
    process.exit(1);
  }
  console.log(`installing ${missing.join(' ')} with apt-get ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  });
  if (update.status !== 0 || install.status !== 0) {
    console.error(`apt-get could not install ${missing.join(' ')}: install them by hand and run npm test again`);
    process.exit(1);
  }
}

ensureSystemPackages();
buildIfNeeded();

const vitest = spawnSync(
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${REPORT}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
printSummary();
process.exit(vitest.status ?? 1);
