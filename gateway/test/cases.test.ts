/**
 * Cases and coverage end to end against the real station: real SQLite, real
 * files uploaded through the offload API, real ffmpeg for playback, the real
 * MQTT broker for important marks.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION, topics } from '@liuhen/device-profiles';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, probe, registerDevice, startTestGateway, waitFor, type TestGateway } from './helpers.js';

let gw: TestGateway;
let clipDir: string;
/** One real 10 s H.264/AAC fragmented MP4, uploaded under several names and times. */
let clip: Buffer;
const T0 = Date.parse('2026-11-20T02:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
let uploads = 0;

async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const res = await gw.fetch(`${path}`, {
    method,
    headers: {
      ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** A recorder offloading one segment that covers [from, to) seconds after T0. */
async function offload(
  deviceId: string,
  from: number,
  to: number,
  officerId: string,
  session = `rec-${deviceId}-${from}`,
): Promise<string> {
  const name = `${deviceId}_${String(++uploads).padStart(6, '0')}.mp4`;
  const url = `${gw.url}/api/devices/${deviceId}/uploads/${name}`;
  const put = await fetch(url, {
    method: 'PATCH',
    headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
    body: clip,
  });
  expect(put.status).toBe(200);
  const done = await api<{ recordingId: string }>('POST', `/api/devices/${deviceId}/uploads/${name}/complete`, {
    bytes: clip.length,
    sha256: createHash('sha256').update(clip).digest('hex'),
    startedAt: at(from),
    endedAt: at(to),
    officerId,
    recordingIds: [session],
    marked: false,
  });
  expect(done.status).toBe(200);
  return done.body.recordingId;
}

interface StepBody {
  id: string;
  coverage: {
    ratio: number;
    passing: boolean;
    final: boolean;
    gaps: { start: string; end: string; seconds: number }[];
  } | null;
}

beforeAll(async () => {
  clipDir = mkdtempSync(join(tmpdir(), 'liuhen-clip-'));
  execFileSync(resolveFfmpeg(), [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x240:rate=25',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000',
    '-t',
    '10',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-g',
    '25',
    '-c:a',
    'aac',
    '-movflags',
    '+frag_keyframe+empty_moov+default_base_moof',
    join(clipDir, 'clip.mp4'),
  ]);
  clip = readFileSync(join(clipDir, 'clip.mp4'));
  gw = await startTestGateway({ retention: { closedCaseYears: 0, sweepHours: 0 } });
  for (const d of ['cs-001', 'cs-002', 'cs-003', 'cs-004']) await registerDevice(gw, d);
  expect((await api('POST', '/api/units', { id: 'u1', name: '综合执法一中队' })).status).toBe(200);
  for (const [id, name] of [
    ['33010001', '张三'],
    ['33010002', '李四'],
    ['33010003', '王五'],
  ])
    expect((await api('POST', '/api/officers', { id, name, unitId: 'u1', licenceNo: `ZF${id}` })).status).toBe(200);
});
afterAll(async () => {
  await gw?.cleanup();
  rmSync(clipDir, { recursive: true, force: true });
});

describe('sorting, coverage and the review queues', () => {
  let caseId: string;
  let stepId: string;
  const seg: string[] = [];

  it('links footage through the assignment, measures coverage and queues the 30 s gap', async () => {
    // The hand-out desk gave cs-001 to officer 33010001; the recorder still reports someone else.
    expect(
      (await api('POST', '/api/assignments', { deviceId: 'cs-001', officerId: '33010001', startedAt: at(-3600) }))
        .status,
    ).toBe(201);
    for (const [a, b] of [
      [0, 10],
      [10, 20],
      [20, 30],
      [60, 70],
      [70, 80],
      [80, 90],
    ])
      seg.push(await offload('cs-001', a!, b!, 'someone-else', 'rec-a'));
    const created = await api<{ id: string; steps: StepBody[] }>('POST', '/api/cases', {
      number: '杭综执罚〔2026〕101号',
      kind: 'compulsion',
      title: '占道经营 查封设备',
      party: '某商户',
      unitId: 'u1',
      steps: [
        { kind: 'compulsory-measure', startsAt: at(0), endsAt: at(90), officers: ['33010001'], location: '文一路' },
      ],
    });
    expect(created.status).toBe(201);
    caseId = created.body.id;
    stepId = created.body.steps[0]!.id;
    const step = created.body.steps[0]!;
    expect(step.coverage).toMatchObject({ passing: false, final: true });
    expect(step.coverage!.ratio).toBeCloseTo(60 / 90, 6);
    expect(step.coverage!.gaps).toEqual([{ start: at(30), end: at(60), seconds: 30 }]);
    const links = await api<{ links: { recordingId: string; origin: string }[] }>('GET', `/api/steps/${stepId}/links`);
    expect(links.body.links.map((l) => l.recordingId).sort()).toEqual([...seg].sort());
    const gaps = await api<{ items: { kind: string; stepId: string; state: string; overdue: boolean }[] }>(
      'GET',
      '/api/reviews?kind=coverage-gap',
    );
    expect(gaps.body.items).toEqual([expect.objectContaining({ stepId, state: 'open', overdue: false })]);
    // The session is linked: nothing of it waits in the unsorted queue.
    const unsorted = await api<{ items: { deviceId: string; state: string }[] }>(
      'GET',
      '/api/reviews?kind=unsorted&device=cs-001&state=open',
    );
    expect(unsorted.body.items).toEqual([]);
  });

  it('footage nobody can place goes to the unsorted queue; linking it by hand fills the gap and closes both items', async () => {
    const orphan = await offload('cs-002', 30, 60, '33010003', 'rec-orphan');
    const item = await waitFor(
      async () =>
        (
          await api<{ items: { id: string; subjectId: string }[] }>(
            'GET',
            '/api/reviews?kind=unsorted&state=open&device=cs-002',
          )
        ).body.items[0],
      5000,
      'unsorted item',
    );
    expect(item.subjectId).toBe('cs-002/rec-orphan');
    const noReason = await api('POST', `/api/reviews/${item.id}/link`, { stepId });
    expect(noReason.status).toBe(400);
    const linked = await api<{ linked: number; item: { state: string; resolution: string } }>(
      'POST',
      `/api/reviews/${item.id}/link`,
      {
        stepId,
        reason: '同组执法人员王五的记录仪',
      },
    );
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ linked: 1, item: { state: 'done' } });
    const cov = await api<{ passing: boolean; steps: { ratio: number; gaps: unknown[] }[] }>(
      'GET',
      `/api/cases/${caseId}/coverage`,
    );
    expect(cov.body).toMatchObject({ passing: true, steps: [{ ratio: 1, gaps: [] }] });
    const gaps = await api<{ items: { state: string; resolution: string }[] }>(
      'GET',
      `/api/reviews?kind=coverage-gap&case=${caseId}`,
    );
    expect(gaps.body.items[0]).toMatchObject({ state: 'done', resolution: 'auto:covered' });
    const trail = await api<{ entries: { action: string; actor: string; detail: { reason?: string } }[] }>(
      'GET',
      `/api/audit?case=${caseId}&action=link`,
    );
    expect(trail.body.entries[0]).toMatchObject({
      action: 'link',
      actor: 'token:test-admin@127.0.0.1',
      detail: { reason: '同组执法人员王五的记录仪' },
    });

    // Unlinking is remembered: a later re-sort of the step does not bring it back.
    expect((await api('POST', `/api/steps/${stepId}/unlink`, { recordingId: orphan, reason: '误关联' })).status).toBe(
      200,
    );
    expect((await api('PATCH', `/api/steps/${stepId}`, { title: '查封设备（补录说明）' })).status).toBe(200);
    const after = await api<{ links: { recordingId: string; origin: string }[] }>('GET', `/api/steps/${stepId}/links`);
    expect(after.body.links.find((l) => l.recordingId === orphan)?.origin).toBe('excluded');
    const reopened = await api<{ items: { state: string }[] }>('GET', `/api/reviews?kind=coverage-gap&case=${caseId}`);
    expect(reopened.body.items[0]!.state).toBe('open');
  });

  it('re-sorts incrementally when a step window or an assignment changes', async () => {
    // Narrow the window to the first 20 s: four segments fall outside even with the 5 min margin? No: the margin keeps them.
    await api('PATCH', `/api/steps/${stepId}`, { startsAt: at(0), endsAt: at(20) });
    let links = (await api<{ links: { origin: string }[] }>('GET', `/api/steps/${stepId}/links`)).body.links;
    expect(links.filter((l) => l.origin === 'auto')).toHaveLength(6);
    // Moved well away (past the margin): no footage.
    await api('PATCH', `/api/steps/${stepId}`, { startsAt: at(3600), endsAt: at(3700) });
    links = (await api<{ links: { origin: string }[] }>('GET', `/api/steps/${stepId}/links`)).body.links;
    expect(links.filter((l) => l.origin === 'auto')).toHaveLength(0);
    expect(
      (await api<{ items: unknown[] }>('GET', '/api/reviews?kind=unsorted&state=open&device=cs-001')).body.items,
    ).toHaveLength(1);
    await api('PATCH', `/api/steps/${stepId}`, { startsAt: at(0), endsAt: at(90) });
    expect(
      (await api<{ items: unknown[] }>('GET', '/api/reviews?kind=unsorted&state=open&device=cs-001')).body.items,
    ).toHaveLength(0);

    // cs-003 reports officer 33010002, but the desk handed it to 33010001 for this time.
    await api('POST', '/api/assignments', {
      deviceId: 'cs-003',
      officerId: '33010001',
      startedAt: at(-60),
      endedAt: at(200),
    });
    const third = await offload('cs-003', 35, 55, '33010002');
    links = (await api<{ links: { recordingId: string; origin: string }[] }>('GET', `/api/steps/${stepId}/links`)).body
      .links as never;
    expect((links as unknown as { recordingId: string }[]).some((l) => l.recordingId === third)).toBe(true);
    const list = await api<{ assignments: { id: string }[] }>('GET', '/api/assignments?device=cs-003');
    // The assignment is cut short: the footage falls back to the officer the recorder reported, who has no step.
    await api('POST', `/api/assignments/${list.body.assignments[0]!.id}/end`, { endedAt: at(0) });
    links = (await api<{ links: { recordingId: string }[] }>('GET', `/api/steps/${stepId}/links`)).body.links as never;
    expect((links as unknown as { recordingId: string }[]).some((l) => l.recordingId === third)).toBe(false);
  });

  it('an officer explains a gap; the supervisor rejects, then accepts; every act is in the chained trail', async () => {
    const item = (
      await api<{ items: { id: string; state: string }[] }>('GET', `/api/reviews?kind=coverage-gap&case=${caseId}`)
    ).body.items[0]!;
    expect((await api('POST', `/api/reviews/${item.id}/decide`, { decision: 'accepted' })).status).toBe(409);
    const ex = await api<{ state: string }>(
      'POST',
      `/api/reviews/${item.id}/explain`,
      { reason: 'battery', explanation: '电池耗尽，更换后继续录制' },
      { authorization: `Bearer ${await gw.tokenFor('officer', { officerId: '33010001' })}` },
    );
    expect(ex.body.state).toBe('in_review');
    const rej = await api<{ state: string; decision: string }>(
      'POST',
      `/api/reviews/${item.id}/decide`,
      { decision: 'rejected', note: '请附更换电池记录' },
      { authorization: `Bearer ${await gw.tokenFor('supervisor')}` },
    );
    expect(rej.body).toMatchObject({ state: 'open', decision: 'rejected' });
    await api(
      'POST',
      `/api/reviews/${item.id}/explain`,
      { reason: 'battery', explanation: '附：14:02 更换电池登记' },
      { authorization: `Bearer ${await gw.tokenFor('officer', { officerId: '33010001' })}` },
    );
    const acc = await api<{ state: string; decision: string; decidedBy: string }>(
      'POST',
      `/api/reviews/${item.id}/decide`,
      { decision: 'accepted' },
      { authorization: `Bearer ${await gw.tokenFor('supervisor')}` },
    );
    expect(acc.body).toMatchObject({
      state: 'done',
      decision: 'accepted',
      decidedBy: 'token:test-supervisor@127.0.0.1',
    });
    const trail = (
      await api<{ entries: { action: string }[] }>('GET', `/api/audit?subjectType=review&subjectId=${item.id}`)
    ).body.entries;
    expect(trail.map((e) => e.action)).toEqual(['decide', 'explain', 'decide', 'explain']);
    const counts = await api<{ counts: Record<string, { open: number; done: number }> }>('GET', '/api/reviews/counts');
    expect(counts.body.counts['coverage-gap']!.done).toBeGreaterThanOrEqual(1);
  });

  it('plays any span of a device as one stitched video, audited', async () => {
    const plan = await api<{
      pieces: { mediaStart: number; mediaEnd: number; wallStart: string }[];
      gaps: { seconds: number }[];
      mediaUrl: string;
    }>('GET', `/api/playback?device=cs-001&from=${encodeURIComponent(at(5))}&to=${encodeURIComponent(at(90))}`);
    expect(plan.status).toBe(200);
    expect(plan.body.pieces).toHaveLength(6);
    expect(plan.body.pieces[0]).toMatchObject({ mediaStart: 0, mediaEnd: 5, wallStart: at(5) });
    expect(plan.body.gaps).toEqual([{ start: at(30), end: at(60), seconds: 30 }]);
    const res = await gw.fetch(`${plan.body.mediaUrl}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    const file = join(clipDir, 'played.mp4');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const p = probe(file);
    // Six pieces, 55 s of footage; stream copy starts each piece on a keyframe (1 s GOP).
    expect(p.duration).toBeGreaterThan(53);
    expect(p.duration).toBeLessThan(62);
    expect(p.codecs).toEqual(expect.arrayContaining(['h264', 'aac']));
    const played = (await api<{ entries: { action: string; subjectId: string }[] }>('GET', '/api/audit?action=play'))
      .body.entries;
    expect(played[0]).toMatchObject({ subjectId: 'cs-001' });
    const none = await api(
      'GET',
      `/api/playback/media.mp4?device=cs-001&from=${encodeURIComponent(at(-900))}&to=${encodeURIComponent(at(-800))}`,
    );
    expect(none.status).toBe(404);
  });

  it('a full sort from scratch gives the same links, coverage and queues as the incremental one', async () => {
    const snapshot = () => {
      const raw = new SQLite(join(gw.dataDir, 'liuhen.sqlite'), { readonly: true });
      try {
        return {
          links: raw.prepare('SELECT step_id, recording_id, origin FROM links ORDER BY 1, 2').all(),
          coverage: raw
            .prepare(
              'SELECT step_id, window_seconds, covered_seconds, ratio, passing, final, gaps FROM step_coverage ORDER BY 1',
            )
            .all(),
          items: raw.prepare('SELECT kind, subject_id, state, resolution FROM review_items ORDER BY 1, 2').all(),
        };
      } finally {
        raw.close();
      }
    };
    const before = snapshot();
    expect(before.links.length).toBeGreaterThan(5);
    const res = await api<{ links: number; segments: number }>('POST', '/api/sorting/full');
    expect(res.status).toBe(200);
    expect(res.body.links).toBe(before.links.filter((l) => (l as { origin: string }).origin === 'auto').length);
    expect(snapshot()).toEqual(before);
  });

  it('an important mark from a recorder opens an item in the marked queue', async () => {
    const c = await connectClient(gw.mqttUrl);
    await c.publishAsync(
      topics.events('cs-001'),
      JSON.stringify({
        v: PROTOCOL_VERSION,
        deviceId: 'cs-001',
        seq: 9001,
        type: 'mark.set',
        ts: at(15),
        officerId: '33010001',
        recordingId: 'rec-a',
      }),
      { qos: 1 },
    );
    await c.endAsync();
    const item = await waitFor(
      async () =>
        (await api<{ items: { subjectId: string; subjectStart: string }[] }>('GET', '/api/reviews?kind=marked')).body
          .items[0],
      5000,
      'marked item',
    );
    expect(item).toMatchObject({ subjectId: 'cs-001#9001', subjectStart: at(-15) });
  });
});

describe('CSV import', () => {
  it('imports cases and steps with Chinese headers and names, and sorts them', async () => {
    const csv = [
      '案件编号,案件类型,案由,当事人,执法单位,重大,执法环节,环节说明,开始时间,结束时间,地点,记录要求,执法人员',
      `杭综执检〔2026〕7号,行政检查,餐饮油烟检查,某饭店,u1,否,现场检查,首次检查,${at(0)},${at(60)},文二路,应录,33010001`,
      `杭综执检〔2026〕7号,行政检查,餐饮油烟检查,某饭店,u1,否,文书送达,送达整改通知,${at(70)},${at(90)},文二路,,33010001;33010002`,
    ].join('\n');
    const res = await api<{ cases: number; steps: number; ids: string[] }>('POST', '/api/cases/import', csv, {
      'content-type': 'text/csv',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ cases: 1, steps: 2 });
    const detail = await api<{
      kind: string;
      steps: { kind: string; requirement: string; officers: string[]; coverage: { ratio: number } }[];
    }>('GET', `/api/cases/${res.body.ids[0]}`);
    expect(detail.body.kind).toBe('inspection');
    expect(detail.body.steps.map((s) => [s.kind, s.requirement])).toEqual([
      ['on-site-inspection', 'required'],
      ['service', 'required'],
    ]);
    expect(detail.body.steps[1]!.officers).toEqual(['33010001', '33010002']);
    expect(detail.body.steps[0]!.coverage.ratio).toBeGreaterThan(0);
  });

  it('refuses a bad file as a whole, naming each bad row and column', async () => {
    const csv = [
      'case_number,case_kind,case_title,step_kind,starts_at,ends_at,officers',
      `X-1,penalty,t,on-site-inspection,${at(0)},${at(60)},33010001`,
      `X-2,罚款,t,walk,2026-11-20 10:00,${at(60)},33010001`,
    ].join('\n');
    const res = await api<{ message: string }>('POST', '/api/cases/import', csv, { 'content-type': 'text/csv' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/row 3, case_kind/);
    expect(res.body.message).toMatch(/row 3, step_kind/);
    expect(res.body.message).toMatch(/row 3, starts_at: .* with a zone/);
    expect((await api<{ cases: unknown[] }>('GET', '/api/cases?q=X-1')).body.cases).toHaveLength(0);
  });
});

describe('audit trail and retention', () => {
  it('verifies the chain, and finds an edited entry', async () => {
    const ok = await api<{ ok: boolean; checked: number }>('GET', '/api/audit/verify');
    expect(ok.body.ok).toBe(true);
    expect(ok.body.checked).toBeGreaterThan(10);
    const cli = () =>
      spawnSync(process.execPath, [join(import.meta.dirname, '../dist/cli.js'), '--verify-audit'], {
        env: { ...process.env, LIUHEN_STORAGE_DATA_DIR: gw.dataDir },
        encoding: 'utf8',
      });
    const good = cli();
    expect(good.stdout).toMatch(/audit trail verified/);
    expect(good.status).toBe(0);
    const raw = new SQLite(join(gw.dataDir, 'liuhen.sqlite'));
    raw.prepare("UPDATE audit_log SET actor = 'nobody' WHERE seq = 5").run();
    raw.close();
    const bad = await api<{ ok: boolean; firstBad: { seq: number; reason: string } }>('GET', '/api/audit/verify');
    expect(bad.body).toMatchObject({
      ok: false,
      firstBad: { seq: 5, reason: 'entry hash does not match its content' },
    });
    const failed = cli();
    expect(failed.stdout).toMatch(/FAILED at entry #5/);
    expect(failed.status).toBe(1);
  });

  it('deletes only what policy allows, and audits each deletion', async () => {
    const old = (s: number) => new Date(Date.parse('2025-01-10T02:00:00Z') + s * 1000).toISOString();
    const upload = async (from: number, officer: string, session: string) => {
      const name = `cs-004_${String(++uploads).padStart(6, '0')}.mp4`;
      await fetch(`${gw.url}/api/devices/cs-004/uploads/${name}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
        body: clip,
      });
      const r = await api<{ recordingId: string }>('POST', `/api/devices/cs-004/uploads/${name}/complete`, {
        bytes: clip.length,
        sha256: createHash('sha256').update(clip).digest('hex'),
        startedAt: old(from),
        endedAt: old(from + 10),
        officerId: officer,
        recordingIds: [session],
        marked: false,
      });
      return r.body.recordingId;
    };
    const unlinked = await upload(0, 'nobody-1', 'old-a');
    const inOpenCase = await upload(100, '33010002', 'old-b');
    const inClosedCase = await upload(10_000, '33010003', 'old-c');
    const held = await upload(20_000, '33010003', 'old-d');
    await api('POST', '/api/cases', {
      number: 'OLD-1',
      kind: 'penalty',
      title: 'open',
      steps: [{ kind: 'investigation', startsAt: old(100), endsAt: old(110), officers: ['33010002'] }],
    });
    const closed = await api<{ id: string }>('POST', '/api/cases', {
      number: 'OLD-2',
      kind: 'penalty',
      title: 'closed',
      steps: [{ kind: 'investigation', startsAt: old(10_000), endsAt: old(10_010), officers: ['33010003'] }],
    });
    await api('PATCH', `/api/cases/${closed.body.id}`, { status: 'closed' });
    const hold = await api<{ id: string }>('POST', '/api/cases', {
      number: 'OLD-3',
      kind: 'penalty',
      title: 'hold',
      steps: [{ kind: 'investigation', startsAt: old(20_000), endsAt: old(20_010), officers: ['33010003'] }],
    });
    await api('PATCH', `/api/cases/${hold.body.id}`, { status: 'closed', hold: true });
    // Coverage gaps of the closed cases are decided, so nothing is under review.
    for (const it of (
      await api<{ items: { id: string; caseId: string }[] }>('GET', '/api/reviews?kind=coverage-gap&state=open')
    ).body.items) {
      await api('POST', `/api/reviews/${it.id}/explain`, { reason: 'other', explanation: '历史案件' });
      await api('POST', `/api/reviews/${it.id}/decide`, { decision: 'accepted' });
    }
    const preview = await api<{ preview: { recordings: number; unlinked: number; caseClosed: number } }>(
      'GET',
      '/api/retention',
    );
    expect(preview.body.preview).toMatchObject({ recordings: 2, unlinked: 1, caseClosed: 1 });
    const swept = await api<{ deleted: number; bytes: number }>('POST', '/api/retention/sweep');
    expect(swept.body).toMatchObject({ deleted: 2, bytes: 2 * clip.length });
    const ids = (
      await api<{ recordings: { id: string }[] }>('GET', '/api/recordings?device=cs-004')
    ).body.recordings.map((r) => r.id);
    expect(ids.sort()).toEqual([inOpenCase, held].sort());
    expect((await gw.fetch(`/api/recordings/${unlinked}/file`)).status).toBe(404);
    const deletions = (
      await api<{ entries: { subjectId: string; actor: string }[] }>('GET', '/api/audit?action=delete')
    ).body.entries;
    expect(deletions.map((d) => d.subjectId).sort()).toEqual([unlinked, inClosedCase].sort());
    expect(deletions[0]!.actor).toBe('system:retention');
  });
});
