import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveFfmpeg } from '@liuhen/device-profiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exited,
  probe,
  pushTestStream,
  registerDevice,
  startTestGateway,
  waitFor,
  type TestGateway,
} from './helpers.js';

interface Recording {
  id: string;
  deviceId: string;
  sessionId: string;
  durationSeconds: number;
  bytes: number;
  sha256: string;
  fileUrl: string;
  startedAt: string;
  endedAt: string;
}

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ rtmp: { reconnectGraceSeconds: 5 } });
  await registerDevice(gw, 'cam-10s');
  await registerDevice(gw, 'cam-flaky');
});
afterAll(async () => {
  await gw.cleanup();
});

async function recordingsOf(deviceId: string): Promise<Recording[]> {
  const r = await gw.fetch(`/api/recordings?device=${deviceId}`);
  return ((await r.json()) as { recordings: Recording[] }).recordings;
}

describe('RTMP ingest and station recording (node-media-server + real ffmpeg)', () => {
  it('records a 10 s push as a playable MP4 of 10 ± 1 s, hashed and served with ranges', async () => {
    const push = pushTestStream(`${gw.rtmpUrl}/live/cam-10s`, 10);
    await waitFor(() => gw.registry.get('cam-10s')?.live, 5000, 'stream live');
    expect(await exited(push)).toBe(0);
    // The push ended without a state change: the recording closes after the reconnect grace.
    const [rec] = await waitFor(
      async () => {
        const list = await recordingsOf('cam-10s');
        return list.length > 0 ? list : null;
      },
      20_000,
      'recording indexed',
    );
    expect(rec!.durationSeconds).toBeGreaterThanOrEqual(9);
    expect(rec!.durationSeconds).toBeLessThanOrEqual(11);

    const file = await gw.fetch(`${rec!.fileUrl}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/video\/mp4/);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.length).toBe(rec!.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(rec!.sha256);

    const path = join(gw.dataDir, 'footage', 'cam-10s');
    const onDisk = (await import('node:fs'))
      .readdirSync(path, { recursive: true })
      .find((f) => String(f).endsWith('.mp4'));
    const full = join(path, String(onDisk));
    expect(readFileSync(full).equals(bytes)).toBe(true);
    const p = probe(full);
    expect(p.codecs.sort()).toEqual(['aac', 'h264']);
    expect(Math.abs(p.duration - 10)).toBeLessThanOrEqual(1);

    const part = await gw.fetch(`${rec!.fileUrl}`, { headers: { Range: 'bytes=100-1099' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 1100))).toBe(true);
  });

  it('refuses a stream name that is not a known device', async () => {
    const refused: string[] = [];
    gw.ingest.on('refused', (path) => refused.push(path));
    const push = pushTestStream(`${gw.rtmpUrl}/live/nobody-here`, 5);
    const code = await exited(push);
    expect(code).not.toBe(0);
    expect(gw.registry.has('nobody-here')).toBe(false);
    expect(refused).toEqual(['/live/nobody-here']);
    expect(await recordingsOf('nobody-here')).toEqual([]);
  });

  it('serves the live stream as HTTP-FLV while publishing, 404 otherwise', async () => {
    const idle = await gw.fetch(`/live/cam-flaky.flv`);
    expect(idle.status).toBe(404);
    const push = pushTestStream(`${gw.rtmpUrl}/live/cam-flaky`);
    try {
      await waitFor(() => gw.registry.get('cam-flaky')?.live, 5000, 'stream live');
      const ctrl = new AbortController();
      const res = await gw.fetch(`/live/cam-flaky.flv`, { signal: ctrl.signal });
      expect(res.headers.get('content-type')).toBe('video/x-flv');
      const reader = res.body!.getReader();
      const first = await reader.read();
      expect(Buffer.from(first.value!).subarray(0, 3).toString()).toBe('FLV');
      ctrl.abort();
      // Anonymous viewers are kept out: without signing in, and by RTMP (which has no sign-in) at all.
      expect((await fetch(`${gw.url}/live/cam-flaky.flv`)).status).toBe(401);
      // (async: the station runs in this process and must answer the player.)
      const player = spawn(
        resolveFfmpeg(),
        ['-hide_banner', '-i', `${gw.rtmpUrl}/live/cam-flaky`, '-t', '1', '-f', 'null', '-'],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      player.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const killer = setTimeout(() => player.kill('SIGKILL'), 15_000);
      const status = await exited(player);
      clearTimeout(killer);
      expect(status).not.toBe(0);
      expect(stderr).not.toMatch(/frame=\s*[1-9]/);
    } finally {
      push.kill('SIGKILL');
      await exited(push);
    }
  });

  it.each([
    ['killed (socket closed)', 'SIGKILL'],
    ['frozen (socket left open, stale publisher)', 'SIGSTOP'],
  ] as const)('accepts a reconnecting publisher within 2 s when the old one was %s', async (_label, signal) => {
    const first = pushTestStream(`${gw.rtmpUrl}/live/cam-flaky`);
    await waitFor(() => gw.registry.get('cam-flaky')?.live, 5000, 'first publish live');
    await new Promise((r) => setTimeout(r, 1500));
    first.kill(signal);

    const t0 = Date.now();
    const accepted = new Promise<number>((resolve) => gw.ingest.once('accepted', () => resolve(Date.now() - t0)));
    const second = pushTestStream(`${gw.rtmpUrl}/live/cam-flaky`);
    const acceptedMs = await accepted;
    // And its media reaches a live viewer (past the GOP cache of the old publish).
    const ctrl = new AbortController();
    const res = await gw.fetch(`/live/cam-flaky.flv`, { signal: ctrl.signal });
    const reader = res.body!.getReader();
    let bytes = 0;
    while (bytes < 200_000) {
      const chunk = await reader.read();
      if (chunk.done) break;
      bytes += chunk.value.length;
    }
    ctrl.abort();
    expect(second.exitCode).toBeNull();
    expect(bytes).toBeGreaterThanOrEqual(200_000);
    expect(acceptedMs).toBeLessThan(2000);

    second.kill('SIGKILL');
    if (signal === 'SIGSTOP') first.kill('SIGKILL');
    await Promise.all([exited(first), exited(second)]);
  });
});
