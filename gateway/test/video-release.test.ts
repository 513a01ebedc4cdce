/**
 * Video released with a publication, over the real API on a test station with real ffmpeg and the
 * real face detector: a segment with a face (Grace Hopper's photo from Debian's facedetect package
 * sliding over testsrc2, with a tone) is uploaded as a recorder does and linked to a decided,
 * published case; an editor proposes a clip of it, the station cuts it and finds the face, the
 * editor corrects the redaction, has it rendered and signs it off; the portal serves the copy,
 * whose hash matches its manifest and whose manifest names the sealed source; the source is
 * byte for byte what it was; a withdrawal takes the video down (410). Bad proposals are refused
 * with a clear 4xx and change nothing. A render that fails after writing its file does not block
 * the next; a late failure of a superseded job does not change a released video; the portal
 * serves no row whose copy path leaves the store or whose signatures do not hold.
 */
import { spawn } from 'node:child_process';
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
import type { PublicationView } from '@liuhen/contract';
import { publicKeyFingerprint, signManifest, type SigningKey } from '@liuhen/evidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../src/audit/audit-log.js';
import { openSqlite, type Db } from '../src/db/database.js';
import { createLogger, type Logger } from '../src/index.js';
import { findPublication, updatePublication } from '../src/publicity/publications-repo.js';
import {
  createVideoReleases,
  type VideoReleaseManifest,
  type VideoReleaseView,
} from '../src/publicity/video-release.js';
import {
  findVideoRelease,
  insertVideoRelease,
  signedVideoFacts,
  signedVideoName,
  updateVideoRelease,
  type VideoReleasesTable,
} from '../src/publicity/video-release-repo.js';
import { registerDevice, startTestGateway, waitFor, type TestGateway } from './helpers.js';

