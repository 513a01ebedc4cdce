// One whole sim recorder agent (MQTT, continuous capture, live relay, offload to
// the station) alone in its own process, so bench/recorder.mjs can measure its
// CPU and memory from outside (/proc/<pid>), separately from its ffmpeg children.
//
//   node bench/recorder-agent-proc.mjs <deviceId> <mqttUrl> <rtmpUrl> <stationUrl> <dataDir>
//
// Prints `LIUHEN_BENCH_READY` once connected to the station, then one
// `LIUHEN_AGENT <message>` line per agent log message. Stops on SIGTERM/SIGINT
// or when its stdin closes (the parent went away).
import { runSimAgent } from './lib-proc.mjs';

const [deviceId, mqttUrl, rtmpUrl, stationUrl, dataDir] = process.argv.slice(2);
if (dataDir === undefined) {
  console.error('usage: node bench/recorder-agent-proc.mjs <deviceId> <mqttUrl> <rtmpUrl> <stationUrl> <dataDir>');
  process.exit(2);
}

await runSimAgent(
  // An empty station URL: no offload.
  { deviceId, mqttUrl, rtmpUrl, stationUrl: stationUrl || undefined, dataDir },
  10_000,
);
