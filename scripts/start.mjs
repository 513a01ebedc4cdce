// npm start: build what is not built, start the station (gateway) and three
// simulated recorders (one of them recording), print the dashboard URL.
// Ctrl-C stops everything: recorders first (their ffmpeg pushes), then the gateway.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfNeeded } from './build-if-needed.mjs';
import { seedLegalReviewDemo } from './demo-legal-review.mjs';
import { seedPublicityDemo } from './demo-publicity.mjs';
import { seedDisclosureDemo } from './demo-disclosure.mjs';

buildIfNeeded();

const { createLogger, loadConfig, startGateway } = await import('@liuhen/gateway');
const { startAgent } = await import('@liuhen/firmware-host');
const { getProfile } = await import('@liuhen/device-profiles');

// `npm start` is the demo: one account per role with the published demo password (printed below).
// A real station runs `liuhen-gateway`, which refuses to start while demo accounts are enabled.
// The demo runs with a real station's authentication; only its demo accounts and the tile's
// record button (a press of a simulated recorder) are extra.
const config = loadConfig({
  env: {
    LIUHEN_AUTH_DEMO: 'true',
    LIUHEN_DEVICES_ALLOW_SIM_COMMANDS: 'true',
    // The public publicity portal (行政执法公示) on its own port, and the agency it speaks for.
    LIUHEN_PORTAL_PORT: '8090',
    LIUHEN_LEGAL_REVIEW_AGENCY: '示例县综合行政执法局',
    ...process.env,
  },
});
let gateway;
try {
  // Readable lines at a terminal, JSON when piped (log.format, LIUHEN_LOG_FORMAT=pretty|json).
  gateway = await startGateway(config, { log: createLogger(config.log) });
} catch (err) {
  console.error(`\nliuhen: ${err.message}\n`);
  process.exit(1);
}

// Two recorders go out through the hand-out desk (self-test, assignment, officer id pushed to the
// recorder); the third stays docked at the station.
const sims = [
  { deviceId: 'sim-001', officerId: '33010012', record: true },
  { deviceId: 'sim-002', officerId: '33010027', record: false },
  { deviceId: 'sim-003', officerId: null, record: false },
];
// The demo's own setup calls go through the API like any integration: with an API token (an hour).
const { token } = await gateway.auth.createToken(
  { name: 'demo-setup', role: 'admin', expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
  'demo',
);
const api = async (method, path, body) => {
  const res = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
};
// Demo people, created or refreshed on every start.
await api('POST', '/api/units', { id: 'demo-unit', name: '示例执法中队' });
await api('POST', '/api/officers', { id: '33010012', name: '张明', unitId: 'demo-unit', licenceNo: 'ZF33010012' });
await api('POST', '/api/officers', { id: '33010027', name: '李华', unitId: 'demo-unit', licenceNo: 'ZF33010027' });
// The simulated recorders are enrolled at the desk like real ones: the station adds each to
// its inventory and issues a one-time code; the recorder redeems it at first boot for its id,
// MQTT and RTMP credentials, and registers its evidence key. Each keeps its identity in its own
// folder (data/recorders/<id>/), so later starts reuse it.
const agents = [];
for (const s of sims) {
  const dataDir = join(config.storage.dataDir, 'recorders', s.deviceId);
  const add = await api('POST', '/api/devices', { id: s.deviceId, profile: 'sim', serial: `SIM-${s.deviceId}` });
  if (add.status !== 201 && add.status !== 409) throw new Error(`could not add ${s.deviceId}: ${add.body?.message}`);
  let enrollment;
  if (!existsSync(join(dataDir, 'enrollment.json'))) {
    const code = await api('POST', `/api/devices/${s.deviceId}/enrollment`, {});
    if (code.status !== 201) throw new Error(`no enrollment code for ${s.deviceId}: ${code.body?.message}`);
    enrollment = { stationUrl: gateway.url, code: code.body.code };
  }
  const agent = await startAgent({
    deviceId: s.deviceId,
    ...(enrollment ? { enrollment } : {}),
    profile: getProfile('sim'),
    mqttUrl: `mqtt://127.0.0.1:${gateway.ports.mqtt}`,
    rtmpUrl: `rtmp://127.0.0.1:${gateway.ports.rtmp}`,
    stationUrl: gateway.url,
    officerId: null,
    dataDir,
    log: (m) => gateway.log.info({ deviceId: s.deviceId }, m),
  });
  agents.push(agent);
  await agent.connected();
}
for (const [i, s] of sims.entries()) {
  if (!s.officerId) continue;
  // A recorder that is already out (a restart of the demo) stays with its officer.
  if (!gateway.registry.get(s.deviceId)?.holder) {
    let answer;
    for (let tries = 0; tries < 40; tries++) {
      answer = await api('POST', '/api/desk/hand-out', { deviceId: s.deviceId, officerId: s.officerId });
      if (answer.status !== 422) break;
      await new Promise((r) => setTimeout(r, 500)); // the self-test needs the recorder's first telemetry
    }
    if (answer.status !== 201) console.warn(`liuhen: hand-out of ${s.deviceId} refused: ${answer.body?.message}`);
  }
  if (s.record) agents[i].buttons.press();
}

// One major case in legal review (documents, footage from sim-001, a coverage gap, two rounds).
try {
  await seedLegalReviewDemo({ url: gateway.url, token, api, password: gateway.demoAccounts[0]?.password ?? '' });
} catch (err) {
  console.warn(`liuhen: the legal-review demo case was not seeded: ${err.message}`);
}
// One finished inspection nobody recorded: from the first minute, 待办 holds its coverage gap and
// 覆盖率 counts it (the legal-review case's step ends 3 minutes after start). Once per data folder.
{
  const now = Date.now();
  const gap = await api('POST', '/api/cases', {
    number: '示例市监检〔2026〕5号',
    kind: 'inspection',
    title: '食品经营日常检查',
    party: '某某餐饮店',
    unitId: 'demo-unit',
    steps: [
      {
        kind: 'on-site-inspection',
        title: '现场检查',
        startsAt: new Date(now - 25 * 60_000).toISOString(),
        endsAt: new Date(now - 10 * 60_000).toISOString(),
        location: '示例路 8 号',
        requirement: 'required',
        officers: ['33010012'],
      },
    ],
  });
  if (gap.status !== 201 && gap.status !== 409)
    console.warn(`liuhen: the unrecorded-inspection demo case was not seeded: ${gap.body?.message}`);
}
// Results on the public portal: two published (one of them withdrawn), one draft on its clock.
try {
  await seedPublicityDemo({ api });
} catch (err) {
  console.warn(`liuhen: the publicity demo was not seeded: ${err.message}`);
}
// Pages before enforcement (事前公开) and one random inspection draw anyone can verify.
try {
  await seedDisclosureDemo({ api });
} catch (err) {
  console.warn(`liuhen: the disclosure demo was not seeded: ${err.message}`);
}

const accounts = gateway.demoAccounts.map((a) => `    ${a.username.padEnd(12)} ${a.role.padEnd(18)} ${a.password}`);
console.log(
  `\n  liuhen is running (demo).  Dashboard: ${gateway.url}/` +
    (gateway.portalUrl ? `  Public portal: ${gateway.portalUrl}/` : '') +
    `\n  MQTT :${gateway.ports.mqtt}  RTMP :${gateway.ports.rtmp}  data: ${config.storage.dataDir}\n` +
    `  Demo accounts (user, role, password):\n${accounts.join('\n')}\n  Ctrl-C to stop.\n`,
);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log('stopping ...');
  await Promise.all(agents.map((a) => a.stop()));
  await gateway.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
