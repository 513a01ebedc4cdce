/**
 * Publicity before enforcement (事前公开) and random inspections (双随机、一公开), on a real SQLite
 * database with every migration and a real station key: page versions frozen, signed and chained;
 * the officers page from the registry (name, 执法证号, unit, nothing else); the procedure flow of
 * each enforcement kind; the random-inspection list; a draw committed before it happens and
 * re-verified by the stand-alone verify-draw.mjs from the files the service wrote; 回避 honoured;
 * a result published like every other result; and the internal API behind the real guard.
 */
import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_KINDS, DEFAULT_REQUIREMENT, PublicItem } from '@liuhen/contract';
import { check, isDateTime } from '@liuhen/device-profiles';
import {
  loadOrCreateStationKeys,
  parseManifestSignature,
  verifyManifestSignature,
  type DeviceKeys,
  type ManifestSignature,
} from '@liuhen/evidence';
import { createAuditLog, type AuditLog } from '../src/audit/audit-log.js';
import { createAuth } from '../src/auth/accounts.js';
import { createWorkingCalendar } from '../src/calendar/index.js';
import { saveOfficer, saveUnit } from '../src/cases/people-repo.js';
import { loadConfig } from '../src/config.js';
import { migrate, openSqlite, type Db } from '../src/db/database.js';
import { installErrorHandler } from '../src/http/app.js';
import { installGuard } from '../src/http/guard.js';
import { disclosurePlugin } from '../src/http/plugins/disclosure.js';
import { installScope } from '../src/http/scope.js';
import { createInspections, type Inspections } from '../src/inspections/inspections.js';
import type { DrawPublication, PublicDrawRecord } from '../src/inspections/random-draw.js';
import { createLogger } from '../src/log.js';
import { INSPECTION_LIST_COLUMNS, type PublicPage } from '../src/publicity/disclosure-content.js';
import type { FlowEdge, FlowNode } from '../src/publicity/disclosure-flow.js';
import { createDisclosure, type Disclosure } from '../src/publicity/disclosure.js';
import { createPublications } from '../src/publicity/publications.js';

const VERIFIER = fileURLToPath(new URL('../src/inspections/verify-draw.mjs', import.meta.url));
const AGENCY = '某市市场监督管理局';

interface Station {
  dir: string;
  db: Db;
  audit: AuditLog;
  keys: DeviceKeys;
  disclosure: Disclosure;
  inspections: Inspections;
  setNow(iso: string): void;
}

async function station(startAt: string): Promise<Station> {
  const dir = mkdtempSync(join(tmpdir(), 'liuhen-disclosure-'));
  const db = openSqlite(join(dir, 'liuhen.sqlite'));
  await migrate(db);
  const audit = createAuditLog(db);
  const { keys } = await loadOrCreateStationKeys(join(dir, 'keys'));
  const config = loadConfig({ env: {} });
  let now = new Date(startAt);
  const common = { db, audit, stationKey: keys, config, agency: () => AGENCY, now: () => now };
  return {
    dir,
    db,
    audit,
    keys,
    disclosure: createDisclosure(common),
    inspections: createInspections({ ...common, calendar: createWorkingCalendar() }),
    setNow: (iso) => (now = new Date(iso)),
  };
}

/** Checks the station's signature over the exact public text; returns what it signed. */
function verifySigned(keys: DeviceKeys, json: string, signature: ManifestSignature | string): ManifestSignature {
  const parsed = parseManifestSignature(typeof signature === 'string' ? signature : JSON.stringify(signature));
  if (!parsed.ok) throw new Error(parsed.reason);
  expect(parsed.sig.keyId).toBe(keys.fingerprint);
  expect(verifyManifestSignature(Buffer.from(json, 'utf8'), parsed.sig, createPublicKey(keys.publicKeyPem))).toBe(true);
  return parsed.sig;
}

async function thrown(p: Promise<unknown>): Promise<{ kind?: string; code?: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { kind?: string; code?: string; message: string };
  }
  throw new Error('expected a refusal');
}

async function seedRegistry(db: Db, at: string): Promise<void> {
  await saveUnit(db, 'u1', { name: '城关执法中队', parent_id: null }, at);
  await saveUnit(db, 'u2', { name: '东区执法中队', parent_id: null }, at);
  const officer = (
    id: string,
    name: string,
    licence: string | null,
    unit: string,
    extra: { active?: number; licence_expires?: string | null } = {},
  ) =>
    saveOfficer(
      db,
      id,
      {
        name,
        licence_no: licence,
        unit_id: unit,
        role: 'officer',
        active: extra.active ?? 1,
        licence_expires: extra.licence_expires ?? null,
      },
      at,
    );
  for (let i = 0; i < 8; i++)
    await officer(`3302010${i}`, `执法员${'甲乙丙丁戊己庚辛'[i]}`, `33010020250${i}`, i % 2 ? 'u2' : 'u1', {
      licence_expires: '2030-12-31',
    });
  await officer('33020190', '离职人员', '330100209999', 'u1', { active: 0 });
  await officer('33020191', '辅助人员', null, 'u2');
  await officer('33020192', '证件过期', '330100201111', 'u2', { licence_expires: '2024-12-31' });
}

