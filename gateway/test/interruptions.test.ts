/**
 * Recorded footage, buffer and interruptions, end to end against the real
 * station: recorder events over the real MQTT broker, real footage uploaded
 * through the offload API, real SQLite. A 20 s stop inside a full-process
 * step is an interruption with a review item although the next press's
 * pre-record fills it with footage; a step after the stop is not covered by
 * footage the recorder kept past it; a recording cut by power is an
 * interruption too; the full sort gives the same figures.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION, topics, type DeviceEventType } from '@liuhen/device-profiles';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, registerDevice, startTestGateway, statePayload, waitFor, type TestGateway } from './helpers.js';

let gw: TestGateway;
let clipDir: string;
let clip: Buffer;
let uploads = 0;
const T = (hhmmss: string) => `2026-11-25T${hhmmss}.000Z`;

async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown) {
  const res = await gw.fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** The recorder offloads one segment of its recording `session` spanning [from, to). */
async function offload(deviceId: string, from: string, to: string, session: string): Promise<string> {
  const name = `${deviceId}_${String(++uploads).padStart(6, '0')}.mp4`;
  const put = await fetch(`${gw.url}/api/devices/${deviceId}/uploads/${name}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
    body: clip,
  });
  expect(put.status).toBe(200);
  const done = await api<{ recordingId: string }>('POST', `/api/devices/${deviceId}/uploads/${name}/complete`, {
    bytes: clip.length,
    sha256: createHash('sha256').update(clip).digest('hex'),
    startedAt: from,
    endedAt: to,
    officerId: '33020001',
    recordingIds: [session],
    marked: false,
  });
  expect(done.status).toBe(200);
  return done.body.recordingId;
}

let seq = 100;
/** What the recorder publishes as it is pressed and stopped, over the real broker. */
async function publish(
  deviceId: string,
  msgs: ({ event: DeviceEventType; id: string; ts: string } | { state: object })[],
) {
  const c = await connectClient(gw.mqttUrl);
  for (const m of msgs) {
    if ('event' in m) {
      await c.publishAsync(
        topics.events(deviceId),
        JSON.stringify({
          v: PROTOCOL_VERSION,
          deviceId,
          seq: ++seq,
          type: m.event,
          recordingId: m.id,
          officerId: '33020001',
          ts: m.ts,
        }),
        { qos: 1 },
      );
    } else {
      await c.publishAsync(topics.state(deviceId), JSON.stringify(m.state), { qos: 1, retain: true });
    }
  }
  await c.endAsync();
}

interface Cov {
  ratio: number;
  coveredSeconds: number;
  recordedSeconds: number;
  bufferSeconds: number;
  passing: boolean;
  final: boolean;
  gaps: { start: string; end: string; seconds: number }[];
  interruptions: {
    start: string;
    end: string;
    seconds: number;
    kind: string;
    deviceId: string;
    recordingId: string;
    resumed: boolean;
  }[];
}
interface ReviewItem {
  id: string;
  kind: string;
  stepId: string;
  state: string;
  detail: { interruptions: { start: string; end: string; kind: string }[] };
}

const timeline = async (caseId: string) =>
  (await api<{ steps: { id: string; coverage: Cov }[] }>('GET', `/api/cases/${caseId}/timeline`)).body.steps;
const items = async (kind: string, caseId: string) =>
  (await api<{ items: ReviewItem[] }>('GET', `/api/reviews?kind=${kind}&case=${caseId}`)).body.items;

beforeAll(async () => {
  clipDir = mkdtempSync(join(tmpdir(), 'liuhen-clip-'));
  execFileSync(resolveFfmpeg(), [
    ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '4'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-c:a', 'aac'],
    ...['-movflags', '+frag_keyframe+empty_moov+default_base_moof', join(clipDir, 'clip.mp4')],
  ]);
  clip = readFileSync(join(clipDir, 'clip.mp4'));
  gw = await startTestGateway();
  // Profile sim: 30 s pre-record, no post-record.
  for (const d of ['iv-001', 'iv-002']) await registerDevice(gw, d, { officerId: '33020001' });
  expect((await api('POST', '/api/units', { id: 'u2', name: '综合执法二中队' })).status).toBe(200);
  expect((await api('POST', '/api/officers', { id: '33020001', name: '赵六', unitId: 'u2' })).status).toBe(200);
  for (const d of ['iv-001', 'iv-002'])
    expect(
      (await api('POST', '/api/assignments', { deviceId: d, officerId: '33020001', startedAt: T('08:00:00') })).status,
    ).toBe(201);
});
afterAll(async () => {
  await gw?.cleanup();
  rmSync(clipDir, { recursive: true, force: true });
});

describe('recorded footage, buffer and interruptions', () => {
  let caseId: string;

  it('a 20 s stop inside a full-process step is an interruption with a review item, though buffer footage covers it', async () => {
    // The recorder kept [press − 30 s, stop] of each recording: the second one's pre-record covers the stop.
    await offload('iv-001', T('09:58:30'), T('10:02:00'), 'rec-1');
    await offload('iv-001', T('10:01:50'), T('10:06:00'), 'rec-2');
    // A whole segment kept past the stop (the recorder's old fault): not evidence of anything recorded.
    await offload('iv-001', T('10:05:30'), T('10:06:40'), 'rec-2');
    const created = await api<{ id: string; steps: { id: string }[] }>('POST', '/api/cases', {
      number: '杭综执强〔2026〕11号',
      kind: 'compulsion',
      title: '扣押设备',
      unitId: 'u2',
      steps: [
        { kind: 'compulsory-measure', startsAt: T('10:00:00'), endsAt: T('10:05:00'), officers: ['33020001'] },
        {
          kind: 'service',
          requirement: 'required',
          startsAt: T('10:06:07'),
          endsAt: T('10:08:00'),
          officers: ['33020001'],
        },
      ],
    });
    expect(created.status).toBe(201);
    caseId = created.body.id;

    // Before the station knows the recordings, it can only judge the footage: all of it counts.
    const before = await timeline(caseId);
    expect(before[0]!.coverage).toMatchObject({ ratio: 1, passing: true, interruptions: [] });
    expect(await items('interruption', caseId)).toEqual([]);

    await publish('iv-001', [
      { event: 'recording.started', id: 'rec-1', ts: T('09:59:00') },
      { event: 'recording.stopped', id: 'rec-1', ts: T('10:02:00') },
      { event: 'recording.started', id: 'rec-2', ts: T('10:02:20') },
      { event: 'recording.stopped', id: 'rec-2', ts: T('10:06:00') },
    ]);
    const [item] = await waitFor(
      async () => {
        const list = await items('interruption', caseId);
        return list.length > 0 && list[0]!.detail.interruptions.length === 1 ? list : null;
      },
      20_000,
      'the interruption review item',
    );
    expect(item).toMatchObject({ kind: 'interruption', stepId: created.body.steps[0]!.id, state: 'open' });
    expect(item!.detail.interruptions).toEqual([
      expect.objectContaining({ start: T('10:02:00'), end: T('10:02:20'), kind: 'stop' }),
    ]);
    // The footage itself leaves no gap: no open coverage-gap item for the full-process step.
    const openGaps = async () => (await items('coverage-gap', caseId)).filter((i) => i.state !== 'done');
    expect((await openGaps()).map((i) => i.stepId)).not.toContain(created.body.steps[0]!.id);

    const [full, after] = await timeline(caseId);
    expect(full!.coverage).toMatchObject({
      ratio: 1,
      gaps: [],
      recordedSeconds: 280,
      bufferSeconds: 20,
      passing: false,
      final: true,
    });
    expect(full!.coverage.interruptions).toEqual([
      {
        start: T('10:02:00'),
        end: T('10:02:20'),
        seconds: 20,
        kind: 'stop',
        deviceId: 'iv-001',
        recordingId: 'rec-1',
        resumed: true,
      },
    ]);
    // The second step starts 7 s after the stop (post-record 0): nothing of it was recorded.
    expect(after!.coverage).toMatchObject({ ratio: 0, coveredSeconds: 0, recordedSeconds: 0, bufferSeconds: 0 });
    expect(after!.coverage.interruptions).toEqual([]);
    expect((await openGaps()).map((i) => i.stepId)).toContain(after!.id);

    // The case view (cached figures) says the same as the timeline.
    const detail = await api<{ steps: { coverage: Cov }[] }>('GET', `/api/cases/${caseId}`);
    expect(detail.body.steps[0]!.coverage).toMatchObject({ recordedSeconds: 280, bufferSeconds: 20, passing: false });
    expect(detail.body.steps[0]!.coverage.interruptions).toHaveLength(1);
  });

  it('the officer explains the interruption and a supervisor accepts it', async () => {
    const [item] = await items('interruption', caseId);
    const officer = await gw.tokenFor('officer', { officerId: '33020001' });
    const explain = await fetch(`${gw.url}/api/reviews/${item!.id}/explain`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'safety', explanation: '当事人情绪激动，暂停后重新开始记录' }),
    });
    expect(explain.status).toBe(200);
    const accepted = await api<{ state: string; decision: string }>('POST', `/api/reviews/${item!.id}/decide`, {
      decision: 'accepted',
    });
    expect(accepted.body).toMatchObject({ state: 'done', decision: 'accepted' });
  });

  it('a recording cut by power (no stop) is an interruption from its last sign of life', async () => {
    const created = await api<{ id: string; steps: { id: string }[] }>('POST', '/api/cases', {
      number: '杭综执强〔2026〕12号',
      kind: 'compulsion',
      title: '查封场所',
      unitId: 'u2',
      steps: [{ kind: 'compulsory-measure', startsAt: T('11:00:00'), endsAt: T('11:03:00'), officers: ['33020001'] }],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await publish('iv-002', [
      {
        state: statePayload('iv-002', {
          state: 'recording',
          recordingId: 'rec-3',
          recordingSince: T('10:59:50'),
          officerId: '33020001',
          ts: T('11:00:30'),
        }),
      },
      { event: 'recording.started', id: 'rec-3', ts: T('10:59:50') },
      // Power cut, restart: the recorder comes back in standby and never sends a stop.
      { state: statePayload('iv-002', { officerId: '33020001', ts: T('11:20:00') }) },
    ]);
    const cut = await waitFor(
      async () => {
        const [s] = await timeline(id);
        return s!.coverage.interruptions[0]?.kind === 'cut' ? s!.coverage.interruptions[0] : null;
      },
      20_000,
      'the cut recording',
    );
    // Its last sign of life was the state at 11:00:30.
    expect(cut).toMatchObject({ start: T('11:00:30'), end: T('11:03:00'), recordingId: 'rec-3', resumed: false });
    // Footage offloaded after the restart proves it ran until 11:01:30.
    await offload('iv-002', T('10:59:20'), T('11:01:30'), 'rec-3');
    const later = await waitFor(
      async () => {
        const [s] = await timeline(id);
        return s!.coverage.interruptions[0]?.start === T('11:01:30') ? s!.coverage : null;
      },
      20_000,
      'the cut recording to reach the end of its footage',
    );
    expect(later).toMatchObject({ recordedSeconds: 90, bufferSeconds: 0, passing: false });
    expect(later.gaps).toEqual([{ start: T('11:01:30'), end: T('11:03:00'), seconds: 90 }]);
    await waitFor(async () => (await items('interruption', id)).length === 1, 20_000, 'the review item of the cut');
  });

  it('a full sort from scratch gives the same coverage, interruptions and queues as the incremental one', async () => {
    const snapshot = () => {
      const raw = new SQLite(join(gw.dataDir, 'liuhen.sqlite'), { readonly: true });
      try {
        return {
          coverage: raw
            .prepare(
              `SELECT step_id, window_seconds, covered_seconds, ratio, passing, final, gaps, recorded_seconds,
                 buffer_seconds, interruptions FROM step_coverage ORDER BY 1`,
            )
            .all(),
          items: raw.prepare('SELECT kind, subject_id, state, resolution FROM review_items ORDER BY 1, 2').all(),
        };
      } finally {
        raw.close();
      }
    };
    const pending = () => {
      const raw = new SQLite(join(gw.dataDir, 'liuhen.sqlite'), { readonly: true });
      try {
        return (raw.prepare('SELECT count(*) AS n FROM sort_pending').get() as { n: number }).n;
      } finally {
        raw.close();
      }
    };
    await waitFor(() => pending() === 0, 20_000, 'the incremental sorter to finish');
    const before = snapshot();
    expect((before.coverage as { interruptions: string }[]).filter((c) => c.interruptions !== '[]')).toHaveLength(2);
    expect((await gw.fetch('/api/sorting/full', { method: 'POST' })).status).toBe(200);
    expect(snapshot()).toEqual(before);
  });
});
