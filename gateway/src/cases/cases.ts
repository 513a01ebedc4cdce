/**
 * The case model at work: units, officers, device assignments, cases and
 * their steps, links between footage and steps. Every change that can move
 * a link queues a re-sort in its own transaction; every human act on
 * evidence is audited in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHAIN_SUFFIX } from '@liuhen/evidence';
import type { Transaction } from 'kysely';
import type { AuditLog } from '../audit/audit-log.js';
import type { GatewayConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { CasesTable, Database, StepsTable } from '../db/schema.js';
import { Conflict, Invalid, NotFound } from '../errors.js';
import { caseVisible, type Scope } from '../access/scope.js';
import type { ExportPlan } from './export-plan.js';
import { ms } from './match.js';
import { reviewItemFootage } from './owner.js';
import {
  assignmentView,
  caseView,
  DEFAULT_REQUIREMENT,
  officerView,
  stepView,
  unitView,
  type AssignmentView,
  type CaseInput,
  type CasePatch,
  type CaseView,
  type LinkView,
  type OfficerView,
  type StepCoverageView,
  type StepInput,
  type StepPatch,
  type StepView,
  type UnitView,
} from './model.js';
import type { Reviews } from './reviews.js';
import type { Sorter, StepCoverage } from './sorter.js';
import { interruptionViews, type Interruption } from './step-coverage.js';

type Trx = Transaction<Database>;
const iso = (s: string) => new Date(s).toISOString();
const isoMs = (t: number) => new Date(t).toISOString();

export function coverageView(c: StepCoverage): StepCoverageView {
  return {
    windowStart: c.windowStart,
    windowEnd: c.windowEnd,
    windowSeconds: c.windowSeconds,
    coveredSeconds: c.coveredSeconds,
    ratio: c.ratio,
    requiredRatio: c.requiredRatio,
    passing: c.passing,
    final: c.final,
    gaps: c.gaps.map((g) => ({ start: isoMs(g.start), end: isoMs(g.end), seconds: g.seconds })),
    recordedSeconds: c.recordedSeconds,
    bufferSeconds: c.bufferSeconds,
    interruptions: interruptionViews(c.interruptions),
  };
}

export interface CaseQuery {
  status?: CasesTable['status'];
  kind?: CasesTable['kind'];
  unitId?: string;
  officerId?: string;
  q?: string;
  from?: string;
  to?: string;
  limit?: number;
  /** Only what this caller may see (access/scope.ts). */
  visibleTo?: Scope;
}

export interface CasesDeps {
  db: Db;
  audit: AuditLog;
  sorter: Sorter;
  reviews: Reviews;
  footageRoot: string;
  config: GatewayConfig;
  version: string;
  publicKeyOf(deviceId: string): Promise<{ pem: string } | null>;
}

