/**
 * The public portal's pages before enforcement (事前公开) and random draws (双随机), on a real
 * SQLite file where the station's own services (publicity/disclosure.ts, inspections/inspections.ts)
 * published real page versions and committed, drew and cancelled real draws, the portal started
 * on that file with its read-only connection: the version in effect by its day (China time), past
 * and announced versions at their own addresses; the officers page with name, 执法证号 and unit
 * only; the procedure's flow chart served from the signed JSON, its text escaped; a draw's page
 * before and after the draw; the draw file the portal serves verified by the verify-draw.mjs it
 * serves, run as a child process; nothing of the non-public columns in any answer (markers in
 * every one of them, and a copy of the database without them answering byte for byte alike);
 * tampered records not served; and no internal route.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyManifestSignature, type ManifestSignature } from '@liuhen/evidence';
import { openSeed } from '../src/inspections/inspections-seal.js';
import type { DrawPublication, PublicDrawRecord } from '../src/inspections/random-draw.js';
import { createLogger } from '../src/log.js';
import { startPortal, type Portal } from '../src/portal/index.js';
import { drawFileName, drawPaths } from '../src/portal/site.js';
import { VERIFIER_FILE } from '../src/portal/verifier.js';
import type { PublicPage } from '../src/publicity/disclosure-content.js';
import {
  commitSampleDraw,
  openSampleStation,
  publishSamplePages,
  SAMPLE_AGENCY,
  sampleParties,
  seedSampleOfficers,
  type SampleOfficer,
  type SampleStation,
} from '../src/portal/sample-disclosure.js';

const BASE = 'https://gongshi.example.gov.cn';
const DAY = 86_400_000;
const REAL = Date.now();
/** The China day of an instant, as the portal decides what is in effect. */
const dayOf = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/** In every non-public column the services write: who did what, badge numbers, reasons, drafts. */
const MARK = 'NONPUBLIC-4b7e';
const ACTOR = `${MARK}-editor@10.0.0.1`;
/** Typed into a result's findings: the original stays inside the station, the public text is redacted. */
const PHONE = '13812345678';

const HOSTILE_STEP = '检查 <b>现场</b> & "记录" <script>alert(1)</script>';

const DRAWN = '2026-示例-户外广告-01';
const WAITING = 'B/2026 第二批'; // a slash and a space in the id: paths encode it
const CANCELLED = '2026-示例-取消-01';
const DRAFT = '2026-示例-草稿-01';

let dir: string;
let s: SampleStation;
let roster: SampleOfficer[];
let hidden: SampleOfficer[];
let portal: Portal;
const plans: Record<string, string> = {};
/** Each committed draw's sealed seed (never served) and its seed (served only once drawn or cancelled). */
const seeds: Record<string, { sealed: string; seed: string }> = {};
const parties = sampleParties(10);

async function start(file: string): Promise<Portal> {
  return startPortal({
    dbFile: file,
    host: '127.0.0.1',
    port: 0,
    baseUrl: BASE,
    title: '示例县行政执法公示',
    agency: SAMPLE_AGENCY,
    stationPublicKeyPem: s.keys.publicKeyPem,
    log: createLogger(process.env.LIUHEN_TEST_LOG ?? 'silent'),
  });
}

