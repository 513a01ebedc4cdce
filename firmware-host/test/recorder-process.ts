/**
 * One recorder agent in its own process, for fault tests that kill the whole recorder (agent
 * and encoder together, as a power cut does). Settings come as JSON in LIUHEN_TEST_RECORDER:
 * { dataDir, mqttUrl, rtmpUrl, stationUrl, enrollCode?, deviceId?, profile overrides, record }.
 * SIGINT stops it gracefully; it prints "READY" once connected and "RECORDING" after the press.
 */
import { getProfile } from '@liuhen/device-profiles';
import { startAgent } from '../src/agent.js';

interface Settings {
  dataDir: string;
  mqttUrl: string;
  rtmpUrl: string;
  stationUrl: string;
  enrollCode?: string;
  deviceId?: string;
  recording: { segmentSeconds: number; fragmentSeconds: number; preRecordSeconds: number; postRecordSeconds: number };
  record: boolean;
}

const s = JSON.parse(process.env.LIUHEN_TEST_RECORDER ?? '{}') as Settings;
const sim = getProfile('sim');
const agent = await startAgent({
  ...(s.deviceId ? { deviceId: s.deviceId } : {}),
  ...(s.enrollCode ? { enrollment: { stationUrl: s.stationUrl, code: s.enrollCode } } : {}),
  profile: { ...sim, recording: s.recording },
  mqttUrl: s.mqttUrl,
  rtmpUrl: s.rtmpUrl,
  stationUrl: s.stationUrl,
  dataDir: s.dataDir,
  log: (m) => console.log(m),
});
await agent.connected();
console.log('READY');
if (s.record) {
  agent.buttons.press();
  console.log(`RECORDING ${Date.now()}`);
}
let stopping = false;
process.on('SIGINT', () => {
  if (stopping) return;
  stopping = true;
  void agent.stop().then(() => {
    console.log('STOPPED');
    process.exit(0);
  });
});
