// One simulated recorder (sim profile: its own libx264 ffmpeg while recording) in
// its own process, like a real device: the benchmark process then only presses,
// listens to SSE and drives the browser.
//
//   node bench/agent-proc.mjs <deviceId> <mqttUrl> <rtmpUrl> <dataDir>
//
// Prints `LIUHEN_BENCH_READY` once connected to the station, then one
// `LIUHEN_AGENT <message>` line per agent log message. Stops on SIGTERM/SIGINT
// or when its stdin closes.
import { runSimAgent } from './lib-proc.mjs';

const [deviceId, mqttUrl, rtmpUrl, dataDir] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node bench/agent-proc.mjs <deviceId> <mqttUrl> <rtmpUrl> <dataDir>');
  process.exit(2);
}

await runSimAgent({ deviceId, mqttUrl, rtmpUrl, dataDir }, 8000);
