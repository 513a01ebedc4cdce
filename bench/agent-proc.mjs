// One simulated recorder (sim profile: its own libx264 ffmpeg while recording) in
// its own process, like a real device: the benchmark process then only presses,
// listens to SSE and drives the browser.
//
//   node bench/agent-proc.mjs <deviceId> <mqttUrl> <rtmpUrl> <dataDir>
//
// Prints `LIUHEN_BENCH_READY` once connected to the station, then one
// `LIUHEN_AGENT <message>` line per agent log message. Stops on SIGTERM/SIGINT
// or when its stdin closes.
import { getProfile } from '@liuhen/device-profiles';
import { startAgent } from '@liuhen/firmware-host';

const [deviceId, mqttUrl, rtmpUrl, dataDir] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node bench/agent-proc.mjs <deviceId> <mqttUrl> <rtmpUrl> <dataDir>');
  process.exit(2);
}

const agent = await startAgent({
  deviceId,
  officerId: '33010012',
  profile: getProfile('sim'),
  mqttUrl,
  rtmpUrl,
  dataDir,
  log: (m) => process.stdout.write(`LIUHEN_AGENT ${m.replace(/\n/g, ' ')}\n`),
});

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), 8000).unref();
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