export function createCases(deps: CasesDeps) {
  const { db, audit, sorter, reviews } = deps;
  /** Told after a committed change to cases, steps or assignments (the recorders' stop policy listens). */
  const listeners: (() => void)[] = [];
  const changed = () => {
    for (const fn of listeners) fn();
  };

  async function caseOr404(ex: Db | Trx, id: string): Promise<CasesTable> {
    const c = await ex.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    if (!c) throw new NotFound(`case ${id} does not exist`);
    return c;
  }
  async function stepOr404(ex: Db | Trx, id: string): Promise<StepsTable> {
    const s = await ex.selectFrom('steps').selectAll().where('id', '=', id).executeTakeFirst();
    if (!s) throw new NotFound(`step ${id} does not exist`);
    return s;
  }
  function checkWindow(startsAt: string, endsAt: string | null | undefined): void {
    if (endsAt && ms(endsAt) <= ms(startsAt)) throw new Invalid('endsAt must be after startsAt');
  }

  async function insertStep(trx: Trx, caseId: string, s: StepInput): Promise<string> {
    checkWindow(s.startsAt, s.endsAt);
    const id = randomUUID();
    const now = new Date().toISOString();
    await trx
      .insertInto('steps')
      .values({
        id,
        case_id: caseId,
        kind: s.kind,
        title: s.title ?? null,
        starts_at: iso(s.startsAt),
        ends_at: s.endsAt ? iso(s.endsAt) : null,
        location: s.location ?? null,
        lat: s.lat ?? null,
        lon: s.lon ?? null,
        requirement: s.requirement ?? DEFAULT_REQUIREMENT[s.kind],
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('step_officers')
      .values(s.officers.map((officer_id) => ({ step_id: id, officer_id })))
      .execute();
    await sorter.queue(trx, 'step', id);
    return id;
  }

  async function insertCase(trx: Trx, input: CaseInput, actor: string): Promise<string> {
    const exists = await trx.selectFrom('cases').select('id').where('number', '=', input.number).executeTakeFirst();
    if (exists) throw new Conflict(`case number ${input.number} already exists (case ${exists.id})`);
    const id = randomUUID();
    const now = new Date().toISOString();
    await trx
      .insertInto('cases')
      .values({
        id,
        number: input.number,
        kind: input.kind,
        title: input.title,
        party: input.party ?? null,
        unit_id: input.unitId ?? null,
        status: 'open',
        major: input.major ? 1 : 0,
        hold: 0,
        closed_at: null,
        created_by: actor,
        created_at: now,
        updated_at: now,
      })
      .execute();
    for (const s of input.steps ?? []) await insertStep(trx, id, s);
    return id;
  }

  async function stepsOf(ex: Db | Trx, caseIds: string[]) {
    if (caseIds.length === 0)
      return {
        steps: [] as StepsTable[],
        officers: new Map<string, string[]>(),
        cov: new Map<string, StepCoverageView>(),
      };
    const steps = await ex
      .selectFrom('steps')
      .selectAll()
      .where('case_id', 'in', caseIds)
      .orderBy('starts_at')
      .execute();
    const ids = steps.map((s) => s.id);
    const officers = new Map<string, string[]>();
    const cov = new Map<string, StepCoverageView>();
    if (ids.length) {
      for (const o of await ex.selectFrom('step_officers').selectAll().where('step_id', 'in', ids).execute()) {
        const list = officers.get(o.step_id) ?? [];
        list.push(o.officer_id);
        officers.set(o.step_id, list);
      }
      for (const c of await ex.selectFrom('step_coverage').selectAll().where('step_id', 'in', ids).execute()) {
        const step = steps.find((s) => s.id === c.step_id)!;
        cov.set(c.step_id, {
          windowStart: step.starts_at,
          windowEnd: step.ends_at ?? c.computed_at,
          windowSeconds: c.window_seconds,
          coveredSeconds: c.covered_seconds,
          ratio: c.ratio,
          requiredRatio:
            step.requirement === 'full-process'
              ? 1
              : step.requirement === 'required'
                ? deps.config.cases.requiredShare
                : 0,
          passing: c.passing === 1,
          final: c.final === 1,
          gaps: (JSON.parse(c.gaps) as { start: number; end: number; seconds: number }[]).map((g) => ({
            start: isoMs(g.start),
            end: isoMs(g.end),
            seconds: g.seconds,
          })),
          recordedSeconds: c.recorded_seconds ?? c.covered_seconds,
          bufferSeconds: c.buffer_seconds ?? 0,
          interruptions: interruptionViews(JSON.parse(c.interruptions ?? '[]') as Interruption[]),
        });
      }
    }
    return { steps, officers, cov };
  }

  /** Live coverage of every step of a case, from its links (not the cached figures). */
  async function caseCoverage(caseId: string): Promise<{
    caseId: string;
    steps: (StepCoverageView & { stepId: string; requirement: string })[];
    passing: boolean;
  }> {
    await caseOr404(db, caseId);
    const steps = await db.selectFrom('steps').selectAll().where('case_id', '=', caseId).orderBy('starts_at').execute();
    const out = [];
    const now = Date.now();
    for (const s of steps) {
      const c = await sorter.computeCoverage(db, s, now);
      out.push({ stepId: s.id, requirement: s.requirement, ...coverageView(c) });
    }
    return { caseId, steps: out, passing: out.every((s) => s.passing) };
  }

  async function linksOfSteps(stepIds: string[], includeExcluded = false): Promise<Map<string, LinkView[]>> {
    const map = new Map<string, LinkView[]>();
    if (stepIds.length === 0) return map;
    let q = db
      .selectFrom('links')
      .innerJoin('recordings', 'recordings.id', 'links.recording_id')
      .select([
        'links.step_id',
        'links.origin',
        'links.linked_by',
        'links.reason',
        'recordings.id',
        'recordings.device_id',
        'recordings.officer_id',
        'recordings.source',
        'recordings.started_at',
        'recordings.ended_at',
      ])
      .where('links.step_id', 'in', stepIds)
      .where('recordings.deleted_at', 'is', null);
    if (!includeExcluded) q = q.where('links.origin', '!=', 'excluded');
    for (const r of await q.orderBy('recordings.started_at').execute()) {
      const list = map.get(r.step_id) ?? [];
      list.push({
        recordingId: r.id,
        deviceId: r.device_id,
        officerId: r.officer_id,
        source: r.source,
        start: r.started_at,
        end: r.ended_at,
        origin: r.origin,
        linkedBy: r.linked_by,
        reason: r.reason,
        fileUrl: `/api/recordings/${r.id}/file`,
      });
      map.set(r.step_id, list);
    }
    return map;
  }

  async function touchCase(trx: Trx, caseId: string) {
    await trx.updateTable('cases').set({ updated_at: new Date().toISOString() }).where('id', '=', caseId).execute();
  }

  return {
    /** Calls `fn` after every committed change to a case, a step or an assignment. */
    onChange(fn: () => void): void {
      listeners.push(fn);
    },

    // ---- units, officers, assignments -------------------------------------------------
    async units(): Promise<UnitView[]> {
      return (await db.selectFrom('units').selectAll().orderBy('id').execute()).map(unitView);
    },
    async upsertUnit(u: { id: string; name: string; parentId?: string | null }, actor: string): Promise<UnitView> {
      await db.transaction().execute(async (trx) => {
        const row = { name: u.name, parent_id: u.parentId ?? null };
        await trx
          .insertInto('units')
          .values({ id: u.id, ...row, created_at: new Date().toISOString() })
          .onConflict((oc) => oc.column('id').doUpdateSet(row))
          .execute();
        await audit.append({ actor, action: 'update', subjectType: 'unit', subjectId: u.id, detail: row }, trx);
      });
      return { id: u.id, name: u.name, parentId: u.parentId ?? null };
    },
    async officers(unitId?: string): Promise<OfficerView[]> {
      let q = db.selectFrom('officers').selectAll();
      if (unitId) q = q.where('unit_id', '=', unitId);
      return (await q.orderBy('id').execute()).map(officerView);
    },
    async upsertOfficer(
      o: {
        id: string;
        name: string;
        licenceNo?: string | null;
        unitId?: string | null;
        role?: string;
        active?: boolean;
      },
      actor: string,
    ): Promise<OfficerView> {
      return db.transaction().execute(async (trx) => {
        if (o.unitId && !(await trx.selectFrom('units').select('id').where('id', '=', o.unitId).executeTakeFirst()))
          throw new Invalid(`unit ${o.unitId} does not exist: create it first (POST /api/units)`);
        if (o.licenceNo) {
          const other = await trx
            .selectFrom('officers')
            .select('id')
            .where('licence_no', '=', o.licenceNo)
            .where('id', '!=', o.id)
            .executeTakeFirst();
          if (other) throw new Conflict(`licence number ${o.licenceNo} already belongs to officer ${other.id}`);
        }
        const row = {
          name: o.name,
          licence_no: o.licenceNo ?? null,
          unit_id: o.unitId ?? null,
          role: o.role ?? 'officer',
          active: o.active === false ? 0 : 1,
        };
        await trx
          .insertInto('officers')
          .values({ id: o.id, ...row, created_at: new Date().toISOString() })
          .onConflict((oc) => oc.column('id').doUpdateSet(row))
          .execute();
        await audit.append({ actor, action: 'update', subjectType: 'officer', subjectId: o.id, detail: row }, trx);
        return officerView(
          await trx.selectFrom('officers').selectAll().where('id', '=', o.id).executeTakeFirstOrThrow(),
        );
      });
    },
    async assignments(q: {
      deviceId?: string;
      officerId?: string;
      open?: boolean;
      limit?: number;
    }): Promise<AssignmentView[]> {
      let query = db.selectFrom('assignments').selectAll();
      if (q.deviceId) query = query.where('device_id', '=', q.deviceId);
      if (q.officerId) query = query.where('officer_id', '=', q.officerId);
      if (q.open) query = query.where('ended_at', 'is', null);
      return (
        await query
          .orderBy('started_at', 'desc')
          .limit(q.limit ?? 500)
          .execute()
      ).map(assignmentView);
    },
    /** A device in an officer's hands from startedAt (default now) until endedAt or check-in. */
    async assign(
      a: { deviceId: string; officerId: string; startedAt?: string; endedAt?: string | null },
      actor: string,
    ): Promise<AssignmentView> {
      const startedAt = a.startedAt ? iso(a.startedAt) : new Date().toISOString();
      const endedAt = a.endedAt ? iso(a.endedAt) : null;
      if (endedAt && endedAt <= startedAt) throw new Invalid('endedAt must be after startedAt');
      const view = await db.transaction().execute(async (trx) => {
        const clash = await trx
          .selectFrom('assignments')
          .selectAll()
          .where('device_id', '=', a.deviceId)
          .where('started_at', '<', endedAt ?? '9999')
          .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', startedAt)]))
          .executeTakeFirst();
        if (clash)
          throw new Conflict(
            `device ${a.deviceId} is already assigned to ${clash.officer_id} from ${clash.started_at}: end that assignment first`,
          );
        const row = {
          id: randomUUID(),
          device_id: a.deviceId,
          officer_id: a.officerId,
          started_at: startedAt,
          ended_at: endedAt,
          created_by: actor,
          created_at: new Date().toISOString(),
        };
        await trx.insertInto('assignments').values(row).execute();
        await sorter.queue(trx, 'device-span', `${a.deviceId}|${startedAt}|${endedAt ?? '9999-12-31T23:59:59.999Z'}`);
        await audit.append(
          {
            actor,
            action: 'create',
            subjectType: 'assignment',
            subjectId: row.id,
            detail: { deviceId: a.deviceId, officerId: a.officerId, startedAt, endedAt },
          },
          trx,
        );
        return assignmentView(row);
      });
      changed();
      return view;
    },
    async endAssignment(id: string, endedAt: string | undefined, actor: string): Promise<AssignmentView> {
      const view = await db.transaction().execute(async (trx) => {
        const a = await trx.selectFrom('assignments').selectAll().where('id', '=', id).executeTakeFirst();
        if (!a) throw new NotFound(`assignment ${id} does not exist`);
        const end = endedAt ? iso(endedAt) : new Date().toISOString();
        if (end <= a.started_at) throw new Invalid('endedAt must be after the assignment started');
        await trx.updateTable('assignments').set({ ended_at: end }).where('id', '=', id).execute();
        // Footage after the new end no longer belongs to this officer.
        await sorter.queue(
          trx,
          'device-span',
          `${a.device_id}|${a.started_at}|${a.ended_at ?? '9999-12-31T23:59:59.999Z'}`,
        );
        await audit.append(
          { actor, action: 'update', subjectType: 'assignment', subjectId: id, detail: { endedAt: end } },
          trx,
        );
        return assignmentView({ ...a, ended_at: end });
      });
      changed();
      return view;
    },

    // ---- cases and steps ----------------------------------------------------------------
    async list(q: CaseQuery): Promise<CaseView[]> {
      let query = db.selectFrom('cases').selectAll();
      if (q.status) query = query.where('status', '=', q.status);
      if (q.kind) query = query.where('kind', '=', q.kind);
      if (q.unitId) query = query.where('unit_id', '=', q.unitId);
      if (q.visibleTo) query = query.where(caseVisible(q.visibleTo));
      if (q.q) {
        const like = `%${q.q.replace(/[%_]/g, '')}%`;
        query = query.where((eb) =>
          eb.or([eb('number', 'like', like), eb('title', 'like', like), eb('party', 'like', like)]),
        );
      }
      if (q.officerId || q.from || q.to) {
        query = query.where('id', 'in', (sub) => {
          let s = sub
            .selectFrom('steps')
            .innerJoin('step_officers', 'step_officers.step_id', 'steps.id')
            .select('steps.case_id');
          if (q.officerId) s = s.where('step_officers.officer_id', '=', q.officerId);
          if (q.from)
            s = s.where((eb) => eb.or([eb('steps.ends_at', 'is', null), eb('steps.ends_at', '>', iso(q.from!))]));
          if (q.to) s = s.where('steps.starts_at', '<', iso(q.to));
          return s;
        });
      }
      const rows = await query
        .orderBy('created_at', 'desc')
        .limit(q.limit ?? 200)
        .execute();
      const { steps, cov } = await stepsOf(
        db,
        rows.map((r) => r.id),
      );
      return rows.map((r) => {
        const mine = steps.filter((s) => s.case_id === r.id);
        const covs = mine.map((s) => cov.get(s.id)).filter((c): c is StepCoverageView => !!c);
        return {
          ...caseView(r),
          summary: {
            steps: mine.length,
            passing: covs.filter((c) => c.final && c.passing).length,
            failing: covs.filter((c) => c.final && !c.passing).length,
            pending: mine.length - covs.filter((c) => c.final).length,
            windowSeconds: covs.reduce((a, c) => a + c.windowSeconds, 0),
            coveredSeconds: covs.reduce((a, c) => a + c.coveredSeconds, 0),
          },
        };
      });
    },

    async get(id: string): Promise<CaseView & { steps: StepView[] }> {
      const c = await caseOr404(db, id);
      const { steps, officers, cov } = await stepsOf(db, [id]);
      return { ...caseView(c), steps: steps.map((s) => stepView(s, officers.get(s.id) ?? [], cov.get(s.id) ?? null)) };
    },

    async create(input: CaseInput, actor: string): Promise<string> {
      const id = await db.transaction().execute(async (trx) => {
        const id = await insertCase(trx, input, actor);
        await audit.append(
          {
            actor,
            action: 'create',
            subjectType: 'case',
            subjectId: id,
            caseId: id,
            detail: { number: input.number, steps: input.steps?.length ?? 0 },
          },
          trx,
        );
        return id;
      });
      changed();
      await sorter.flush();
      return id;
    },

    async patch(id: string, p: CasePatch, actor: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const c = await caseOr404(trx, id);
        const now = new Date().toISOString();
        const set: Partial<CasesTable> = { updated_at: now };
        if (p.title !== undefined) set.title = p.title;
        if (p.party !== undefined) set.party = p.party;
        if (p.unitId !== undefined) set.unit_id = p.unitId;
        if (p.major !== undefined) set.major = p.major ? 1 : 0;
        if (p.hold !== undefined) set.hold = p.hold ? 1 : 0;
        if (p.status !== undefined) {
          set.status = p.status;
          set.closed_at = p.status === 'closed' ? (c.closed_at ?? now) : null;
        }
        await trx.updateTable('cases').set(set).where('id', '=', id).execute();
        const action =
          p.status === 'closed' && c.status !== 'closed' ? 'close' : p.hold !== undefined ? 'hold' : 'update';
        await audit.append({ actor, action, subjectType: 'case', subjectId: id, caseId: id, detail: p }, trx);
      });
      changed();
    },

    async addStep(caseId: string, s: StepInput, actor: string): Promise<string> {
      const id = await db.transaction().execute(async (trx) => {
        await caseOr404(trx, caseId);
        const id = await insertStep(trx, caseId, s);
        await touchCase(trx, caseId);
        await audit.append(
          {
            actor,
            action: 'create',
            subjectType: 'step',
            subjectId: id,
            caseId,
            detail: { kind: s.kind, startsAt: s.startsAt, endsAt: s.endsAt ?? null, officers: s.officers },
          },
          trx,
        );
        return id;
      });
      changed();
      await sorter.flush();
      return id;
    },

    async patchStep(stepId: string, p: StepPatch, actor: string): Promise<StepsTable> {
      const step = await db.transaction().execute(async (trx) => {
        const s = await stepOr404(trx, stepId);
        const startsAt = p.startsAt ? iso(p.startsAt) : s.starts_at;
        const endsAt = p.endsAt === undefined ? s.ends_at : p.endsAt ? iso(p.endsAt) : null;
        checkWindow(startsAt, endsAt);
        const set: Partial<StepsTable> = { starts_at: startsAt, ends_at: endsAt, updated_at: new Date().toISOString() };
        if (p.kind !== undefined) set.kind = p.kind;
        if (p.title !== undefined) set.title = p.title;
        if (p.location !== undefined) set.location = p.location;
        if (p.lat !== undefined) set.lat = p.lat;
        if (p.lon !== undefined) set.lon = p.lon;
        if (p.requirement !== undefined) set.requirement = p.requirement;
        await trx.updateTable('steps').set(set).where('id', '=', stepId).execute();
        if (p.officers) {
          await trx.deleteFrom('step_officers').where('step_id', '=', stepId).execute();
          await trx
            .insertInto('step_officers')
            .values(p.officers.map((officer_id) => ({ step_id: stepId, officer_id })))
            .execute();
        }
        await sorter.queue(trx, 'step', stepId);
        await touchCase(trx, s.case_id);
        await audit.append(
          { actor, action: 'update', subjectType: 'step', subjectId: stepId, caseId: s.case_id, detail: p },
          trx,
        );
        return { ...s, ...set } as StepsTable;
      });
      changed();
      await sorter.flush();
      return step;
    },

    async removeStep(stepId: string, actor: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const s = await stepOr404(trx, stepId);
        await trx.deleteFrom('step_officers').where('step_id', '=', stepId).execute();
        await trx.deleteFrom('steps').where('id', '=', stepId).execute();
        await sorter.queue(trx, 'step', stepId);
        await touchCase(trx, s.case_id);
        await audit.append(
          {
            actor,
            action: 'update',
            subjectType: 'step',
            subjectId: stepId,
            caseId: s.case_id,
            detail: { removed: true },
          },
          trx,
        );
      });
      changed();
      await sorter.flush();
    },

    /** All-or-nothing import of parsed CSV cases. */
    async importCases(cases: CaseInput[], actor: string): Promise<{ cases: number; steps: number; ids: string[] }> {
      const ids = await db.transaction().execute(async (trx) => {
        const ids: string[] = [];
        for (const c of cases) {
          const id = await insertCase(trx, c, actor).catch((err: Error) => {
            throw new Conflict(`case ${c.number}: ${err.message}; nothing was imported`);
          });
          ids.push(id);
          await audit.append(
            {
              actor,
              action: 'import',
              subjectType: 'case',
              subjectId: id,
              caseId: id,
              detail: { number: c.number, steps: c.steps?.length ?? 0 },
            },
            trx,
          );
        }
        return ids;
      });
      changed();
      await sorter.flush();
      return { cases: ids.length, steps: cases.reduce((a, c) => a + (c.steps?.length ?? 0), 0), ids };
    },

    caseCoverage,

    async stepLinks(stepId: string): Promise<LinkView[]> {
      await stepOr404(db, stepId);
      return (await linksOfSteps([stepId], true)).get(stepId) ?? [];
    },

    /** Per step: the window, the linked footage and the gaps (the timeline under the player). */
    async timeline(caseId: string, actor: string) {
      const c = await caseOr404(db, caseId);
      const cov = await caseCoverage(caseId);
      const links = await linksOfSteps(cov.steps.map((s) => s.stepId));
      const { steps, officers } = await stepsOf(db, [caseId]);
      await audit.append({
        actor,
        action: 'view',
        subjectType: 'case',
        subjectId: caseId,
        caseId,
        detail: { what: 'timeline' },
      });
      return {
        caseId,
        number: c.number,
        steps: steps.map((s) => ({
          ...stepView(s, officers.get(s.id) ?? [], cov.steps.find((x) => x.stepId === s.id) ?? null),
          footage: links.get(s.id) ?? [],
        })),
      };
    },

    /** A reviewer links footage to a step by hand, with a reason. */
    async link(stepId: string, recordingIds: string[], reason: string, actor: string): Promise<number> {
      const n = await db.transaction().execute(async (trx) => {
        const s = await stepOr404(trx, stepId);
        const recs = await trx
          .selectFrom('recordings')
          .select(['id', 'device_id', 'session_id'])
          .where('id', 'in', recordingIds)
          .where('deleted_at', 'is', null)
          .execute();
        const missing = recordingIds.filter((r) => !recs.some((x) => x.id === r));
        if (missing.length) throw new NotFound(`no footage ${missing.join(', ')}`);
        const now = new Date().toISOString();
        for (const r of recs) {
          const row = { origin: 'manual' as const, linked_by: actor, reason, created_at: now };
          await trx
            .insertInto('links')
            .values({ step_id: stepId, recording_id: r.id, ...row })
            .onConflict((oc) => oc.columns(['step_id', 'recording_id']).doUpdateSet(row))
            .execute();
        }
        await sorter.refreshStep(trx, stepId);
        for (const key of new Set(recs.map((r) => `${r.device_id}/${r.session_id}`)))
          await sorter.refreshSession(trx, key);
        await audit.append(
          {
            actor,
            action: 'link',
            subjectType: 'step',
            subjectId: stepId,
            caseId: s.case_id,
            detail: { recordings: recordingIds, reason },
          },
          trx,
        );
        return recs.length;
      });
      return n;
    },

    /** Removes a link; an automatic one is remembered as excluded so the sorter does not add it back. */
    async unlink(stepId: string, recordingId: string, reason: string, actor: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const s = await stepOr404(trx, stepId);
        const l = await trx
          .selectFrom('links')
          .selectAll()
          .where('step_id', '=', stepId)
          .where('recording_id', '=', recordingId)
          .executeTakeFirst();
        if (!l || l.origin === 'excluded') throw new NotFound(`footage ${recordingId} is not linked to step ${stepId}`);
        await trx
          .updateTable('links')
          .set({ origin: 'excluded', linked_by: actor, reason, created_at: new Date().toISOString() })
          .where('step_id', '=', stepId)
          .where('recording_id', '=', recordingId)
          .execute();
        const rec = await trx
          .selectFrom('recordings')
          .select(['device_id', 'session_id'])
          .where('id', '=', recordingId)
          .executeTakeFirst();
        await sorter.refreshStep(trx, stepId);
        if (rec) await sorter.refreshSession(trx, `${rec.device_id}/${rec.session_id}`);
        await audit.append(
          {
            actor,
            action: 'unlink',
            subjectType: 'step',
            subjectId: stepId,
            caseId: s.case_id,
            detail: { recording: recordingId, reason, was: l.origin },
          },
          trx,
        );
      });
    },

    /** Resolves an unsorted-footage item: its device's footage over the item's span goes to the step. */
    async linkReviewItem(itemId: string, stepId: string, reason: string, actor: string): Promise<number> {
      const item = await reviews.get(itemId);
      if (item.kind !== 'unsorted' || !item.deviceId || !item.subjectStart || !item.subjectEnd)
        throw new Conflict(`review item ${itemId} is not unsorted footage`);
      // Both copies of the footage (live and offloaded) over the span.
      const n = await this.link(stepId, await reviewItemFootage(db, item), reason, actor);
      await db
        .updateTable('review_items')
        .set({
          state: 'done',
          resolution: `linked to step ${stepId}: ${reason}`,
          decided_by: actor,
          updated_at: new Date().toISOString(),
        })
        .where('id', '=', itemId)
        .execute();
      return n;
    },

    /** Everything a case-file export needs, from the store. */
    async exportPlan(caseId: string, actor: string): Promise<ExportPlan> {
      const c = await caseOr404(db, caseId);
      const cov = await caseCoverage(caseId);
      const { steps, officers } = await stepsOf(db, [caseId]);
      const links = await linksOfSteps(steps.map((s) => s.id));
      const officerNames = new Map(
        (await db.selectFrom('officers').select(['id', 'name']).execute()).map((o) => [o.id, o.name] as const),
      );
      const unit = c.unit_id
        ? await db.selectFrom('units').select('name').where('id', '=', c.unit_id).executeTakeFirst()
        : undefined;
      const recIds = [...new Set([...links.values()].flat().map((l) => l.recordingId))];
      const recs = recIds.length
        ? await db.selectFrom('recordings').selectAll().where('id', 'in', recIds).orderBy('started_at').execute()
        : [];
      const keys: Record<string, string> = {};
      const files = [];
      for (const r of recs) {
        const absPath = join(deps.footageRoot, r.path);
        const chain = `${absPath}${CHAIN_SUFFIX}`;
        const hasChain = r.source === 'device' && existsSync(chain);
        if (hasChain && !keys[r.device_id]) {
          const k = await deps.publicKeyOf(r.device_id);
          if (k) keys[r.device_id] = k.pem;
        }
        files.push({
          recordingId: r.id,
          deviceId: r.device_id,
          officerId: r.officer_id,
          source: r.source,
          startedAt: r.started_at,
          endedAt: r.ended_at,
          bytes: Number(r.bytes),
          sha256: r.sha256,
          absPath,
          archivePath: r.path.split(/[\\/]/).join('/'),
          chainAbsPath: hasChain ? chain : null,
          stepIds: [...links.entries()].filter(([, ls]) => ls.some((l) => l.recordingId === r.id)).map(([s]) => s),
        });
      }
      return {
        case: {
          id: c.id,
          number: c.number,
          kind: c.kind,
          title: c.title,
          party: c.party,
          unit: unit?.name ?? c.unit_id,
          status: c.status,
          major: c.major === 1,
        },
        steps: steps.map((s) => {
          const sc = cov.steps.find((x) => x.stepId === s.id)!;
          return {
            id: s.id,
            kind: s.kind,
            title: s.title,
            startsAt: s.starts_at,
            endsAt: s.ends_at,
            location: s.location,
            requirement: s.requirement,
            officers: (officers.get(s.id) ?? []).map((id) => ({ id, name: officerNames.get(id) ?? null })),
            coverage: {
              windowSeconds: sc.windowSeconds,
              coveredSeconds: sc.coveredSeconds,
              ratio: sc.ratio,
              passing: sc.passing,
              requiredRatio: sc.requiredRatio,
              gaps: sc.gaps.map((g) => ({
                start: ms(g.start),
                end: ms(g.end),
                seconds: g.seconds,
                startIso: g.start,
                endIso: g.end,
              })),
            },
            footage: (links.get(s.id) ?? []).map((l) => ({
              recordingId: l.recordingId,
              deviceId: l.deviceId,
              source: l.source,
              start: l.start,
              end: l.end,
            })),
          };
        }),
        files,
        devicePublicKeys: keys,
        audit: await audit.forCase(caseId),
        generatedAt: new Date().toISOString(),
        generatedBy: actor,
        stationVersion: deps.version,
      };
    },
  };
}
export type Cases = ReturnType<typeof createCases>;