const get = (p: Portal, path: string, init: RequestInit = {}) => fetch(`${p.url}${path}`, init);
const text = async (p: Portal, path: string) => {
  const res = await get(p, path);
  return { status: res.status, body: await res.text(), res };
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (p: Portal, path: string): Promise<{ status: number; body: any }> => {
  const res = await get(p, path);
  return { status: res.status, body: await res.json() };
};

async function sealedSeed(planId: string): Promise<{ sealed: string; seed: string }> {
  const row = await s.db
    .selectFrom('inspection_plans')
    .select(['seed_sealed', 'commitment'])
    .where('id', '=', planId)
    .executeTakeFirstOrThrow();
  return { sealed: row.seed_sealed!, seed: openSeed(row.seed_sealed!, s.keys, `${planId}\u0000${row.commitment}`) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liuhen-portal-disclosure-'));
  // Sixty days ago: every page's first version.
  s = await openSampleStation(join(dir, 'station'), { now: new Date(REAL - 60 * DAY) });
  ({ roster, hidden } = await seedSampleOfficers(s.db, { idOf: (n) => `${MARK}-badge-${n}` }));
  await publishSamplePages(s, ACTOR, {
    procedureSteps: [
      { kind: 'other', title: '立案' },
      { kind: 'on-site-inspection', title: HOSTILE_STEP, note: '出示执法证件' },
      { kind: 'hearing', optional: true, condition: '当事人要求听证的' },
      { kind: 'service', title: '送达决定书' },
    ],
  });
  // The remedies: version 1 (the sample's) replaced the same day by version 2, which was in force
  // until version 3 took effect ten days ago; version 4 is announced for a month from now.
  const remedies = (deadline: string) => ({ channels: [{ kind: '行政复议', body: '示例县人民政府', deadline }] });
  await s.disclosure.publishPage('remedies', remedies('第一版期限'), ACTOR);
  // Ten days ago: the version of the remedies in effect today.
  s.setNow(new Date(REAL - 10 * DAY));
  await s.disclosure.publishPage('remedies', remedies('第二版期限'), ACTOR);
  // Today: a version announced for a month from now, and a page with only an announced version.
  s.setNow(new Date(REAL));
  await s.disclosure.publishPage('remedies', remedies('第三版期限'), ACTOR, { effectiveFrom: dayOf(REAL + 30 * DAY) });
  await s.disclosure.publishPage('guide-licence', { matter: '户外广告设施设置许可' }, ACTOR, {
    effectiveFrom: dayOf(REAL + 30 * DAY),
  });
  // The structured content the portal never reads, marked.
  await sql`update disclosure_pages set body_json = json_set(body_json, '$.planted', ${MARK})`.execute(s.db);

  // Draws, committed now for an hour from now: one to be drawn, one left waiting, one cancelled.
  const drawAt = new Date(REAL + 3_600_000).toISOString();
  const ids = roster.map((o) => o.id);
  const conflicts = [{ officerId: ids[0]!, partyId: parties[0]!.id, reason: `${MARK}-配偶在该店任职` }];
  plans[DRAWN] = await commitSampleDraw(
    s,
    { drawId: DRAWN, drawAt, partyCount: 4, parties, roster: ids, conflicts },
    ACTOR,
  );
  plans[WAITING] = await commitSampleDraw(
    s,
    { drawId: WAITING, drawAt: new Date(REAL + 2 * DAY).toISOString(), partyCount: 2, parties, roster: ids },
    ACTOR,
  );
  plans[CANCELLED] = await commitSampleDraw(
    s,
    { drawId: CANCELLED, drawAt, partyCount: 3, parties, roster: ids },
    ACTOR,
  );
  await s.inspections.cancel(plans[CANCELLED], '抽查事项调整，本次抽取取消', ACTOR);
  // A draft never committed: nothing of it is public.
  const draft = await s.inspections.createPlan(
    { drawId: DRAFT, title: `${MARK} 草稿`, itemId: 'SJ-001', drawAt, partyCount: 1, inspectorsPerParty: 1 },
    ACTOR,
  );
  await s.inspections.setParties(draft.id, [{ id: `${MARK}-party`, name: `${MARK} 商铺` }], ACTOR);
  for (const id of [DRAWN, WAITING, CANCELLED]) seeds[id] = await sealedSeed(plans[id]!);

  portal = await start(s.dbFile);
});

afterAll(async () => {
  await portal?.stop();
  await s?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The draw, then a result recorded for its first party (at the services' clock, after the draw). */
async function drawAndRecord(): Promise<void> {
  s.setNow(new Date(REAL + 3_600_000 + 60_000));
  await s.inspections.draw(plans[DRAWN]!, ACTOR);
  const [first] = await s.inspections.assignments(plans[DRAWN]!);
  await s.inspections.recordResult(
    first!.id,
    {
      inspectedOn: dayOf(REAL + 3_600_000 + 60_000),
      outcome: 'problem-rectified',
      findings: `户外广告设施未经许可设置，店员（电话${PHONE}）在场。`,
      handling: '已责令限期拆除。',
    },
    ACTOR,
  );
}

describe('portal: pages before enforcement (事前公开)', () => {
  it('lists the version of each page in effect today and the versions announced, from the home page', async () => {
    const home = await text(portal, '/');
    expect(home.body).toContain('<a href="/disclosure">事前公开</a>');
    expect(home.body).toContain('<a href="/inspections">双随机抽查</a>');
    const index = await text(portal, '/disclosure');
    expect(index.status).toBe(200);
    for (const slug of ['subject', 'officers', 'duties', 'basis', 'procedure-penalty', 'remedies', 'guide-complaint'])
      expect(index.body).toContain(`href="/disclosure/${slug}"`);
    expect(index.body).toContain('href="/disclosure/inspection-list"');
    // Announced, not yet in effect: linked by version.
    expect(index.body).toContain('href="/disclosure/remedies/versions/4"');
    expect(index.body).toContain('href="/disclosure/guide-licence/versions/1"');

    const api = await json(portal, '/api/pages');
    expect(api.status).toBe(200);
    const current = Object.fromEntries(
      (api.body.pages as { slug: string; version: number }[]).map((p) => [p.slug, p.version]),
    );
    expect(current).toEqual({
      subject: 1,
      officers: 1,
      duties: 1,
      basis: 1,
      'procedure-penalty': 1,
      remedies: 3,
      'guide-complaint': 1,
      'inspection-list': 1,
    });
    // In the order an enforcement act goes.
    expect(Object.keys(current)).toEqual([
      'subject',
      'officers',
      'duties',
      'basis',
      'procedure-penalty',
      'remedies',
      'guide-complaint',
      'inspection-list',
    ]);
    expect((api.body.upcoming as { slug: string; version: number }[]).map((p) => `${p.slug}/${p.version}`)).toEqual([
      'remedies/4',
      'guide-licence/1',
    ]);
  });

  it('serves the version in effect by its day, each past and announced version at its own address', async () => {
    const current = await text(portal, '/disclosure/remedies');
    expect(current.status).toBe(200);
    expect(current.body).toContain('第二版期限');
    expect(current.body).not.toContain('第一版期限');
    expect(current.body).not.toContain('第三版期限');
    expect(current.body).toContain('第 3 版（现行）');
    expect(current.body).toContain(`<time datetime="${dayOf(REAL - 10 * DAY)}">`);
    expect(current.body).toContain(`<link rel="canonical" href="${BASE}/disclosure/remedies">`);
    // The history: every version linked, with what it is today.
    for (const v of [1, 2, 4]) expect(current.body).toContain(`href="/disclosure/remedies/versions/${v}"`);

    const past = await text(portal, '/disclosure/remedies/versions/2');
    expect(past.status).toBe(200);
    expect(past.body).toContain('第一版期限');
    expect(past.body).toContain('这是历史版本');
    // In force from its day until the day before the second took effect.
    const lastDay = new Date(Date.parse(`${dayOf(REAL - 10 * DAY)}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
    expect(past.body).toContain(
      `<time datetime="${dayOf(REAL - 60 * DAY)}">${dayOf(REAL - 60 * DAY)}</time> 至 <time datetime="${lastDay}">`,
    );
    expect(past.body).toContain('href="/disclosure/remedies">查看现行版本（第 3 版）</a>');
    // Replaced on the day it was to take effect: it never applied.
    const never = await text(portal, '/disclosure/remedies/versions/1');
    expect(never.status).toBe(200);
    expect(never.body).toContain('施行前已被新版本取代');

    const announced = await text(portal, '/disclosure/remedies/versions/4');
    expect(announced.status).toBe(200);
    expect(announced.body).toContain('第三版期限');
    expect(announced.body).toContain(`将于 <time datetime="${dayOf(REAL + 30 * DAY)}">`);

    const notYet = await text(portal, '/disclosure/guide-licence');
    expect(notYet.status).toBe(200);
    expect(notYet.body).toContain('本页内容尚未施行');
    expect((await json(portal, '/api/pages/guide-licence')).status).toBe(404);

    const api = await json(portal, '/api/pages/remedies');
    expect(api.body.page.version).toBe(3);
    expect(api.body.current).toBe(3);
    expect((api.body.versions as { version: number; status: string }[]).map((v) => [v.version, v.status])).toEqual([
      [4, 'upcoming'],
      [3, 'current'],
      [2, 'past'],
      [1, 'past'],
    ]);
    expect(api.body.versions[3]).toMatchObject({ version: 1, neverInForce: true });
    const v2 = await json(portal, '/api/pages/remedies/versions/2');
    expect(v2.body.status).toBe('past');
    expect(v2.body.page.content.channels[0].deadline).toBe('第一版期限');

    for (const bad of [
      '/disclosure/nope',
      '/disclosure/remedies/versions/9',
      '/disclosure/remedies/versions/01',
      '/disclosure/procedure-licensing',
      '/api/pages/remedies/versions/0',
    ])
      expect((await get(portal, bad)).status, bad).toBe(404);
  });

  it('serves each version’s exact signed JSON and signature; they verify and chain to the version replaced', async () => {
    const key = createPublicKey(s.keys.publicKeyPem);
    const stored = await s.db
      .selectFrom('disclosure_pages')
      .select(['slug', 'version', 'public_json'])
      .where('slug', '=', 'remedies')
      .orderBy('version')
      .execute();
    const sha: string[] = [];
    for (const row of stored) {
      const raw = await text(portal, `/api/pages/remedies/versions/${row.version}/public.json`);
      expect(raw.body).toBe(row.public_json);
      const sig = (await json(portal, `/api/pages/remedies/versions/${row.version}/signature.json`))
        .body as ManifestSignature;
      expect(verifyManifestSignature(Buffer.from(raw.body, 'utf8'), sig, key)).toBe(true);
      const page = JSON.parse(raw.body) as PublicPage;
      expect(sig.signed).toBe(page.id);
      expect(page.supersedes).toEqual(row.version === 1 ? null : { version: row.version - 1, sha256: sha.at(-1) });
      sha.push(sig.sha256);
    }
    // The page prints the OpenSSL check; it passes on what the portal served.
    const pageHtml = (await text(portal, '/disclosure/remedies')).body;
    expect(pageHtml).toContain(`curl -o page.json ${BASE}/api/pages/remedies/versions/3/public.json`);
    const work = mkdtempSync(join(dir, 'page-verify-'));
    writeFileSync(join(work, 'page.json'), (await text(portal, '/api/pages/remedies/versions/3/public.json')).body);
    const sig = (await json(portal, '/api/pages/remedies/versions/3/signature.json')).body as ManifestSignature;
    writeFileSync(join(work, 'sig.bin'), Buffer.from(sig.signature, 'base64'));
    writeFileSync(join(work, 'station-key.pem'), (await text(portal, '/station-key.pem')).body);
    const args = [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      'station-key.pem',
      '-rawin',
      '-in',
      'page.json',
      '-sigfile',
      'sig.bin',
    ];
    expect(execFileSync('openssl', args, { cwd: work, encoding: 'utf8' })).toMatch(/Signature Verified Successfully/);
  });

  it('the officers page shows name, 执法证号 and unit only: no badge number, no inactive, unlicensed or expired officer', async () => {
    const page = await text(portal, '/disclosure/officers');
    expect(page.status).toBe(200);
    expect(page.body).toContain(
      '<thead><tr><th scope="col">序号</th><th scope="col">姓名</th><th scope="col">执法证号</th><th scope="col">所属单位</th></tr></thead>',
    );
    for (const o of roster) expect(page.body).toContain(`<td>${o.name}</td><td>${o.licenceNo}</td><td>${o.unit}</td>`);
    for (const o of [...roster, ...hidden]) expect(page.body).not.toContain(o.id);
    for (const o of hidden) expect(page.body).not.toContain(o.name);
    const api = await json(portal, '/api/pages/officers');
    const officers = api.body.page.content.officers as Record<string, string>[];
    expect(officers).toHaveLength(roster.length);
    for (const o of officers) expect(Object.keys(o).sort()).toEqual(['licenceNo', 'name', 'unit']);
  });

  it('the procedure page carries the flow chart from the signed JSON, its text escaped, under a CSP with no script', async () => {
    const page = await text(portal, '/disclosure/procedure-penalty');
    expect(page.status).toBe(200);
    const svg = (
      (await json(portal, '/api/pages/procedure-penalty')).body.page as PublicPage & {
        content: { svg: string };
      }
    ).content.svg;
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // Inline, byte for byte as signed; the step typed with markup is text in it.
    expect(page.body).toContain(svg);
    expect(page.body).toContain('<title id="flow-title">行政处罚流程图</title>');
    expect(svg).toContain('检查 &#60;b&#62;现场&#60;/b&#62; &#38; &#34;记录&#34;');
    expect(page.body).toContain('检查 &lt;b&gt;现场&lt;/b&gt; &amp; &quot;记录&quot;'); // the text version of the flow
    expect(page.body).not.toContain('<b>');
    expect(page.body).not.toMatch(/<script(?! type="application\/ld\+json")/);
    expect(page.res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self'; media-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  it('the random-inspection list is a table of its eight columns', async () => {
    const page = await text(portal, '/disclosure/inspection-list');
    expect(page.status).toBe(200);
    const head = ['序号', '检查项目', '检查子项', '检查主体', '检查依据', '检查方式', '检查内容', '备注'];
    expect(page.body).toContain(`<thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>`);
    expect(page.body).toContain('<caption id="inspection-list-table">随机抽查事项清单（共 2 项）</caption>');
    expect(page.body).toContain(
      `<td>户外广告设施设置情况检查</td><td>设置许可及安全情况</td><td>${SAMPLE_AGENCY}</td>`,
    );
  });
});

describe('portal: random draws (双随机)', () => {
  const draw = (id: string) => drawPaths.page(id);

  it('before the draw: the commitment with its time and every input, no seed, no draw file', async () => {
    const list = await text(portal, '/inspections');
    expect(list.status).toBe(200);
    for (const id of [DRAWN, WAITING, CANCELLED]) expect(list.body).toContain(`href="${draw(id)}"`);
    expect(list.body).not.toContain(MARK);
    const api = await json(portal, '/api/draws');
    expect(
      Object.fromEntries((api.body.draws as { drawId: string; state: string }[]).map((d) => [d.drawId, d.state])),
    ).toEqual({ [DRAWN]: 'committed', [WAITING]: 'committed', [CANCELLED]: 'cancelled' });

    const page = await text(portal, draw(DRAWN));
    expect(page.status).toBe(200);
    const record = JSON.parse((await text(portal, drawPaths.file(DRAWN, 'commitment.json'))).body) as PublicDrawRecord;
    expect(page.body).toContain('已公布承诺，待抽取');
    expect(page.body).toContain(record.commitment);
    const committedAt = (await s.inspections.plan(plans[DRAWN]!)).committedAt!;
    expect(page.body).toContain(`<time datetime="${committedAt}">`);
    for (const p of parties) expect(page.body).toContain(p.name);
    for (const o of roster) expect(page.body).toContain(`<td>${o.licenceNo}</td><td>${o.name}</td>`);
    expect(page.body).not.toContain('<dt>随机种子</dt>');
    for (const id of [DRAWN, WAITING]) expect(page.body).not.toContain(seeds[id]!.seed);
    expect((await get(portal, drawPaths.file(DRAWN, 'draw.json'))).status).toBe(404);
    expect((await json(portal, drawPaths.apiDraw(DRAWN))).body).toMatchObject({ seed: null, assignments: null });
    // The draw id with a slash and a space has its own page.
    const waiting = await text(portal, draw(WAITING));
    expect(waiting.status).toBe(200);
    expect(waiting.body).toContain('<dd>B/2026 第二批</dd>');
  });

  it('after the draw: the seed and the assignments as the record names them, and the result among the results', async () => {
    await drawAndRecord();
    const page = await text(portal, draw(DRAWN));
    const publication = JSON.parse((await text(portal, drawPaths.file(DRAWN, 'draw.json'))).body) as DrawPublication;
    expect(page.body).toContain('<strong>已抽取</strong>');
    expect(page.body).toContain(publication.seed);
    const licence = new Map(roster.map((o) => [o.licenceNo, o.name]));
    for (const a of publication.result.assignments) {
      expect(page.body).toContain(`<span class="muted">${a.partyId}</span>`);
      for (const id of a.inspectorIds) expect(page.body).toContain(`<li>${licence.get(id)}（${id}）</li>`);
    }
    // 回避: the conflicted inspector is not drawn for that party.
    const barred = roster[0]!.licenceNo;
    for (const a of publication.result.assignments)
      if (a.partyId === parties[0]!.id) expect(a.inspectorIds).not.toContain(barred);
    const api = await json(portal, drawPaths.apiDraw(DRAWN));
    expect(api.body.draw.state).toBe('drawn');
    expect(api.body.seed).toBe(publication.seed);
    expect(api.body.assignments[0]).toEqual({
      position: 1,
      partyId: publication.result.assignments[0]!.partyId,
      partyName: parties.find((p) => p.id === publication.result.assignments[0]!.partyId)!.name,
      inspectors: publication.result.assignments[0]!.inspectorIds.map((id) => ({
        licenceNo: id,
        name: licence.get(id),
        unit: roster.find((o) => o.licenceNo === id)!.unit,
      })),
    });
    // The recorded result is published with the other results, found from the draw's page.
    expect(page.body).toContain(`href="/?kind=random-inspection&amp;q=${encodeURIComponent(DRAWN)}"`);
    const results = await json(portal, `/api/results?kind=random-inspection&q=${encodeURIComponent(DRAWN)}`);
    expect(results.body.paging.total).toBe(1);
    expect(JSON.stringify(results.body)).not.toContain(PHONE);
  });

  it('the draw file the portal serves verifies with the verify-draw.mjs it serves, run as a child process, and its signature with OpenSSL', async () => {
    const work = mkdtempSync(join(dir, 'draw-verify-'));
    const file = await get(portal, drawPaths.file(DRAWN, 'draw.json'));
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="${drawFileName(DRAWN, 'draw.json').replace(/[^A-Za-z0-9._-]+/g, '_')}"; filename*=UTF-8''${encodeURIComponent(drawFileName(DRAWN, 'draw.json'))}`,
    );
    const bytes = Buffer.from(await file.arrayBuffer());
    const stored = await s.db
      .selectFrom('inspection_plans')
      .select(['draw_json', 'draw_signature'])
      .where('id', '=', plans[DRAWN]!)
      .executeTakeFirstOrThrow();
    expect(bytes.toString('utf8')).toBe(stored.draw_json);
    const verifier = await get(portal, drawPaths.verifier);
    expect(verifier.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const script = await verifier.text();
    expect(script).toBe(readFileSync(VERIFIER_FILE, 'utf8'));
    writeFileSync(join(work, 'draw.json'), bytes);
    writeFileSync(join(work, 'verify-draw.mjs'), script);
    // The command the page prints, as a citizen would run it.
    const page = (await text(portal, draw(DRAWN))).body;
    expect(page).toContain(`curl -o draw.json ${BASE}${drawPaths.file(DRAWN, 'draw.json')}`);
    expect(page).toContain('node verify-draw.mjs draw.json');
    const run = (f: string) =>
      spawnSync(process.execPath, ['verify-draw.mjs', f], { cwd: work, encoding: 'utf8', timeout: 20_000 });
    const ok = run('draw.json');
    expect(ok.stdout).toMatch(new RegExp(`^OK draw ${DRAWN}: commitment [0-9a-f]{64} opened; 4 parties`));
    expect(ok.status).toBe(0);
    // A changed file fails it: the check is real.
    const tampered = JSON.parse(bytes.toString('utf8')) as DrawPublication;
    tampered.result.assignments.reverse();
    writeFileSync(join(work, 'tampered.json'), JSON.stringify(tampered));
    expect(run('tampered.json').status).toBe(1);

    const sigText = (await text(portal, drawPaths.file(DRAWN, 'draw.sig'))).body;
    expect(sigText).toBe(stored.draw_signature);
    const sig = JSON.parse(sigText) as ManifestSignature;
    writeFileSync(join(work, 'sig.bin'), Buffer.from(sig.signature, 'base64'));
    writeFileSync(join(work, 'station-key.pem'), (await text(portal, '/station-key.pem')).body);
    const args = [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      'station-key.pem',
      '-rawin',
      '-in',
      'draw.json',
      '-sigfile',
      'sig.bin',
    ];
    expect(execFileSync('openssl', args, { cwd: work, encoding: 'utf8' })).toMatch(/Signature Verified Successfully/);
  }, 60_000);

  it('a cancelled draw shows its notice and the seed, and what it would have drawn verifies', async () => {
    const page = await text(portal, draw(CANCELLED));
    expect(page.status).toBe(200);
    expect(page.body).toContain('<strong>已取消</strong>');
    expect(page.body).toContain('<p class="notice">抽查事项调整，本次抽取取消</p>');
    const notice = JSON.parse((await text(portal, drawPaths.file(CANCELLED, 'cancellation.json'))).body) as {
      record: PublicDrawRecord;
      seed: string;
      wouldHaveDrawn: DrawPublication['result'];
    };
    expect(page.body).toContain(notice.seed);
    expect((await get(portal, drawPaths.file(CANCELLED, 'draw.json'))).status).toBe(404);
    const work = mkdtempSync(join(dir, 'cancel-verify-'));
    writeFileSync(
      join(work, 'would-have-drawn.json'),
      JSON.stringify({ record: notice.record, seed: notice.seed, result: notice.wouldHaveDrawn }),
    );
    const r = spawnSync(process.execPath, [VERIFIER_FILE, 'would-have-drawn.json'], { cwd: work, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect((await json(portal, drawPaths.apiDraw(CANCELLED))).body.cancellation.reason).toBe(
      '抽查事项调整，本次抽取取消',
    );
  });

  it('a draft is not public: 404, and not listed', async () => {
    expect((await get(portal, draw(DRAFT))).status).toBe(404);
    expect((await get(portal, drawPaths.apiDraw(DRAFT))).status).toBe(404);
    expect((await get(portal, drawPaths.file(DRAFT, 'commitment.json'))).status).toBe(404);
    expect((await get(portal, `${draw(DRAWN)}/roster.json`)).status).toBe(404);
  });
});

describe('portal: nothing of the non-public columns, no internal route', () => {
  /** Every page, answer and file the portal gives for these pages and draws, and the results besides. */
  async function crawl(p: Portal): Promise<Map<string, { status: number; body: string }>> {
    const urls = ['/', '/open-data', '/disclosure', '/api/pages', '/inspections', '/api/draws', drawPaths.verifier];
    urls.push('/?kind=random-inspection', '/api/results', '/results.csv', '/feed.atom', '/feed.json');
    const versions = await s.db.selectFrom('disclosure_pages').select(['slug', 'version']).execute();
    for (const slug of new Set(versions.map((v) => v.slug))) urls.push(`/disclosure/${slug}`, `/api/pages/${slug}`);
    for (const { slug, version } of versions)
      urls.push(
        `/disclosure/${slug}/versions/${version}`,
        `/api/pages/${slug}/versions/${version}`,
        `/api/pages/${slug}/versions/${version}/public.json`,
        `/api/pages/${slug}/versions/${version}/signature.json`,
      );
    for (const id of [DRAWN, WAITING, CANCELLED, DRAFT]) {
      urls.push(drawPaths.page(id), drawPaths.apiDraw(id));
      for (const f of ['commitment', 'draw', 'cancellation'] as const)
        urls.push(drawPaths.file(id, `${f}.json`), drawPaths.file(id, `${f}.sig`));
    }
    const out = new Map<string, { status: number; body: string }>();
    for (const u of urls) {
      const { status, body } = await text(p, u);
      out.set(u, { status, body });
    }
    return out;
  }

  it('shows no marker of the non-public columns, no sealed seed and no seed before its draw, in any answer', async () => {
    // The markers are in the database (the check is not vacuous).
    const plan = await s.db
      .selectFrom('inspection_plans')
      .selectAll()
      .where('id', '=', plans[DRAWN]!)
      .executeTakeFirstOrThrow();
    for (const column of ['roster', 'conflicts', 'created_by', 'committed_by', 'drawn_by'] as const)
      expect(plan[column], column).toContain(MARK);
    expect(plan.seed_sealed).toMatch(/^v1\./);
    const page = await s.db
      .selectFrom('disclosure_pages')
      .select(['body_json', 'published_by'])
      .executeTakeFirstOrThrow();
    expect(page.body_json).toContain(MARK);
    expect(page.published_by).toContain(MARK);
    const assignment = await s.db
      .selectFrom('inspection_assignments')
      .selectAll()
      .where('state', '=', 'inspected')
      .executeTakeFirstOrThrow();
    expect(assignment.inspectors).toContain(MARK);
    expect(assignment.result).toContain(PHONE);
    expect(assignment.result_by).toContain(MARK);

    const answers = await crawl(portal);
    const leaks: string[] = [];
    for (const [u, a] of answers) {
      // The waiting draw's seed is a secret still; the drawn and cancelled ones' are public now.
      const secrets = [MARK, PHONE, seeds[WAITING]!.seed, ...Object.values(seeds).map((x) => x.sealed)];
      for (const secret of secrets) if (a.body.includes(secret)) leaks.push(`${u}: ${secret.slice(0, 20)}`);
      for (const o of hidden) if (a.body.includes(o.name)) leaks.push(`${u}: ${o.name}`);
    }
    expect(leaks).toEqual([]);
    expect([...answers].filter(([, a]) => a.status >= 500).map(([u]) => u)).toEqual([]);
    expect(answers.size).toBeGreaterThan(60);
  });

  it('never reads them: against a copy of the database without those columns and tables it answers byte for byte alike', async () => {
    const copy = join(dir, 'public-only.sqlite');
    await sql`VACUUM INTO ${copy}`.execute(s.db);
    const { openSqlite } = await import('../src/db/database.js');
    const stripped = openSqlite(copy);
    for (const column of ['kind', 'title', 'body_json', 'published_by', 'published_at'])
      await sql`ALTER TABLE disclosure_pages DROP COLUMN ${sql.id(column)}`.execute(stripped);
    await sql`DROP INDEX inspection_plans_state`.execute(stripped);
    await sql`DROP TABLE inspection_assignments`.execute(stripped);
    await sql`DROP TABLE inspection_items`.execute(stripped);
    for (const column of [
      'item_id',
      'party_count',
      'inspectors_per_party',
      'rules',
      'beacon_source',
      'parties',
      'roster',
      'conflicts',
      'state',
      'seed_sealed',
      'committed_by',
      'beacon',
      'drawn_by',
      'cancel_reason',
      'cancelled_by',
      'created_by',
      'created_at',
      'updated_at',
    ])
      await sql`ALTER TABLE inspection_plans DROP COLUMN ${sql.id(column)}`.execute(stripped);
    await stripped.destroy();
    const other = await start(copy);
    try {
      const [a, b] = [await crawl(portal), await crawl(other)];
      expect([...b].map(([u, r]) => [u, r.status])).toEqual([...a].map(([u, r]) => [u, r.status]));
      for (const [u, r] of a) expect(b.get(u)!.body, u).toBe(r.body);
    } finally {
      await other.stop();
    }
  });

  it('answers 404 to every path of the internal API, whatever the method (the disclosure and inspections routes too)', async () => {
    const doc = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8')) as {
      paths: Record<string, unknown>;
    };
    const internal = Object.keys(doc.paths).map((p) => p.replace(/\{[^}]+\}/g, 'x1'));
    expect(internal).toEqual(
      expect.arrayContaining(['/api/disclosure/pages/x1', '/api/inspections/plans/x1/files/x1']),
    );
    const wrong: string[] = [];
    for (const path of internal)
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        const res = await get(portal, path, { method, headers: { authorization: 'Bearer liuhen_tok_x' } });
        await res.arrayBuffer();
        if (res.status !== 404) wrong.push(`${method} ${path} → ${res.status}`);
      }
    expect(wrong).toEqual([]);
    // The portal's own routes take no other method either.
    for (const path of ['/disclosure', '/api/pages', '/inspections', drawPaths.page(DRAWN)])
      expect((await get(portal, path, { method: 'POST' })).status, path).toBe(404);
  });

  it('does not serve a page version or a draw whose text was changed after signing', async () => {
    await sql`update disclosure_pages set public_json = replace(public_json, '户外广告', '篡改内容') where slug = 'duties'`.execute(
      s.db,
    );
    expect((await get(portal, '/disclosure/duties')).status).toBe(503);
    expect((await get(portal, '/api/pages/duties/versions/1/public.json')).status).toBe(503);
    expect((await json(portal, '/api/pages')).body.pages.map((p: { slug: string }) => p.slug)).not.toContain('duties');
    const waiting = await s.db
      .selectFrom('inspection_plans')
      .select('commitment_json')
      .where('id', '=', plans[WAITING]!)
      .executeTakeFirstOrThrow();
    const record = JSON.parse(waiting.commitment_json!) as PublicDrawRecord;
    record.parties = record.parties.slice(1);
    await s.db
      .updateTable('inspection_plans')
      .set({ commitment_json: JSON.stringify(record) })
      .where('id', '=', plans[WAITING]!)
      .execute();
    expect((await get(portal, drawPaths.page(WAITING))).status).toBe(503);
    expect((await get(portal, drawPaths.file(WAITING, 'commitment.json'))).status).toBe(503);
    expect((await get(portal, drawPaths.page(DRAWN))).status).toBe(200);
  });
});
