// One whole sim recorder agent (MQTT, capture, evidence chain, offload to the station) alone in
// its own process, for bench/power-cut.mjs, which starts it as the leader of its own process
// group so that one process.kill(-pid, 'SIGKILL') takes the agent and its ffmpegs at once, as
// a power cut does. Like firmware-host/test/recorder-process.ts, but on the built packages and
// with timestamps on its lines. Settings come as JSON in LIUHEN_BENCH_RECORDER:
//   { dataDir, mqttUrl, rtmpUrl, stationUrl, enrollCode?, deviceId?, recording, record }
//
// Lines on stdout (wall-clock ms, Date.now()):
//   STARTING <ms>      just before startAgent()
//   AGENT <ms>         startAgent() returned (capture running)
//   READY <ms>         connected to the station
//   RECORDING <ms>     after the press, when `record` is set
//   STATE <ms> <mode>  after a `press` line on stdin
//   STOPPED <ms>       after a graceful stop (SIGINT or SIGTERM), just before exit 0
//   LOG <message>      every agent log message
import { createInterface } from 'node:readline';
import { getProfile } from '@liuhen/device-profiles';
import { startAgent } from '@liuhen/firmware-host';

const s = JSON.parse(process.env.LIUHEN_BENCH_RECORDER ?? '{}');
const out = (line) => process.stdout.write(`${line}\n`);
const sim = getProfile('sim');

out(`STARTING ${Date.now()}`);
const agent = await startAgent({
  ...(s.deviceId ? { deviceId: s.deviceId } : {}),
  ...(s.enrollCode ? { enrollment: { stationUrl: s.stationUrl, code: s.enrollCode } } : {}),
  profile: { ...sim, recording: s.recording ?? sim.recording },
  mqttUrl: s.mqttUrl,
  rtmpUrl: s.rtmpUrl,
  stationUrl: s.stationUrl,
  dataDir: s.dataDir,
  log: (m) => out(`LOG ${m.replace(/\n/g, ' ')}`),
});
out(`AGENT ${Date.now()}`);

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  void agent.stop().then(() => {
    out(`STOPPED ${Date.now()}`);
    process.exit(0);
  });
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'press' && !stopping) {
    agent.buttons.press();
    out(`STATE ${Date.now()} ${agent.state().mode}`);
  }
});

await agent.connected();
out(`READY ${Date.now()}`);
if (s.record) {
  agent.buttons.press();
  out(`RECORDING ${Date.now()}`);
}