const FACE_PHOTO = '/usr/share/doc/facedetect/examples/grace_hopper_512x512.jpg';
const DEVICE = 'vr-cam-1';
const OFFICER = '33019001';
const CLIP_S = 5;
/** The segments' wall-clock spans (5 s, as the clips are long): the face's, then the other case's. */
const SEG_START = '2026-11-03T02:00:00.000Z';
const SEG_END = '2026-11-03T02:00:05.000Z';
const OTHER_START = '2026-11-03T03:00:00.000Z';
const OTHER_END = '2026-11-03T03:00:05.000Z';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(resolveFfmpeg(), ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg: ${err}`))));
  });
}

let gw: TestGateway;
let dir: string;
let editor: Record<string, string>;
let auditor: Record<string, string>;
let pubId = '';
let faceRec = '';
let otherRec = '';
let faceBytes: Buffer;
/** A second connection to the station's database: the tests that tamper with a row, or run a second station process. */
let db2: Db;

/** A segment uploaded as a recorder does (PATCH the bytes, then complete); its recording id. */
async function upload(name: string, data: Buffer, startedAt: string, endedAt: string): Promise<string> {
  const base = `${gw.url}/api/devices/${DEVICE}/uploads/${DEVICE}_${name}.mp4`;
  const put = await fetch(base, {
    method: 'PATCH',
    headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
    body: data,
  });
  expect(put.status).toBe(200);
  const res = await fetch(
    `${base}/complete`,
    json('POST', {
      bytes: data.length,
      sha256: sha256(data),
      startedAt,
      endedAt,
      officerId: OFFICER,
      recordingIds: [`rec-${name}`],
      marked: false,
    }),
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { recordingId: string }).recordingId;
}

/** A case with one step over [from, to), the segment linked to it by hand; its id. */
async function caseWith(number: string, recordingId: string, from: string, to: string): Promise<string> {
  const created = await gw.fetch(
    '/api/cases',
    json('POST', {
      number,
      kind: 'penalty',
      title: '占道经营',
      party: '李某某',
      steps: [{ kind: 'on-site-inspection', startsAt: from, endsAt: to, officers: [OFFICER] }],
    }),
  );
  expect(created.status).toBe(201);
  const caseId = ((await created.json()) as { id: string }).id;
  const c = (await (await gw.fetch(`/api/cases/${caseId}`)).json()) as { steps: { id: string }[] };
  const linked = await gw.fetch(
    `/api/steps/${c.steps[0]!.id}/links`,
    json('POST', { recordingIds: [recordingId], reason: '现场检查录像' }),
  );
  expect(linked.status).toBe(200);
  return caseId;
}

const videos = () => `${gw.url}/api/publications/${pubId}/videos`;
async function list(): Promise<VideoReleaseView[]> {
  return ((await (await fetch(videos(), { headers: editor })).json()) as { videos: VideoReleaseView[] }).videos;
}
async function get(id: string): Promise<VideoReleaseView> {
  const r = await fetch(`${videos()}/${id}`, { headers: editor });
  expect(r.status).toBe(200);
  return (await r.json()) as VideoReleaseView;
}
/** Waits for the background work (cut, detect, render) to reach one of `states`. */
async function until(id: string, states: VideoReleaseView['state'][]): Promise<VideoReleaseView> {
  return waitFor(
    async () => {
      const v = await get(id);
      if (v.state === 'failed') throw new Error(`the video failed: ${v.error}`);
      return states.includes(v.state) ? v : undefined;
    },
    240_000,
    `video ${id} ${states.join('/')}`,
  );
}
const segmentFile = async (id: string) =>
  Buffer.from(await (await gw.fetch(`/api/recordings/${id}/file`)).arrayBuffer());

beforeAll(async () => {
  if (!existsSync(FACE_PHOTO))
    throw new Error(`${FACE_PHOTO} is missing: apt-get install facedetect (brings python3-opencv, opencv-data too)`);
  dir = mkdtempSync(join(tmpdir(), 'liuhen-video-release-'));
  const face = join(dir, 'face.mp4');
  const plain = join(dir, 'plain.mp4');
  const codec = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-t', String(CLIP_S)];
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `testsrc2=s=640x360:r=25:d=${CLIP_S}`, '-loop', '1', '-i', FACE_PHOTO],
    ...['-f', 'lavfi', '-i', `sine=f=440:r=48000:d=${CLIP_S}`],
    ...['-filter_complex', `[1:v]scale=200:200[f];[0:v][f]overlay=x='40+t*60':y=80:shortest=1[v]`],
    ...['-map', '[v]', '-map', '2:a', ...codec, face],
  ]);
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `testsrc2=s=640x360:r=25:d=${CLIP_S}`, '-f', 'lavfi', '-i', `sine=r=48000:d=${CLIP_S}`],
    ...[...codec, plain],
  ]);

  gw = await startTestGateway({ portal: { host: '127.0.0.1', port: 0 } });
  editor = { authorization: `Bearer ${await gw.tokenFor('legal-reviewer')}` };
  auditor = { authorization: `Bearer ${await gw.tokenFor('auditor')}` };
  expect((await gw.fetch('/api/officers', json('POST', { id: OFFICER, name: '赵执法' }))).ok).toBe(true);
  await registerDevice(gw, DEVICE, { officerId: OFFICER });
  faceBytes = readFileSync(face);
  faceRec = await upload('000001', faceBytes, SEG_START, SEG_END);
  otherRec = await upload('000002', readFileSync(plain), OTHER_START, OTHER_END);

  const caseId = await caseWith('某综执罚〔2026〕501号', faceRec, SEG_START, SEG_END);
  await caseWith('某综执罚〔2026〕502号', otherRec, OTHER_START, OTHER_END);
  const decision = await gw.fetch(
    `/api/cases/${caseId}/legal/decision`,
    json('PUT', {
      partyType: 'person',
      fineFen: 200_000,
      confiscationFen: 0,
      measures: [],
      hearing: 'none',
      complex: false,
      discretionDeparture: false,
      summary: '当事人在人行道上占道经营，经劝导拒不改正。',
      basis: '《城市市容和环境卫生管理条例》第三十六条',
    }),
  );
  expect(decision.status).toBe(200);
  expect((await gw.fetch(`/api/cases/${caseId}`, json('PATCH', { status: 'decided' }))).status).toBe(200);
  const draft = await waitFor(
    async () =>
      ((await (await gw.fetch('/api/publications?state=draft')).json()) as { publications: PublicationView[] })
        .publications[0],
    20_000,
    'the publication draft',
  );
  pubId = draft.id;
  const published = await fetch(`${gw.url}/api/publications/${pubId}/publish`, { method: 'POST', headers: editor });
  expect(published.status).toBe(200);
  db2 = openSqlite(join(gw.dataDir, 'liuhen.sqlite'));
}, 240_000);

/** A key that is not the station's. */
function foreignKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: publicKeyFingerprint(publicKey),
  };
}

/** Another station process on the same database (as one left over from before a restart would be). */
function otherStation(dataDir: string, more: { log?: Logger; sweepEveryMs?: number } = {}) {
  return createVideoReleases({
    db: db2,
    audit: createAuditLog(db2),
    dataDir,
    dbFile: join(gw.dataDir, 'liuhen.sqlite'),
    footageRoot: join(dataDir, 'footage'),
    stationKey: foreignKey(),
    log: more.log ?? createLogger('silent'),
    redactReason: async (_publication, text) => text,
    ...(more.sweepEveryMs ? { sweepEveryMs: more.sweepEveryMs } : {}),
  });
}

/** The files of a release's folder in the video store, sorted. */
const filesOf = (id: string) => {
  const folder = join(gw.dataDir, 'publicity', 'videos', id);
  return existsSync(folder) ? readdirSync(folder).sort() : [];
};

/** The audit entries of a video's deleted files: [file, kind]. */
async function deletions(id: string): Promise<[string, string][]> {
  const entries = (
    (await (
      await gw.fetch(`/api/audit?subjectType=video-release&subjectId=${id}&action=delete&limit=1000`)
    ).json()) as {
      entries: { actor: string; detail: { file?: string; kind?: string } }[];
    }
  ).entries;
  expect(entries.every((e) => e.actor === 'station')).toBe(true);
  return entries.map((e): [string, string] => [e.detail.file!, e.detail.kind!]).sort();
}

/** The audit entries of a video that record a state, oldest first: [who, state] (every page: polling leaves many views). */
async function stateTrail(id: string): Promise<[string, string][]> {
  type Entry = { seq: number; actor: string; action: string; detail: { state?: string } };
  const entries: Entry[] = [];
  for (let before: number | undefined; ;) {
    const page = (
      (await (
        await gw.fetch(
          `/api/audit?subjectType=video-release&subjectId=${id}&limit=1000${before ? `&before=${before}` : ''}`,
        )
      ).json()) as { entries: Entry[] }
    ).entries;
    entries.push(...page);
    if (page.length < 1000) break;
    before = page[page.length - 1]!.seq;
  }
  return entries
    .filter((e) => typeof e.detail.state === 'string')
    .reverse()
    .map((e) => [e.actor === 'station' ? 'station' : 'editor', e.detail.state!]);
}

afterAll(async () => {
  await db2?.destroy();
  await gw?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('video released with a publication', () => {
  it('refuses a bad proposal with a clear 4xx and records nothing', async () => {
    const propose = (body: unknown) => fetch(videos(), json('POST', body, editor));
    const outside = await propose({ recordingId: faceRec, startMs: 1000, endMs: 9000 });
    expect(outside.status).toBe(400);
    expect(await outside.json()).toMatchObject({ code: 'span-outside-recording' });
    const backwards = await propose({ recordingId: faceRec, startMs: 3000, endMs: 1000 });
    expect(backwards.status).toBe(400);
    const unknown = await propose({ recordingId: randomUUID(), startMs: 0, endMs: 1000 });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'unknown-recording' });
    const notOurs = await propose({ recordingId: otherRec, startMs: 0, endMs: 1000 });
    expect(notOurs.status).toBe(422);
    expect(await notOurs.json()).toMatchObject({ code: 'recording-not-of-case' });
    // An auditor reads but does not propose.
    expect(
      (await fetch(videos(), json('POST', { recordingId: faceRec, startMs: 0, endMs: 1000 }, auditor))).status,
    ).toBe(403);
    expect(await list()).toEqual([]);
    // The case's footage offered to the editor: the face segment only.
    const footage = (await (await fetch(`${videos()}/footage`, { headers: editor })).json()) as {
      footage: { recordingId: string; durationMs: number; sha256: string }[];
    };
    expect(footage.footage).toEqual([
      expect.objectContaining({ recordingId: faceRec, durationMs: 5000, sha256: sha256(faceBytes) }),
    ]);
  });

  let videoId = '';
  let released: VideoReleaseView;
  it('cuts the clip, finds the face, takes the edits and renders', async () => {
    const before = await segmentFile(faceRec);
    expect(sha256(before)).toBe(sha256(faceBytes));
    const proposed = await fetch(videos(), json('POST', { recordingId: faceRec, startMs: 500, endMs: 4500 }, editor));
    expect(proposed.status).toBe(202);
    videoId = ((await proposed.json()) as VideoReleaseView).id;

    const review = await until(videoId, ['review']);
    // Each state the station moved it through is in the audit trail, by the station.
    expect(await stateTrail(videoId)).toEqual([
      ['station', 'cutting'],
      ['station', 'detecting'],
      ['station', 'review'],
    ]);
    expect(review.work).toMatchObject({ width: 640, height: 360 });
    expect(Math.abs(review.work!.durationMs - 4000)).toBeLessThan(100);
    expect(review.sources).toEqual([
      { recordingId: faceRec, sha256: sha256(faceBytes), bytes: faceBytes.length, startMs: 500, endMs: 4500 },
    ]);
    expect(review.tracks.length).toBeGreaterThan(0);
    const region = review.tracks[0]!.regions[0]!;
    expect(region.source).toBe('auto');

    // A preview frame of the working copy, for the editor.
    const frame = await fetch(`${videos()}/${videoId}/frame?atMs=${region.startMs}`, { headers: editor });
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await frame.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

    // A mistaken edit is refused whole, saying why; nothing changes.
    const bad = await fetch(
      `${videos()}/${videoId}`,
      json('PATCH', { manualRegions: [{ startMs: 0, endMs: 9000, x: 5000, y: 0, w: 10, h: 10 }] }, editor),
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/outside the 640x360 picture/);
    expect((await get(videoId)).manualRegions).toEqual([]);

    // A track dropped, then taken back; a manual region and a muted span.
    const dropped = await fetch(
      `${videos()}/${videoId}`,
      json('PATCH', { rejected: review.tracks[0]!.regions.map((r) => r.id) }, editor),
    );
    expect(dropped.status).toBe(200);
    expect(((await dropped.json()) as VideoReleaseView).rejected).toHaveLength(review.tracks[0]!.regions.length);
    const edited = await fetch(
      `${videos()}/${videoId}`,
      json(
        'PATCH',
        {
          rejected: [],
          manualRegions: [{ startMs: 1000, endMs: 3000, x: 500, y: 250, w: 120, h: 90 }],
          mutedSpans: [{ startMs: 1000, endMs: 2000 }],
        },
        editor,
      ),
    );
    expect(edited.status).toBe(200);
    expect((await edited.json()) as VideoReleaseView).toMatchObject({
      state: 'review',
      rejected: [],
      manualRegions: [{ id: 'manual-1', source: 'manual', startMs: 1000, endMs: 3000, x: 500, y: 250, w: 120, h: 90 }],
      mutedSpans: [{ startMs: 1000, endMs: 2000 }],
    });

    // Not signed off before it is rendered.
    expect((await fetch(`${videos()}/${videoId}/sign-off`, { method: 'POST', headers: editor })).status).toBe(409);
    const render = await fetch(`${videos()}/${videoId}/render`, { method: 'POST', headers: editor });
    expect(render.status).toBe(202);
    const rendered = await until(videoId, ['rendered']);
    expect(rendered.copy).toMatchObject({ render: 1 });

    // The copy the editor checks is the one the manifest names.
    const copy = await fetch(`${videos()}/${videoId}/file`, { headers: auditor });
    expect(copy.status).toBe(200);
    const copyBytes = Buffer.from(await copy.arrayBuffer());
    expect(sha256(copyBytes)).toBe(rendered.copy!.sha256);
    expect(copy.headers.get('x-content-sha256')).toBe(rendered.copy!.sha256);
    const manifestText = await (await fetch(`${videos()}/${videoId}/manifest`, { headers: auditor })).text();
    expect(sha256(Buffer.from(manifestText))).toBe(rendered.copy!.manifestSha256);

    // An auditor does not sign off.
    expect((await fetch(`${videos()}/${videoId}/sign-off`, { method: 'POST', headers: auditor })).status).toBe(403);

    // The sealed segment is byte for byte what the recorder sent.
    expect((await segmentFile(faceRec)).equals(before)).toBe(true);
    // Cutting, detection and rendering take tens of seconds, more on a busy machine: the steps wait
    // on the release's state, and the test's limit is generous rather than a measure of speed.
  }, 600_000);

  it('a render that fails after writing its file does not block the next one (a new number each time)', async () => {
    const folder = join(gw.dataDir, 'publicity', 'videos', videoId);
    // Render 2 writes released-2.mp4, then cannot write its manifest (the name is taken): it fails.
    writeFileSync(join(folder, 'released-2.mp4.manifest.json'), 'taken\n', { flag: 'wx' });
    const render = () => fetch(`${videos()}/${videoId}/render`, { method: 'POST', headers: editor });
    expect((await render()).status).toBe(202);
    const failed = await until(videoId, ['review']);
    expect(failed.error).toMatch(/^rendering failed: .*EEXIST/);
    expect(failed.copy).toMatchObject({ render: 1 });
    expect(existsSync(join(folder, 'released-2.mp4'))).toBe(true);
    // The next render gets number 3: it succeeds, and nothing of render 2 is overwritten or deleted.
    expect((await render()).status).toBe(202);
    const rendered = await until(videoId, ['rendered']);
    expect(rendered).toMatchObject({ error: null, copy: { render: 3 } });
    expect(readFileSync(join(folder, 'released-2.mp4.manifest.json'), 'utf8')).toBe('taken\n');
    for (const n of [1, 2, 3]) expect(existsSync(join(folder, `released-${n}.mp4`)), `render ${n}`).toBe(true);
  }, 600_000);

  it('a late failure of a superseded render does not change the released video', async () => {
    // A render asked of another station process (one left over from before a restart), whose
    // ffmpeg hangs until the test lets it fail. ffmpeg is the real one for everything else.
    const oldDir = mkdtempSync(join(dir, 'old-station-'));
    const go = join(dir, 'go');
    const started = join(dir, 'started');
    const wrapper = join(dir, 'ffmpeg-hanging-for-old-station.sh');
    writeFileSync(
      wrapper,
      [
        '#!/bin/sh',
        `case "$*" in *"${oldDir}"*) touch '${started}'; while [ ! -e '${go}' ]; do sleep 0.1; done;`,
        `  echo 'the old job fails late' >&2; exit 1 ;; esac`,
        `exec '${resolveFfmpeg()}' "$@"`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    mkdirSync(join(oldDir, 'publicity', 'videos', videoId), { recursive: true });
    copyFileSync(
      join(gw.dataDir, 'publicity', 'videos', videoId, 'work.mp4'),
      join(oldDir, 'publicity', 'videos', videoId, 'work.mp4'),
    );
    const old = otherStation(oldDir);
    const before = process.env.FFMPEG_PATH;
    process.env.FFMPEG_PATH = wrapper;
    try {
      expect(await old.render(pubId, videoId, 'test:old-station')).toMatchObject({ state: 'rendering' });
      await waitFor(() => existsSync(started), 60_000, 'the old station to start its ffmpeg');
    } finally {
      if (before === undefined) delete process.env.FFMPEG_PATH;
      else process.env.FFMPEG_PATH = before;
    }
    // The station starts again: the render it was doing is marked cut short (audited), and the
    // editor renders and signs off meanwhile.
    const restarted = otherStation(mkdtempSync(join(dir, 'restarted-')));
    await restarted.start();
    await restarted.stop();
    expect(await get(videoId)).toMatchObject({ state: 'review', error: expect.stringMatching(/stopped/) });
    expect((await fetch(`${videos()}/${videoId}/render`, { method: 'POST', headers: editor })).status).toBe(202);
    expect(await until(videoId, ['rendered'])).toMatchObject({ copy: { render: 5 } });
    const signed = await fetch(`${videos()}/${videoId}/sign-off`, { method: 'POST', headers: editor });
    expect(signed.status).toBe(200);
    released = (await signed.json()) as VideoReleaseView;
    expect(released).toMatchObject({ state: 'released', public: true, signedOffBy: 'token:test-legal-reviewer' });

    // Now the old job fails: too late, it changes nothing.
    writeFileSync(go, '');
    await old.settled();
    await old.stop();
    expect(await get(videoId)).toMatchObject({ state: 'released', public: true, error: null, copy: { render: 5 } });
    expect((await fetch(`${gw.portalUrl}/api/videos/${videoId}`)).status).toBe(200);
    const failures = (
      (await (await gw.fetch(`/api/audit?subjectType=video-release&subjectId=${videoId}&limit=1000`)).json()) as {
        entries: { detail: { failed?: string } }[];
      }
    ).entries.filter((e) => e.detail.failed?.includes('the old job fails late'));
    expect(failures).toEqual([]);
  }, 600_000);

  it('the portal serves the released copy, whose hash matches its manifest, which names the sealed source', async () => {
    const api = await fetch(`${gw.portalUrl}/api/videos/${videoId}`);
    expect(api.status).toBe(200);
    const described = (await api.json()) as {
      video: { url: string; manifestUrl: string; sha256: string; bytes: number };
      manifest: VideoReleaseManifest;
    };
    const file = await fetch(`${gw.portalUrl}${new URL(described.video.url).pathname}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('video/mp4');
    const bytes = Buffer.from(await file.arrayBuffer());
    const manifestRes = await fetch(`${gw.portalUrl}${new URL(described.video.manifestUrl).pathname}`);
    expect(manifestRes.status).toBe(200);
    const manifest = JSON.parse(await manifestRes.text()) as VideoReleaseManifest;
    expect(manifest).toEqual(described.manifest);
    expect(sha256(bytes)).toBe(manifest.copy.sha256);
    expect(bytes.length).toBe(manifest.copy.bytes);
    expect(manifest.copy.sha256).toBe(released.copy!.sha256);
    expect(manifest.sources).toEqual([
      { recordingId: faceRec, sha256: sha256(faceBytes), bytes: faceBytes.length, startMs: 500, endMs: 4500 },
    ]);
    expect(manifest.edits.regions.some((r) => r.source === 'auto')).toBe(true);
    expect(manifest.edits.mutedSpans).toEqual([{ startMs: 1000, endMs: 2000 }]);
    // Never the original: the copy is not the segment, and a range of it is a range of the copy.
    expect(sha256(bytes)).not.toBe(sha256(faceBytes));
    const part = await fetch(`${gw.portalUrl}${new URL(described.video.url).pathname}`, {
      headers: { range: 'bytes=0-99' },
    });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(0, 100))).toBe(true);
    // Nothing else of the station is reachable by id there.
    expect((await fetch(`${gw.portalUrl}/api/videos/${randomUUID()}`)).status).toBe(404);
    // The item's page plays it, with its hash and manifest, under a policy that lets it play.
    const pub = (await (await gw.fetch(`/api/publications/${pubId}`)).json()) as PublicationView;
    const page = await fetch(`${gw.portalUrl}/results/${Buffer.from(pub.itemId).toString('base64url')}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("media-src 'self'");
    const html = await page.text();
    expect(html).toContain(`<video controls preload="metadata" src="/videos/${videoId}/video.mp4"`);
    expect(html).toContain(`href="/videos/${videoId}/manifest.json"`);
    expect(html).toContain(manifest.copy.sha256);
  });

  it('the portal serves no copy whose path leaves the store or whose signatures do not hold', async () => {
    const row = (await findVideoRelease(db2, videoId))!;
    const pub = (await findPublication(db2, pubId))!;
    const page = `${gw.portalUrl}/results/${Buffer.from(pub.item_id).toString('base64url')}`;
    const served = async () => ({
      api: (await fetch(`${gw.portalUrl}/api/videos/${videoId}`)).status,
      file: (await fetch(`${gw.portalUrl}/videos/${videoId}/video.mp4`)).status,
      onPage: (await (await fetch(page)).text()).includes(`/videos/${videoId}/video.mp4`),
    });
    const live = { api: 200, file: 200, onPage: true };
    expect(await served()).toEqual(live);

    // A copy path that is not the store's name for this release's copy: the file is not served,
    // not even a file of the very size the row names (a copy placed outside the store).
    const folder = join(gw.dataDir, 'publicity', 'videos', videoId);
    copyFileSync(join(gw.dataDir, row.copy_path!), join(gw.dataDir, 'outside.mp4'));
    symlinkSync(join(gw.dataDir, 'outside.mp4'), join(folder, 'released-99.mp4'));
    for (const path of [
      'outside.mp4',
      `publicity/videos/${videoId}/../../../outside.mp4`,
      'liuhen.sqlite',
      `publicity/videos/${videoId}/work.mp4`,
      join(dir, 'face.mp4'),
      `publicity/videos/${randomUUID()}/released-1.mp4`,
      // The right form, but a link to a file outside the store.
      `publicity/videos/${videoId}/released-99.mp4`,
    ]) {
      await updateVideoRelease(db2, videoId, { copy_path: path });
      expect((await fetch(`${gw.portalUrl}/videos/${videoId}/video.mp4`)).status, path).toBe(404);
    }
    await updateVideoRelease(db2, videoId, { copy_path: row.copy_path });
    expect(await served()).toEqual(live);

    // The copy's signature: by another key, over other facts, or none: not served, not on the page.
    const facts = signedVideoFacts({
      itemId: pub.item_id,
      release: videoId,
      sha256: row.copy_sha256!,
      bytes: row.copy_bytes!,
      manifestJson: row.manifest_json!,
    });
    const notServed = { api: 404, file: 404, onPage: false };
    for (const tampered of [
      { copy_signature: JSON.stringify(signManifest(Buffer.from(facts), foreignKey(), signedVideoName(videoId))) },
      { copy_signature: null },
      { manifest_json: row.manifest_json!.replace(sha256(faceBytes), '0'.repeat(64)) },
      { copy_bytes: row.copy_bytes! + 1 },
    ]) {
      await updateVideoRelease(db2, videoId, tampered);
      expect(await served(), Object.keys(tampered)[0]).toEqual(notServed);
      await updateVideoRelease(db2, videoId, row);
    }
    expect(await served()).toEqual(live);

    // The publication's item failing its own signature check takes its video with it.
    await updatePublication(db2, pubId, {
      signature: JSON.stringify(signManifest(Buffer.from(pub.public_json!), foreignKey(), pub.item_id)),
    });
    expect((await fetch(`${gw.portalUrl}/api/videos/${videoId}`)).status).toBe(404);
    expect((await fetch(`${gw.portalUrl}/videos/${videoId}/video.mp4`)).status).toBe(404);
    await updatePublication(db2, pubId, { signature: pub.signature });
    expect(await served()).toEqual(live);
  });

  it('every access and change is in the audit trail', async () => {
    // Every state change, by whom, in order: the station's background steps, the editor's edits
    // and renders, the failed render (back to review), the render cut short by a restart (the
    // station marks it), the sign-off; the old station's late failure is not there.
    expect(await stateTrail(videoId)).toEqual([
      ['station', 'cutting'],
      ['station', 'detecting'],
      ['station', 'review'],
      ['editor', 'review'],
      ['editor', 'review'],
      ['editor', 'rendering'],
      ['station', 'rendered'],
      ['editor', 'rendering'],
      ['station', 'review'],
      ['editor', 'rendering'],
      ['station', 'rendered'],
      ['editor', 'rendering'],
      ['station', 'review'],
      ['editor', 'rendering'],
      ['station', 'rendered'],
      ['editor', 'released'],
    ]);
    // One query per action: the polling above left many views.
    for (const action of ['create', 'update', 'view', 'play', 'publish']) {
      const entries = (
        (await (await gw.fetch(`/api/audit?subjectType=video-release&action=${action}&limit=1000`)).json()) as {
          entries: { subjectId: string }[];
        }
      ).entries;
      expect(
        entries.some((e) => e.subjectId === videoId),
        action,
      ).toBe(true);
    }
  });

  it('signing off deletes the working copy and the superseded renders (audited); the sealed segment stays', async () => {
    // Render 5 is released: the working copy (faces visible) and renders 1-3 with their files are
    // gone, each deletion in the audit trail (render 4 ran on the old station and left no file
    // here); the copy, its manifest and its redaction list stay.
    // released-99.mp4 (a link the portal test planted) is no render of this release: left alone.
    expect(filesOf(videoId)).toEqual([
      'released-5.mp4',
      'released-5.mp4.manifest.json',
      'released-5.mp4.redaction.json',
      'released-99.mp4',
    ]);
    expect(existsSync(join(gw.dataDir, 'outside.mp4'))).toBe(true);
    const deleted = await deletions(videoId);
    expect(deleted).toContainEqual(['work.mp4', 'working-copy']);
    for (const n of [1, 2, 3]) expect(deleted).toContainEqual([`released-${n}.mp4`, 'superseded-render']);
    for (const n of [1, 3])
      for (const side of ['manifest', 'redaction'])
        expect(deleted).toContainEqual([`released-${n}.mp4.${side}.json`, 'superseded-render']);
    expect(deleted).toContainEqual(['released-2.mp4.manifest.json', 'superseded-render']);
    expect(deleted.filter(([file]) => file.startsWith('released-4.'))).toEqual([]);
    // The database keeps the hash link; the sealed segment is byte for byte what it was.
    expect(await get(videoId)).toMatchObject({ state: 'released', work: { sha256: expect.any(String) } });
    expect((await segmentFile(faceRec)).equals(faceBytes)).toBe(true);
    // A preview frame of the deleted working copy is refused, saying why.
    const frame = await fetch(`${videos()}/${videoId}/frame?atMs=100`, { headers: editor });
    expect(frame.status).toBe(409);
    expect(await frame.json()).toMatchObject({ code: 'video-work-deleted' });
  });

  let secondId = '';
  it('an editor takes one released video down alone, with a redacted public reason: 410 on the portal, copy deleted', async () => {
    const proposed = await fetch(videos(), json('POST', { recordingId: faceRec, startMs: 0, endMs: 2000 }, editor));
    expect(proposed.status).toBe(202);
    secondId = ((await proposed.json()) as VideoReleaseView).id;
    await until(secondId, ['review']);
    expect((await fetch(`${videos()}/${secondId}/render`, { method: 'POST', headers: editor })).status).toBe(202);
    await until(secondId, ['rendered']);
    const withdrawUrl = `${videos()}/${secondId}/withdraw`;
    const reason = '画面中出现无关群众，其联系电话13812345678已核实';
    // Only a released video is taken down.
    expect((await fetch(withdrawUrl, json('POST', { reason }, editor))).status).toBe(409);
    expect((await fetch(`${videos()}/${secondId}/sign-off`, { method: 'POST', headers: editor })).status).toBe(200);
    expect(filesOf(secondId)).toEqual([
      'released-1.mp4',
      'released-1.mp4.manifest.json',
      'released-1.mp4.redaction.json',
    ]);
    const live = await get(secondId);
    expect((await fetch(`${gw.portalUrl}/videos/${secondId}/video.mp4`)).status).toBe(200);

    // A live released copy gone missing is no "deleted" answer: a server error saying what to do.
    const copyFile = join(gw.dataDir, 'publicity', 'videos', secondId, 'released-1.mp4');
    renameSync(copyFile, join(dir, 'second-copy.mp4'));
    const lost = await fetch(`${videos()}/${secondId}/file`, { headers: auditor });
    expect(lost.status).toBe(500);
    const lostBody = (await lost.json()) as { code: string; message: string };
    expect(lostBody.code).toBe('video-copy-missing');
    expect(lostBody.message).toMatch(/missing.*restore.*take the video down/s);
    renameSync(join(dir, 'second-copy.mp4'), copyFile);
    expect((await fetch(`${videos()}/${secondId}/file`, { headers: auditor })).status).toBe(200);

    // An auditor does not take it down; a reason is required.
    expect((await fetch(withdrawUrl, json('POST', { reason }, auditor))).status).toBe(403);
    expect((await fetch(withdrawUrl, json('POST', { reason: ' ' }, editor))).status).toBe(400);
    expect((await fetch(withdrawUrl, json('POST', {}, editor))).status).toBe(400);
    expect(await get(secondId)).toMatchObject({ state: 'released', public: true });

    const w = await fetch(withdrawUrl, json('POST', { reason }, editor));
    expect(w.status).toBe(200);
    const down = (await w.json()) as VideoReleaseView;
    expect(down).toMatchObject({ state: 'withdrawn', public: false, withdrawnBy: 'token:test-legal-reviewer' });
    expect(down.withdrawReason).toContain('无关群众');
    expect(down.withdrawReason).not.toContain('13812345678');
    expect(down.withdrawnAt).toEqual(expect.any(String));
    // The hash link stays on record: the copy's hash and manifest, the sources.
    expect(down.copy).toEqual(live.copy);
    expect(down.sources).toEqual(live.sources);
    // Taken down once.
    expect((await fetch(withdrawUrl, json('POST', { reason }, editor))).status).toBe(409);

    // The portal: 410 with the (redacted) reason on each of its URLs; the item page plays only the other video.
    const api = await fetch(`${gw.portalUrl}/api/videos/${secondId}`);
    expect(api.status).toBe(410);
    expect(((await api.json()) as { withdrawal: { reason: string } }).withdrawal.reason).toBe(down.withdrawReason);
    for (const path of ['video.mp4', 'manifest.json']) {
      const r = await fetch(`${gw.portalUrl}/videos/${secondId}/${path}`);
      expect(r.status, path).toBe(410);
      expect(await r.text(), path).toContain(down.withdrawReason!);
    }
    const pub = (await (await gw.fetch(`/api/publications/${pubId}`)).json()) as PublicationView;
    const html = await (await fetch(`${gw.portalUrl}/results/${Buffer.from(pub.itemId).toString('base64url')}`)).text();
    expect(html).not.toContain(`/videos/${secondId}/`);
    expect(html).toContain(`/videos/${videoId}/video.mp4`);
    expect((await fetch(`${gw.portalUrl}/videos/${videoId}/video.mp4`)).status).toBe(200);

    // Its released copy is deleted (audited); its manifest stays beside it and in the database.
    expect(filesOf(secondId)).toEqual(['released-1.mp4.manifest.json', 'released-1.mp4.redaction.json']);
    expect(await deletions(secondId)).toEqual([
      ['released-1.mp4', 'withdrawn-copy'],
      ['work.mp4', 'working-copy'],
    ]);
    const copy = await fetch(`${videos()}/${secondId}/file`, { headers: auditor });
    expect(copy.status).toBe(409);
    expect(await copy.json()).toMatchObject({ code: 'video-copy-deleted' });
    const manifest = await (await fetch(`${videos()}/${secondId}/manifest`, { headers: auditor })).text();
    expect(sha256(Buffer.from(manifest))).toBe(live.copy!.manifestSha256);
    const entries = (
      (await (
        await gw.fetch(`/api/audit?subjectType=video-release&subjectId=${secondId}&action=withdraw&limit=10`)
      ).json()) as { entries: { detail: { state?: string; reason?: string; sha256?: string } }[] }
    ).entries;
    expect(entries).toEqual([
      expect.objectContaining({
        detail: expect.objectContaining({ state: 'withdrawn', reason: down.withdrawReason, sha256: live.copy!.sha256 }),
      }),
    ]);
    expect((await segmentFile(faceRec)).equals(faceBytes)).toBe(true);
  }, 600_000);

  it('a withdrawn publication takes its video down: 410 on the portal, and no new clip', async () => {
    const w = await fetch(
      `${gw.url}/api/publications/${pubId}/withdraw`,
      json('POST', { kind: 'revoked', reason: '原处罚决定已被依法撤销' }, editor),
    );
    expect(w.status).toBe(200);
    const api = await fetch(`${gw.portalUrl}/api/videos/${videoId}`);
    expect(api.status).toBe(410);
    expect(((await api.json()) as { withdrawal: { reason: string } }).withdrawal.reason).toContain('撤销');
    expect((await fetch(`${gw.portalUrl}/videos/${videoId}/video.mp4`)).status).toBe(410);
    expect((await fetch(`${gw.portalUrl}/videos/${videoId}/manifest.json`)).status).toBe(410);
    expect(await get(videoId)).toMatchObject({ state: 'withdrawn', public: false });
    const again = await fetch(videos(), json('POST', { recordingId: faceRec, startMs: 0, endMs: 1000 }, editor));
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'publication-withdrawn' });
    expect((await list()).map((v) => v.id)).toEqual([videoId, secondId]);
  });

  it('the sweep deletes the copies of a withdrawn publication; a deletion that fails is logged and retried', async () => {
    // The current copy cannot be deleted at first (something else holds its name: a folder).
    const folder = join(gw.dataDir, 'publicity', 'videos', videoId);
    renameSync(join(folder, 'released-5.mp4'), join(dir, 'released-5.mp4'));
    mkdirSync(join(folder, 'released-5.mp4'));
    const lines: { msg: string; file?: string; err?: string }[] = [];
    const log = createLogger('info', {
      write: (l: string) => void lines.push(JSON.parse(l) as (typeof lines)[number]),
    });
    const station = otherStation(gw.dataDir, { log, sweepEveryMs: 200 });
    await station.start();
    try {
      await waitFor(
        () => lines.some((l) => /could not delete/.test(l.msg) && l.file === 'released-5.mp4'),
        20_000,
        'the failed deletion logged',
      );
      expect(await deletions(videoId)).not.toContainEqual(['released-5.mp4', 'withdrawn-copy']);
      // Put right: the next sweep deletes it, audited.
      rmSync(join(folder, 'released-5.mp4'), { recursive: true });
      renameSync(join(dir, 'released-5.mp4'), join(folder, 'released-5.mp4'));
      await waitFor(() => !existsSync(join(folder, 'released-5.mp4')), 20_000, 'the deletion retried');
    } finally {
      await station.stop();
    }
    expect(await deletions(videoId)).toContainEqual(['released-5.mp4', 'withdrawn-copy']);
    expect(lines.some((l) => /deleted/.test(l.msg) && l.file === 'released-5.mp4')).toBe(true);
    // What stays: the manifest (also in the database), a link that is no render of it (and what it points
    // to), and the sealed segment, byte for byte.
    expect(filesOf(videoId)).toEqual([
      'released-5.mp4.manifest.json',
      'released-5.mp4.redaction.json',
      'released-99.mp4',
    ]);
    expect(existsSync(join(gw.dataDir, 'outside.mp4'))).toBe(true);
    expect((await get(videoId)).copy).toMatchObject({ render: 5 });
    expect((await segmentFile(faceRec)).equals(faceBytes)).toBe(true);
  }, 120_000);

  it('one release whose folder cannot be read does not stop the sweep; a tidied release is skipped until it changes', async () => {
    const pub = (await findPublication(db2, pubId))!;
    const at = new Date().toISOString();
    /** A finished release written straight into the database (what the sweep reads), its id sorted first or last. */
    const release = async (first: string, more: Partial<VideoReleasesTable>) => {
      const id = first + randomUUID().slice(1);
      await insertVideoRelease(db2, {
        ...(await findVideoRelease(db2, videoId))!,
        id,
        case_id: pub.case_id,
        state: 'failed',
        render_seq: 0,
        copy_path: null,
        copy_sha256: null,
        copy_bytes: null,
        manifest_json: null,
        copy_signature: null,
        tidied_at: null,
        tidied_for: null,
        created_at: at,
        updated_at: at,
        ...more,
      });
      mkdirSync(join(gw.dataDir, 'publicity', 'videos', id), { recursive: true });
      return id;
    };
    // First in the sweep's order: its folder is a plain file (readdir: ENOTDIR).
    const broken = await release('0', {});
    const brokenFolder = join(gw.dataDir, 'publicity', 'videos', broken);
    rmSync(brokenFolder, { recursive: true });
    writeFileSync(brokenFolder, 'not a folder\n');
    // Last: a failed cut's working copy (faces visible), a deletion an earlier sweep left half done,
    // and a file that is none of the store's.
    const failed = await release('f', {});
    const failedFolder = join(gw.dataDir, 'publicity', 'videos', failed);
    writeFileSync(join(failedFolder, 'work.mp4'), 'faces\n');
    writeFileSync(join(failedFolder, '.deleting-work.mp4'), 'faces, half deleted\n');
    writeFileSync(join(failedFolder, '.deleting-notes.txt'), 'not ours\n');
    // Tidied while it was a live released video, then taken down (and its publication since withdrawn).
    const takenDown = await release('e', {
      state: 'withdrawn',
      render_seq: 1,
      tidied_for: 'released',
      tidied_at: at,
    });
    const takenDownFolder = join(gw.dataDir, 'publicity', 'videos', takenDown);
    await updateVideoRelease(db2, takenDown, { copy_path: `publicity/videos/${takenDown}/released-1.mp4` });
    writeFileSync(join(takenDownFolder, 'released-1.mp4'), 'copy\n');

    const lines: { msg: string; release?: string }[] = [];
    const log = createLogger('info', {
      write: (l: string) => void lines.push(JSON.parse(l) as (typeof lines)[number]),
    });
    const station = otherStation(gw.dataDir, { log });
    try {
      await station.sweep();
      expect(lines.some((l) => /could not tidy/.test(l.msg) && l.release === broken)).toBe(true);
      expect(readdirSync(failedFolder)).toEqual(['.deleting-notes.txt']);
      expect(await deletions(failed)).toEqual([
        ['work.mp4', 'working-copy'],
        ['work.mp4', 'working-copy'],
      ]);
      expect(readdirSync(takenDownFolder)).toEqual([]);
      expect(await deletions(takenDown)).toEqual([['released-1.mp4', 'withdrawn-copy']]);
      expect((await findVideoRelease(db2, failed))?.tidied_for).toBe('down');
      expect((await findVideoRelease(db2, takenDown))?.tidied_for).toBe('down');
      expect((await findVideoRelease(db2, broken))?.tidied_for).toBeNull();

      // Tidied: the next sweep does not read its folder again (a file planted there stays); the broken one is retried.
      writeFileSync(join(failedFolder, 'work.mp4'), 'planted\n');
      lines.splice(0);
      await station.sweep();
      expect(readdirSync(failedFolder).sort()).toEqual(['.deleting-notes.txt', 'work.mp4']);
      expect(lines.some((l) => /could not tidy/.test(l.msg) && l.release === broken)).toBe(true);
    } finally {
      await station.stop();
      rmSync(brokenFolder);
    }
  });
});
