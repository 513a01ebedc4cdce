// Startup and shutdown shared by the benchmark's child processes (gateway-proc.mjs,
// agent-proc.mjs, recorder-agent-proc.mjs), which the benchmark scripts start with
// startNodeChild (bench/lib.mjs) and measure from outside.
import { getProfile } from '@liuhen/device-profiles';
import { startAgent } from '@liuhen/firmware-host';

/**
 * Stops cleanly (`stop()`, then exit 0) on SIGTERM/SIGINT, or when stdin closes because the parent went away;
 * exits 1 if stopping takes longer than graceMs. `what` names the thing in the error message.
 */
export function stopOnSignalOrParentGone(stop, graceMs, what) {
  let stopping = false;
  async function shutdown() {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), graceMs).unref();
    try {
      await stop();
    } catch (err) {
      console.error(`${what} stop failed: ${err.message}`);
    }
    process.exit(0);
  }
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  process.stdin.on('end', () => void shutdown());
  process.stdin.on('error', () => void shutdown());
  process.stdin.resume();
}

/**
 * One sim recorder agent in this process: its log as `LIUHEN_AGENT <message>` lines, then `LIUHEN_BENCH_READY`
 * once it is connected to the station. `stationUrl` undefined: no offload.
 */
export async function runSimAgent({ deviceId, mqttUrl, rtmpUrl, stationUrl, dataDir }, graceMs) {
  const agent = await startAgent({
    deviceId,
    officerId: '33010012',
    profile: getProfile('sim'),
    mqttUrl,
    rtmpUrl,
    stationUrl,
    dataDir,
    log: (m) => process.stdout.write(`LIUHEN_AGENT ${m.replace(/\n/g, ' ')}\n`),
  });
  stopOnSignalOrParentGone(() => agent.stop(), graceMs, 'agent');
  await agent.connected();
  process.stdout.write('LIUHEN_BENCH_READY\n');
}