// ---------------------------------------------------------------- pages

describe('pages before enforcement (事前公开)', () => {
  let s: Station;
  beforeAll(async () => {
    s = await station('2025-06-02T02:00:00Z'); // Mon 2 Jun 2025, 10:00 in Shanghai
    await seedRegistry(s.db, '2025-01-01T00:00:00Z');
  });
  afterAll(async () => {
    await s.db.destroy();
    rmSync(s.dir, { recursive: true, force: true });
  });

  const remedies = (deadline: string) => ({
    channels: [
      { kind: '行政复议', body: '某市人民政府', deadline },
      { kind: '行政诉讼', body: '某市某区人民法院', deadline: '自知道或者应当知道作出行政行为之日起六个月内' },
    ],
  });

  it('every change is a new version; old versions stay readable, signed and chained to the one they replace', async () => {
    const v1 = await s.disclosure.publishPage('remedies', remedies('六十日内'), 'sup@10.0.0.1');
    expect(v1.created).toBe(true);
    expect(v1.page).toMatchObject({ slug: 'remedies', version: 1, title: '救济渠道', current: true });
    expect(v1.page.effectiveFrom).toBe('2025-06-02');
    s.setNow('2025-06-09T02:00:00Z');
    const v2 = await s.disclosure.publishPage('remedies', remedies('自知道该行政行为之日起六十日内'), 'sup@10.0.0.1');
    expect(v2.page.version).toBe(2);
    // The same content again adds nothing.
    const again = await s.disclosure.publishPage(
      'remedies',
      remedies('自知道该行政行为之日起六十日内'),
      'sup@10.0.0.1',
    );
    expect(again.created).toBe(false);
    expect(again.page.version).toBe(2);

    const history = await s.disclosure.history('remedies');
    expect(history.map((p) => [p.version, p.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    const old = await s.disclosure.version('remedies', 1);
    expect((old.content as ReturnType<typeof remedies>).channels[0]!.deadline).toBe('六十日内');
    const sig1 = verifySigned(s.keys, old.publicJson, old.signature);
    const sig2 = verifySigned(s.keys, history[0]!.publicJson, history[0]!.signature);
    const pub1 = JSON.parse(old.publicJson) as PublicPage;
    const pub2 = JSON.parse(history[0]!.publicJson) as PublicPage;
    expect(pub1).toMatchObject({ format: 'liuhen-disclosure-page/1', version: 1, agency: AGENCY, supersedes: null });
    expect(pub1.publishedAt).toBe('2025-06-02T02:00:00.000Z');
    expect(sig1.signed).toBe(pub1.id);
    expect(pub2.supersedes).toEqual({ version: 1, sha256: sig1.sha256 });
    expect(sig2.sha256).not.toBe(sig1.sha256);
    expect(pub1.id).not.toBe(pub2.id);

    // A later day of effect: the version in effect stays until that day comes.
    const v3 = await s.disclosure.publishPage('remedies', remedies('六十日'), 'sup@10.0.0.1', {
      effectiveFrom: '2025-07-01',
    });
    expect(v3.page).toMatchObject({ version: 3, scheduled: true, current: false });
    expect((await s.disclosure.current('remedies')).version).toBe(2);
    expect((await s.disclosure.pages()).find((p) => p.slug === 'remedies')!.version).toBe(2);
    // Nothing may take effect before what it replaces, nor in the past.
    expect((await thrown(s.disclosure.publishPage('remedies', remedies('x'), 'sup@x'))).code).toBe(
      'page-effective-order',
    );
    expect(
      (await thrown(s.disclosure.publishPage('subject', { name: AGENCY }, 'sup@x', { effectiveFrom: '2025-06-01' })))
        .code,
    ).toBe('page-backdated');
    s.setNow('2025-07-01T01:00:00Z');
    expect((await s.disclosure.current('remedies')).version).toBe(3);
    expect((await s.disclosure.history('remedies')).map((p) => p.current)).toEqual([true, false, false]);

    // Every version was audited as published.
    const entries = await s.audit.list({ subjectType: 'disclosure-page', limit: 100 });
    expect(entries.filter((e) => e.action === 'publish').map((e) => e.subjectId)).toEqual(
      expect.arrayContaining(['remedies/v1', 'remedies/v2', 'remedies/v3']),
    );
  });

  it('a written page is checked against its kind; generated pages and unknown slugs are refused', async () => {
    expect((await thrown(s.disclosure.publishPage('officers', { officers: [] }, 'sup@x'))).code).toBe('page-generated');
    expect((await thrown(s.disclosure.publishPage('remedies', { channels: [{ kind: '上访' }] }, 'sup@x'))).code).toBe(
      'page-content',
    );
    expect((await thrown(s.disclosure.publishPage('about-us', {}, 'sup@x'))).code).toBe('page-slug');
    expect((await thrown(s.disclosure.publishPage('procedure-licensing', {}, 'sup@x'))).code).toBe('page-slug');
    const guide = await s.disclosure.publishPage(
      'guide-complaint',
      { matter: '投诉举报', materials: ['投诉书', '相关证据'], timeLimit: '七个工作日内决定是否受理' },
      'sup@x',
    );
    expect(guide.page).toMatchObject({ kind: 'guide', title: '服务指南：投诉举报', version: 1 });
    for (const slug of ['subject', 'duties', 'basis'] as const) {
      const content = {
        subject: { name: AGENCY, nature: '行政机关', jurisdiction: '本市行政区域', phone: '0571-12345' },
        duties: {
          duties: [{ title: '市场监督管理' }],
          powers: [{ category: '行政处罚', name: '对销售过期食品的处罚', basis: '《食品安全法》第一百二十四条' }],
        },
        basis: { documents: [{ title: '中华人民共和国食品安全法', level: '法律', effectiveDate: '2021-04-29' }] },
      }[slug];
      expect((await s.disclosure.publishPage(slug, content, 'sup@x')).page.version).toBe(1);
    }
  });

  it('the officers page lists name, 执法证号 and unit name of active licensed officers, and nothing else', async () => {
    const { page, created, omitted } = await s.disclosure.generate('officers', 'sup@10.0.0.1');
    expect(created).toBe(true);
    expect(omitted).toEqual({ noLicence: 1, licenceExpired: 1 });
    const officers = (page.content as { officers: Record<string, string>[] }).officers;
    expect(officers).toHaveLength(8);
    for (const o of officers) expect(Object.keys(o).sort()).toEqual(['licenceNo', 'name', 'unit']);
    expect(officers[0]).toEqual({ name: '执法员乙', licenceNo: '330100202501', unit: '东区执法中队' });
    expect(officers.map((o) => o.unit)).toEqual([...Array(4).fill('东区执法中队'), ...Array(4).fill('城关执法中队')]);
    const pub = JSON.parse(page.publicJson) as PublicPage;
    expect(pub.content).toEqual(page.content);
    verifySigned(s.keys, page.publicJson, page.signature);
    // Badge numbers (警号), inactive, unlicensed and expired officers never appear.
    for (const absent of ['33020100', '离职人员', '辅助人员', '证件过期', '330100201111', 'u1'])
      expect(page.publicJson).not.toContain(absent);

    // An officer leaves: a new version without them; the old one still lists them.
    await saveOfficer(
      s.db,
      '33020100',
      { name: '执法员甲', licence_no: '330100202500', unit_id: 'u1', role: 'officer', active: 0 },
      '2025-01-01T00:00:00Z',
    );
    const next = await s.disclosure.generate('officers', 'sup@10.0.0.1');
    expect(next.page.version).toBe(page.version + 1);
    expect(next.page.publicJson).not.toContain('执法员甲');
    expect((await s.disclosure.version('officers', page.version)).publicJson).toContain('执法员甲');
    expect((await s.disclosure.generate('officers', 'sup@10.0.0.1')).created).toBe(false);
  });

  it('the procedure page of each enforcement kind is an ordered flow of its configured steps, drawn as an SVG', async () => {
    for (const kind of CASE_KINDS) {
      const { page } = await s.disclosure.generate(`procedure-${kind}`, 'sup@x');
      const flow = page.content as {
        steps: { kind: keyof typeof DEFAULT_REQUIREMENT; requirement?: string; optional?: boolean; title?: string }[];
        nodes: FlowNode[];
        edges: FlowEdge[];
        svg: string;
      };
      const steps = flow.nodes.filter((n) => n.type === 'step');
      expect(flow.nodes[0]!.type).toBe('start');
      expect(flow.nodes.at(-1)!.type).toBe('end');
      expect(steps.map((n) => n.stepKind)).toEqual(flow.steps.map((st) => st.kind));
      steps.forEach((n, i) =>
        expect(n.requirement).toBe(flow.steps[i]!.requirement ?? DEFAULT_REQUIREMENT[n.stepKind!]),
      );
      // One "next" edge from each node to the following one, in order.
      const next = flow.edges.filter((e) => e.kind === 'next').map((e) => [e.from, e.to]);
      expect(next).toEqual(flow.nodes.slice(0, -1).map((n, i) => [n.id, flow.nodes[i + 1]!.id]));
      // A "skip" edge passes only optional steps, and every run of them can be passed.
      const at = new Map(flow.nodes.map((n, i) => [n.id, i]));
      for (const e of flow.edges.filter((x) => x.kind === 'skip'))
        for (let k = at.get(e.from)! + 1; k < at.get(e.to)!; k++) expect(flow.nodes[k]!.optional).toBe(true);
      const mandatory = ['start', ...steps.filter((n) => !n.optional).map((n) => n.id), 'end'];
      for (let i = 0; i + 1 < mandatory.length; i++)
        expect(flow.edges.some((e) => e.from === mandatory[i] && e.to === mandatory[i + 1])).toBe(true);
      // The chart: one group per node, every label there, zh-CN.
      expect(flow.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(flow.svg.match(/<g id=/g)).toHaveLength(flow.nodes.length);
      expect(flow.svg).toContain(`${page.title}图`);
      for (const n of steps) expect(flow.svg).toContain(n.label.slice(0, 6));
    }
    const penalty = (await s.disclosure.current('procedure-penalty')).content as { svg: string; nodes: FlowNode[] };
    expect(penalty.nodes.find((n) => n.stepKind === 'hearing')).toMatchObject({
      optional: true,
      condition: '当事人要求听证的',
      requirementLabel: '视情况音像记录',
    });

    // Configured steps replace the defaults, are kept for the next version, and their text is escaped.
    const steps = [
      { kind: 'on-site-inspection', title: '检查 <b>现场</b> & "记录"' },
      { kind: 'compulsory-measure', optional: true, condition: '需要查封、扣押的' },
      { kind: 'service' },
    ];
    const custom = await s.disclosure.generate('procedure-compulsion', 'sup@x', { steps });
    const svg = (custom.page.content as { svg: string }).svg;
    expect(svg).toContain('检查 &#60;b&#62;现场&#60;/b&#62; &#38; &#34;记录&#34;');
    expect(svg).not.toContain('<b>');
    expect((custom.page.content as { nodes: FlowNode[] }).nodes[2]).toMatchObject({
      stepKind: 'compulsory-measure',
      requirement: 'full-process',
      requirementLabel: '全过程音像记录',
    });
    expect((await s.disclosure.generate('procedure-compulsion', 'sup@x')).created).toBe(false);
    expect(
      (await thrown(s.disclosure.generate('procedure-compulsion', 'sup@x', { steps: [{ kind: 'x' }] }))).code,
    ).toBe('procedure-steps');
  });

  it('the random-inspection list page has the eight columns, from the items in order', async () => {
    expect((await thrown(s.disclosure.generate('inspection-list', 'sup@x'))).code).toBe('inspection-list-empty');
    await s.inspections.setItems(
      [
        {
          id: 'SJ-001',
          name: '食品经营者监督检查',
          subItem: '食品经营许可情况',
          basis: '《食品安全法》第一百一十条',
          method: '现场检查',
          content: '许可证件、经营场所',
        },
        { id: 'SJ-002', name: '计量器具监督检查', subject: '城关执法中队', method: '现场检查', note: '每年一次' },
      ],
      'sup@x',
    );
    const { page } = await s.disclosure.generate('inspection-list', 'sup@x');
    const list = page.content as { columns: { label: string }[]; rows: Record<string, unknown>[] };
    expect(list.columns.map((c) => c.label)).toEqual([
      '序号',
      '检查项目',
      '检查子项',
      '检查主体',
      '检查依据',
      '检查方式',
      '检查内容',
      '备注',
    ]);
    expect(list.columns.map((c) => c.label)).toEqual(INSPECTION_LIST_COLUMNS.map((c) => c.label));
    expect(list.rows).toEqual([
      {
        no: 1,
        id: 'SJ-001',
        item: '食品经营者监督检查',
        subItem: '食品经营许可情况',
        subject: AGENCY,
        basis: '《食品安全法》第一百一十条',
        method: '现场检查',
        content: '许可证件、经营场所',
        note: '',
      },
      {
        no: 2,
        id: 'SJ-002',
        item: '计量器具监督检查',
        subItem: '',
        subject: '城关执法中队',
        basis: '',
        method: '现场检查',
        content: '',
        note: '每年一次',
      },
    ]);
    // An item taken off the list: the next version lists one.
    await s.inspections.setItems([{ id: 'SJ-002', name: '计量器具监督检查', method: '现场检查' }], 'sup@x');
    const next = await s.disclosure.generate('inspection-list', 'sup@x');
    expect((next.page.content as { rows: unknown[] }).rows).toHaveLength(1);
    expect((await s.inspections.items(true)).map((i) => [i.id, i.active])).toEqual([
      ['SJ-002', true],
      ['SJ-001', false],
    ]);
  });
});

// ---------------------------------------------------------------- draws

describe('random inspections (双随机、一公开)', () => {
  let s: Station;
  const parties = Array.from({ length: 20 }, (_, i) => ({
    id: `91330100MA2K${String(i).padStart(6, '0')}`,
    name: `第${i + 1}号食品店`,
    region: i % 2 ? '东区' : '城关',
    supervisingUnit: i % 2 ? '东区执法中队' : '城关执法中队',
  }));
  const roster = Array.from({ length: 8 }, (_, i) => ({ officerId: `3302010${i}` }));
  // Officer 33020100 (licence 330100202500) knows shops 0 and 2; 33020102 shop 0 as well.
  const conflicts = [
    { officerId: '33020100', partyId: parties[0]!.id, reason: '配偶在该店任职' },
    { officerId: '33020100', partyId: parties[2]!.id, reason: '近亲属投资' },
    { officerId: '33020102', partyId: parties[0]!.id, reason: '曾在该店工作（三年内）' },
  ];

  beforeAll(async () => {
    s = await station('2025-06-02T02:00:00Z');
    await seedRegistry(s.db, '2025-01-01T00:00:00Z');
    await s.inspections.setItems(
      [{ id: 'SJ-001', name: '食品经营者监督检查', basis: '《食品安全法》第一百一十条', method: '现场检查' }],
      'sup@x',
    );
  });
  afterAll(async () => {
    await s.db.destroy();
    rmSync(s.dir, { recursive: true, force: true });
  });

  async function plan(drawId: string, partyCount: number, extra: Record<string, unknown> = {}) {
    const p = await s.inspections.createPlan(
      {
        drawId,
        title: '2025年第三季度食品经营者双随机抽查',
        itemId: 'SJ-001',
        drawAt: '2025-06-05T10:00:00+08:00',
        partyCount,
        inspectorsPerParty: 2,
        ...extra,
      },
      'sup@10.0.0.1',
    );
    await s.inspections.setParties(p.id, parties, 'sup@10.0.0.1');
    await s.inspections.setRoster(p.id, roster, 'sup@10.0.0.1');
    await s.inspections.setConflicts(p.id, conflicts, 'sup@10.0.0.1');
    return p.id;
  }

  function runVerifier(file: string): { status: number | null; out: string } {
    const r = spawnSync(process.execPath, [VERIFIER, file], { encoding: 'utf8', timeout: 20_000 });
    return { status: r.status, out: (r.stdout + r.stderr).trim() };
  }

  it('the commitment is published before the draw, and verify-draw.mjs re-verifies the draw from the files the service wrote', async () => {
    s.setNow('2025-06-02T02:00:00Z');
    const id = await plan('2025-Q3-食品-01', 5);
    const committed = await s.inspections.commit(id, 'sup@10.0.0.1');
    expect(committed.state).toBe('committed');
    const record = JSON.parse(committed.commitmentRecord!.json) as PublicDrawRecord;
    verifySigned(s.keys, committed.commitmentRecord!.json, committed.commitmentRecord!.signature);
    expect(record.commitment).toBe(committed.commitment);
    expect(record.inspectors.map((i) => Object.keys(i).sort())).toEqual(Array(8).fill(['id', 'name', 'unit']));
    expect(record.conflicts).toEqual([
      { inspectorId: '330100202500', partyId: parties[0]!.id },
      { inspectorId: '330100202500', partyId: parties[2]!.id },
      { inspectorId: '330100202502', partyId: parties[0]!.id },
    ]);
    // No seed anywhere public or readable before the draw; the reasons for 回避 are never published.
    expect(committed.commitmentRecord!.json).not.toMatch(/seed/);
    expect(committed).not.toHaveProperty('seed');
    const stored = await s.db
      .selectFrom('inspection_plans')
      .select('seed_sealed')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.seed_sealed).toMatch(/^v1\./);
    expect(stored.seed_sealed).not.toMatch(/[0-9a-f]{64}/);
    for (const c of conflicts) expect(committed.commitmentRecord!.json).not.toContain(c.reason);
    // A committed draw's lists are fixed, and it cannot be drawn before its time.
    expect((await thrown(s.inspections.setParties(id, parties.slice(1), 'sup@x'))).code).toBe('inspection-plan-state');
    s.setNow('2025-06-05T01:59:00Z');
    expect((await thrown(s.inspections.draw(id, 'sup@x'))).code).toBe('inspection-draw-early');

    s.setNow('2025-06-05T02:00:30Z');
    const drawn = await s.inspections.draw(id, 'sup@10.0.0.1');
    expect(drawn.state).toBe('drawn');
    expect(drawn.committedAt! < drawn.drawnAt!).toBe(true);
    const publication = JSON.parse(drawn.drawRecord!.json) as DrawPublication;
    verifySigned(s.keys, drawn.drawRecord!.json, drawn.drawRecord!.signature);
    // The record published after the draw is, byte for byte, the one published before it.
    expect(JSON.stringify(publication.record)).toBe(committed.commitmentRecord!.json);
    expect(publication.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(publication.result.assignments).toHaveLength(5);
    // The audit trail holds the commitment before the draw.
    const trail = (await s.audit.list({ subjectType: 'inspection-plan', subjectId: id, limit: 100 })).filter(
      (e) => e.action === 'publish',
    );
    expect(trail.map((e) => e.detail.commitment)).toEqual([committed.commitment, committed.commitment]);
    const [first, second] = [...trail].sort((a, b) => a.seq - b.seq);
    expect(first!.detail.sha256).toBe(committed.commitmentRecord!.signature.sha256);
    expect(second!.detail.sha256).toBe(drawn.drawRecord!.signature.sha256);

    // The public files, written by the service, checked by the independent script.
    const out = join(s.dir, 'public');
    const paths = await s.inspections.writeDrawFiles(id, out);
    expect(paths.map((p) => p.slice(out.length + 1))).toEqual([
      '2025-Q3-食品-01.commitment.json',
      '2025-Q3-食品-01.commitment.sig',
      '2025-Q3-食品-01.draw.json',
      '2025-Q3-食品-01.draw.sig',
    ]);
    expect(readFileSync(paths[0]!, 'utf8')).toBe(committed.commitmentRecord!.json);
    verifySigned(s.keys, readFileSync(paths[2]!, 'utf8'), readFileSync(paths[3]!, 'utf8'));
    const ok = runVerifier(paths[2]!);
    expect(ok.out).toMatch(
      new RegExp(`^OK draw 2025-Q3-食品-01: commitment ${committed.commitment} opened; 5 parties`),
    );
    expect(ok.status).toBe(0);
    // A file changed after publication fails it.
    const tampered = structuredClone(publication);
    tampered.result.assignments.reverse();
    writeFileSync(join(out, 'tampered.json'), JSON.stringify(tampered));
    const bad = runVerifier(join(out, 'tampered.json'));
    expect(bad.out).toMatch(/^FAILED: party #1 should be/);
    expect(bad.status).toBe(1);

    // Each drawn party became an assignment, with the inspectors drawn, from the registry.
    const assignments = await s.inspections.assignments(id);
    expect(assignments.map((a) => a.partyId)).toEqual(publication.result.assignments.map((a) => a.partyId));
    expect(assignments[0]!.inspectors.map((i) => i.licenceNo)).toEqual(publication.result.assignments[0]!.inspectorIds);
    expect(assignments[0]!.inspectors[0]!.officerId).toMatch(/^3302010\d$/);
    expect(assignments[0]!.partyName).toMatch(/^第\d+号食品店$/);
  }, 60_000);

  it('a conflicted inspector is never assigned to that party', async () => {
    s.setNow('2025-06-02T02:00:00Z');
    const ids: string[] = [];
    // Every party drawn each time, 12 draws: shop 0 and shop 2 always drawn, each time a fresh seed.
    for (let n = 0; n < 12; n++) {
      const id = await plan(`回避-${n}`, parties.length, { inspectorsPerParty: 3 });
      await s.inspections.commit(id, 'sup@x');
      ids.push(id);
    }
    s.setNow('2025-06-05T02:01:00Z');
    const barred = new Set([
      '330100202500|' + parties[0]!.id,
      '330100202500|' + parties[2]!.id,
      '330100202502|' + parties[0]!.id,
    ]);
    let pairs = 0;
    for (const id of ids) {
      await s.inspections.draw(id, 'sup@x');
      for (const a of await s.inspections.assignments(id))
        for (const i of a.inspectors) {
          pairs++;
          expect(barred.has(`${i.licenceNo}|${a.partyId}`), `${i.licenceNo} drawn for ${a.partyId}`).toBe(false);
        }
    }
    expect(pairs).toBe(12 * 20 * 3);
    // A conflict naming someone off the lists is refused rather than dropped.
    const id = await (async () => {
      s.setNow('2025-06-02T02:00:00Z');
      return (
        await s.inspections.createPlan(
          {
            drawId: '回避-typo',
            title: 't',
            itemId: 'SJ-001',
            drawAt: '2025-06-05T10:00:00+08:00',
            partyCount: 1,
            inspectorsPerParty: 1,
          },
          'sup@x',
        )
      ).id;
    })();
    await s.inspections.setParties(id, parties, 'sup@x');
    await s.inspections.setRoster(id, roster, 'sup@x');
    expect(
      (
        await thrown(
          s.inspections.setConflicts(id, [{ officerId: '33020199', partyId: parties[0]!.id, reason: 'x' }], 'sup@x'),
        )
      ).code,
    ).toBe('inspection-conflict-unknown');
  }, 120_000);

  it('the roster comes from the officer registry: inactive, unlicensed and expired officers are refused', async () => {
    s.setNow('2025-06-02T02:00:00Z');
    const p = await s.inspections.createPlan(
      {
        drawId: 'roster-check',
        title: 't',
        itemId: 'SJ-001',
        drawAt: '2025-06-05T10:00:00+08:00',
        partyCount: 1,
        inspectorsPerParty: 1,
      },
      'sup@x',
    );
    const err = await thrown(
      s.inspections.setRoster(
        p.id,
        [{ officerId: '33020190' }, { officerId: '33020191' }, { officerId: '33020192' }, { officerId: 'nobody' }],
        'sup@x',
      ),
    );
    expect(err.code).toBe('inspection-roster');
    for (const why of [
      'not active',
      'no enforcement licence',
      'licence expires 2024-12-31',
      'not in the officer registry',
    ])
      expect(err.message).toContain(why);
    const ok = await s.inspections.setRoster(p.id, [{ officerId: '33020101', region: '东区' }], 'sup@x');
    expect(ok.roster).toEqual([
      { officerId: '33020101', id: '330100202501', name: '执法员乙', unit: '东区执法中队', region: '东区' },
    ]);
  });

  it('a result is recorded and published like other results: redacted, signed, listed with them', async () => {
    s.setNow('2025-06-02T02:00:00Z');
    const id = await plan('2025-Q3-食品-结果', 2);
    await s.inspections.commit(id, 'sup@x');
    s.setNow('2025-06-05T02:00:00Z');
    await s.inspections.draw(id, 'sup@x');
    const [a] = await s.inspections.assignments(id);
    s.setNow('2025-06-10T06:00:00Z');
    const done = await s.inspections.recordResult(
      a!.id,
      {
        inspectedOn: '2025-06-09',
        outcome: 'problem-rectified',
        findings: '现场检查发现冷藏柜温度超标，店员李四（电话13812345678）在场。',
        handling: '已当场责令改正。',
      },
      'sup@10.0.0.1',
    );
    expect(done.state).toBe('inspected');
    expect(done.publication).toMatchObject({ state: 'published', publishedAt: '2025-06-10T06:00:00.000Z' });

    const row = await s.db
      .selectFrom('publications')
      .select(['public_json', 'signature', 'kind', 'state', 'item_id'])
      .where('id', '=', done.publication!.id)
      .executeTakeFirstOrThrow();
    verifySigned(s.keys, row.public_json!, row.signature!);
    const item = JSON.parse(row.public_json!) as PublicItem;
    expect(check(PublicItem, item).ok).toBe(true);
    expect(item).toMatchObject({ id: row.item_id, kind: 'random-inspection' });
    expect(item.fields).toMatchObject({
      decisionNumber: '2025-Q3-食品-结果-001',
      party: a!.partyName,
      basis: '《食品安全法》第一百一十条',
      outcome: '发现问题，已责令整改。已当场责令改正。',
      agency: AGENCY,
      decisionDate: '2025-06-09',
    });
    expect(item.fields.violation).toContain('冷藏柜温度超标');
    expect(item.fields.violation).not.toContain('13812345678');
    expect(item.fields.violation).not.toContain('李四');

    // The publications service sees it with the other results (the portal reads the same rows).
    const pubs = createPublications({
      db: s.db,
      audit: s.audit,
      config: loadConfig({ env: {} }),
      calendar: createWorkingCalendar(),
      stationKey: s.keys,
      agency: () => AGENCY,
    });
    const view = await pubs.get(done.publication!.id);
    expect(view).toMatchObject({ kind: 'random-inspection', state: 'published', late: false, caseId: null });
    expect(view.original.violation).toContain('13812345678'); // the original stays inside the station
    expect((await pubs.list({ state: 'published' })).map((p) => p.id)).toContain(done.publication!.id);

    expect(
      (
        await thrown(
          s.inspections.recordResult(
            a!.id,
            { inspectedOn: '2025-06-09', outcome: 'no-problem', findings: 'x' },
            'sup@x',
          ),
        )
      ).code,
    ).toBe('inspection-result-recorded');
    const trail = await s.audit.list({ subjectType: 'inspection-result', subjectId: a!.id, limit: 10 });
    expect(trail.map((e) => e.action)).toEqual(['create']);
  });

  it('a committed draw is called off only in public: its seed is published and opens the commitment', async () => {
    s.setNow('2025-06-02T02:00:00Z');
    const id = await plan('2025-Q3-食品-取消', 3);
    const committed = await s.inspections.commit(id, 'sup@x');
    expect((await thrown(s.inspections.cancel(id, '', 'sup@x'))).kind).toBe('invalid');
    const cancelled = await s.inspections.cancel(id, '抽查事项调整，本次抽取取消', 'sup@x');
    expect(cancelled.state).toBe('cancelled');
    verifySigned(s.keys, cancelled.cancelRecord!.json, cancelled.cancelRecord!.signature);
    const notice = JSON.parse(cancelled.cancelRecord!.json) as {
      record: PublicDrawRecord;
      seed: string;
      wouldHaveDrawn: DrawPublication['result'];
      reason: string;
    };
    expect(notice.reason).toBe('抽查事项调整，本次抽取取消');
    expect(JSON.stringify(notice.record)).toBe(committed.commitmentRecord!.json);
    // What the draw would have given is checkable with the same script.
    const file = join(s.dir, 'cancelled.json');
    writeFileSync(file, JSON.stringify({ record: notice.record, seed: notice.seed, result: notice.wouldHaveDrawn }));
    expect(runVerifier(file).status).toBe(0);
    expect((await thrown(s.inspections.draw(id, 'sup@x'))).code).toBe('inspection-plan-state');
  });
});

// ---------------------------------------------------------------- HTTP

describe('the internal API (/api/disclosure, /api/inspections)', () => {
  let s: Station;
  let app: FastifyInstance;
  const bearer: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    s = await station('2025-06-02T02:00:00Z');
    await seedRegistry(s.db, '2025-01-01T00:00:00Z');
    const config = loadConfig({ env: {} });
    const auth = createAuth({ db: s.db, audit: s.audit, config: config.auth, log: createLogger('silent') });
    for (const role of ['supervisor', 'auditor', 'officer', 'legal-reviewer'] as const) {
      const { token } = await auth.createToken({ name: `t-${role}`, role }, 'test');
      bearer[role] = { authorization: `Bearer ${token}` };
    }
    const fastify = Fastify({
      ajv: {
        customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true },
        onCreate: (ajv: { addFormat(name: string, validate: (x: string) => boolean): unknown }) =>
          ajv.addFormat('date-time', isDateTime),
      },
    }).withTypeProvider<TypeBoxTypeProvider>();
    app = fastify as unknown as FastifyInstance;
    installGuard(app, auth, { https: false });
    installScope(app, { db: s.db, exports: null as never }); // fails at ready() if a route declares no scope
    installErrorHandler(app);
    await fastify.register(disclosurePlugin, { disclosure: s.disclosure, inspections: s.inspections });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await s.db.destroy();
    rmSync(s.dir, { recursive: true, force: true });
  });

  const call = (method: 'GET' | 'PUT' | 'POST', url: string, who: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { ...bearer[who], ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
    });

  it('supervisors publish and generate pages; auditors read them; other roles are refused', async () => {
    const body = { content: { name: AGENCY, nature: '行政机关' } };
    const first = await call('PUT', '/api/disclosure/pages/subject', 'supervisor', body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ created: true, page: { slug: 'subject', version: 1 } });
    expect((await call('PUT', '/api/disclosure/pages/subject', 'supervisor', body)).statusCode).toBe(200);
    expect((await call('PUT', '/api/disclosure/pages/subject', 'auditor', body)).statusCode).toBe(403);
    expect((await call('PUT', '/api/disclosure/pages/subject', 'officer', body)).statusCode).toBe(403);
    expect((await call('GET', '/api/disclosure/pages', 'legal-reviewer')).statusCode).toBe(403);
    const gen = await app.inject({
      method: 'POST',
      url: '/api/disclosure/pages/officers/generate',
      headers: { authorization: bearer.supervisor!.authorization! },
    });
    expect(gen.statusCode, gen.body).toBe(201);
    expect(gen.json().omitted).toEqual({ noLicence: 1, licenceExpired: 1 });
    const versions = await call('GET', '/api/disclosure/pages/subject/versions', 'auditor');
    expect(versions.statusCode).toBe(200);
    const [v] = versions.json().versions as { publicJson: string; signature: ManifestSignature }[];
    verifySigned(s.keys, v!.publicJson, v!.signature);
    expect(
      (await call('GET', '/api/disclosure/pages', 'auditor')).json().pages.map((p: { slug: string }) => p.slug),
    ).toEqual(['officers', 'subject']);
    const bad = await call('PUT', '/api/disclosure/pages/officers', 'supervisor', { content: {} });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('page-generated');
    expect((await call('GET', '/api/disclosure/procedures/penalty', 'auditor')).json().svg).toMatch(/^<svg/);
  });

  it('a draw goes through the API, and its draw file is served byte for byte as signed', async () => {
    await call('PUT', '/api/inspections/items', 'supervisor', { items: [{ id: 'SJ-009', name: '广告监督检查' }] });
    const created = await call('POST', '/api/inspections/plans', 'supervisor', {
      drawId: 'API-01',
      title: '广告双随机',
      itemId: 'SJ-009',
      drawAt: '2025-06-03T10:00:00+08:00',
      partyCount: 2,
      inspectorsPerParty: 2,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const parties = [1, 2, 3].map((n) => ({ id: `P${n}`, name: `广告公司${n}` }));
    expect((await call('PUT', `/api/inspections/plans/${id}/parties`, 'supervisor', { parties })).statusCode).toBe(200);
    const roster = { inspectors: [0, 1, 2, 3].map((i) => ({ officerId: `3302010${i}` })) };
    expect((await call('PUT', `/api/inspections/plans/${id}/roster`, 'supervisor', roster)).statusCode).toBe(200);
    const conflicts = { conflicts: [{ officerId: '33020101', partyId: 'P1', reason: '亲属' }] };
    expect((await call('PUT', `/api/inspections/plans/${id}/conflicts`, 'supervisor', conflicts)).statusCode).toBe(200);
    expect((await call('POST', `/api/inspections/plans/${id}/commit`, 'auditor')).statusCode).toBe(403);
    const committed = await call('POST', `/api/inspections/plans/${id}/commit`, 'supervisor');
    expect(committed.statusCode, committed.body).toBe(200);
    expect(committed.json().commitmentRecord.json).not.toContain('亲属');
    s.setNow('2025-06-03T02:00:00Z');
    const drawn = await call('POST', `/api/inspections/plans/${id}/draw`, 'supervisor');
    expect(drawn.statusCode).toBe(200);
    expect((await call('GET', `/api/inspections/plans/${id}/files`, 'auditor')).json().files).toContain(
      'API-01.draw.json',
    );
    const file = await call('GET', `/api/inspections/plans/${id}/files/API-01.draw.json`, 'auditor');
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe(drawn.json().drawRecord.json);
    const path = join(s.dir, 'API-01.draw.json');
    writeFileSync(path, file.rawPayload);
    expect(spawnSync(process.execPath, [VERIFIER, path], { encoding: 'utf8' }).status).toBe(0);
    const assignments = (await call('GET', `/api/inspections/plans/${id}/assignments`, 'auditor')).json()
      .assignments as {
      id: string;
    }[];
    expect(assignments).toHaveLength(2);
    const result = await call('POST', `/api/inspections/assignments/${assignments[0]!.id}/result`, 'supervisor', {
      inspectedOn: '2025-06-03',
      outcome: 'no-problem',
      findings: '未发现违法广告。',
    });
    expect(result.statusCode).toBe(200);
    expect(result.json().publication.state).toBe('published');
  });
});
