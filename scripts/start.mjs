// npm start: build what is not built, start the station (gateway) and three
// simulated recorders (one of them recording), print the dashboard URL.
// Ctrl-C stops everything: recorders first (their ffmpeg pushes), then the gateway.
import { buildIfNeeded } from './build-if-needed.mjs';

buildIfNeeded();

const { loadConfig, startGateway } = await import('@liuhen/gateway');
const { startAgent } = await import('@liuhen/firmware-host');
const { getProfile } = await import('@liuhen/device-profiles');

const config = loadConfig();
let gateway;
try {
  gateway = await startGateway(config);
} catch (err) {
  console.error(`\nliuhen: ${err.message}\n`);
  process.exit(1);
}

const sims = [
  { deviceId: 'sim-001', officerId: '33010012', record: true },
  { deviceId: 'sim-002', officerId: '33010027', record: false },
  { deviceId: 'sim-003', officerId: null, record: false },
];
const agents = [];
for (const s of sims) {
  const agent = await startAgent({
    deviceId: s.deviceId,
    profile: getProfile('sim'),
    mqttUrl: `mqtt://127.0.0.1:${gateway.ports.mqtt}`,
    rtmpUrl: `rtmp://127.0.0.1:${gateway.ports.rtmp}`,
    // Evidence segments are offloaded to the station, as a docked recorder's would be.
    stationUrl: gateway.url,
    officerId: s.officerId,
    dataDir: `${config.storage.dataDir}/recorders`,
    log: (m) => gateway.log.info({ deviceId: s.deviceId }, m),
  });
  agents.push(agent);
  await agent.connected();
  if (s.record) agent.buttons.press();
}

console.log(
  `\n  liuhen is running.  Dashboard: ${gateway.url}/\n  MQTT :${gateway.ports.mqtt}  RTMP :${gateway.ports.rtmp}  data: ${config.storage.dataDir}\n  Ctrl-C to stop.\n`,
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
