/** The live push supervisor with a stand-in process that, like ffmpeg, takes a while to exit on SIGINT. */
import { afterEach, describe, expect, it } from 'vitest';
import { LiveStreamer } from '../src/live-streamer.js';

const SLOW_EXIT = 'process.on("SIGINT", () => setTimeout(() => process.exit(0), 400)); setInterval(() => {}, 1000);';
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let streamer: LiveStreamer | undefined;
afterEach(async () => {
  await streamer?.stop();
});

describe('LiveStreamer', () => {
  it('a stop followed at once by a start leaves exactly one push running, and none after stop', async () => {
    const pids: number[] = [];
    streamer = new LiveStreamer({ ffmpegPath: process.execPath, args: () => ['-e', SLOW_EXIT], log: () => undefined });
    streamer.on('spawn', () => pids.push((streamer as unknown as { child: { pid: number } }).child.pid));
    streamer.start();
    await sleep(200);
    void streamer.stop();
    streamer.start();
    await sleep(1000);
    expect(pids).toHaveLength(2);
    expect(alive(pids[0]!)).toBe(false);
    expect(alive(pids[1]!)).toBe(true);
    expect(streamer.running).toBe(true);
    await streamer.stop();
    expect(alive(pids[1]!)).toBe(false);
    expect(pids).toHaveLength(2);
  });

  it('restarts a push that dies while wanted', async () => {
    let spawns = 0;
    streamer = new LiveStreamer({
      ffmpegPath: process.execPath,
      args: () => ['-e', 'process.exit(1)'],
      log: () => undefined,
      maxBackoffMs: 100,
    });
    streamer.on('spawn', () => (spawns += 1));
    streamer.start();
    await sleep(1500);
    expect(spawns).toBeGreaterThanOrEqual(3);
  });
});
