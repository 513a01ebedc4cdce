import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
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

/**
 * A TCP relay in front of the station's RTMP port that notes when each connection arrives: the
 * time from there to the station accepting the publish is the station's own part, whatever it
 * took the publisher's ffmpeg to start (seconds on a loaded machine).
 */
async function rtmpRelay(targetPort: number): Promise<{ url: string; arrivals: number[]; close(): Promise<void> }> {
  const arrivals: number[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    arrivals.push(Date.now());
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `rtmp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

async function recordingsOf(deviceId: string): Promise<Recording[]> {
  const r = await gw.fetch(`/api/recordings?device=${deviceId}`);
  return ((await r.json()) as { recordings: Recording[] }).recordings;
}

describe('RTMP ingest and station recording (node-media-server + real ffmpeg)', () => {
  it('records a 10 s push as a playable MP4 of 10 ± 1 s, hashed and served with ranges', async () => {
    const push = pushTestStream(`${gw.rtmpUrl}/live/cam-10s`, 10);
    // ffmpeg may take seconds to start on a loaded machine: a safety net, not a deadline.
    await waitFor(() => gw.registry.get('cam-10s')?.live, 60_000, 'stream live');
    expect(await exited(push)).toBe(0);
    // The push ended without a state change: the recording closes after the reconnect grace.
    const [rec] = await waitFor(
      async () => {
        const list = await recordingsOf('cam-10s');
        return list.length > 0 ? list : null;
      },
      60_000,
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
      await waitFor(() => gw.registry.get('cam-flaky')?.live, 60_000, 'stream live');
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
    const relay = await rtmpRelay(gw.ingest.port);
    let firstAccepted = false;
    gw.ingest.once('accepted', () => (firstAccepted = true));
    const first = pushTestStream(`${relay.url}/live/cam-flaky`);
    let second: ReturnType<typeof pushTestStream> | null = null;
    try {
      // (The device may still count as live from the test before, within its reconnect grace.)
      await waitFor(() => firstAccepted, 60_000, 'first publish accepted');
      expect(relay.arrivals).toHaveLength(1);
      // Past the first GOP, so the old publish has media in the station's cache.
      await new Promise((r) => setTimeout(r, 1500));
      first.kill(signal);

      const accepted = new Promise<{ at: number; resumed: boolean }>((resolve) =>
        gw.ingest.once('accepted', (_d, _s, resumed) => resolve({ at: Date.now(), resumed })),
      );
      second = pushTestStream(`${relay.url}/live/cam-flaky`);
      const { at } = await accepted;
      // The station's part: from the new publisher's connection reaching it to its publish being
      // accepted. It must not wait for the old session to go (a grace window, a TCP timeout); the
      // new ffmpeg's own start-up, which a loaded machine stretches to seconds, is not counted.
      expect(relay.arrivals).toHaveLength(2);
      const acceptedMs = at - relay.arrivals[1]!;
      if (signal === 'SIGSTOP') {
        // Taken over while the old publisher is still frozen with its connection open.
        expect(first.exitCode).toBeNull();
        expect(first.signalCode).toBeNull();
      }
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
      expect(acceptedMs, 'ms from the new connection reaching the station to its publish accepted').toBeLessThan(2000);
    } finally {
      second?.kill('SIGKILL');
      first.kill('SIGKILL');
      await Promise.all([exited(first), ...(second ? [exited(second)] : [])]);
      await relay.close();
    }
  });
});
