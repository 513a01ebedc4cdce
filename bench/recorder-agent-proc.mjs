// One whole sim recorder agent (MQTT, continuous capture, live relay, offload to
// the station) alone in its own process, so bench/recorder.mjs can measure its
// CPU and memory from outside (/proc/<pid>), separately from its ffmpeg children.
//
//   node bench/recorder-agent-proc.mjs <deviceId> <mqttUrl> <rtmpUrl> <stationUrl> <dataDir>
//
// Prints `LIUHEN_BENCH_READY` once connected to the station, then one
// `LIUHEN_AGENT <message>` line per agent log message. Stops on SIGTERM/SIGINT
// or when its stdin closes (the parent went away).
import { getProfile } from '@liuhen/device-profiles';
import { startAgent } from '@liuhen/firmware-host';

const [deviceId, mqttUrl, rtmpUrl, stationUrl, dataDir] = process.argv.slice(2);
if (dataDir === undefined) {
  console.error('usage: node bench/recorder-agent-proc.mjs <deviceId> <mqttUrl> <rtmpUrl> <stationUrl> <dataDir>');
  process.exit(2);
}

const agent = await startAgent({
  deviceId,
  officerId: '33010012',
  profile: getProfile('sim'),
  mqttUrl,
  rtmpUrl,
  // An empty station URL: no offload.
  stationUrl: stationUrl || undefined,
  dataDir,
  log: (m) => process.stdout.write(`LIUHEN_AGENT ${m.replace(/\n/g, ' ')}\n`),
});

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), 10_000).unref();
  try {
    await agent.stop();
  } catch (err) {
    console.error(`agent stop failed: ${err.message}`);
  }
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
process.stdin.on('end', () => void shutdown());
process.stdin.on('error', () => void shutdown());
process.stdin.resume();

await agent.connected();
process.stdout.write('LIUHEN_BENCH_READY\n');
