/**
 * Units, officers and the desk's device assignments. A change to an
 * assignment moves footage between officers, so it queues a re-sort of the
 * device's span in its own transaction; every change is audited there too.
 * After a committed change to a unit or an officer, `registryChanged` is
 * awaited (the officers page before enforcement follows the registry).
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import { Conflict, Invalid, NotFound } from '../errors.js';
import type { AssignmentView, OfficerView, UnitView } from '@liuhen/contract';
import { assignmentView, officerView, unitView } from './model.js';
import {
  allUnits,
  endAssignmentAt,
  findAssignment,
  findAssignments,
  insertAssignment,
  licenceHolderOtherThan,
  officerRecord,
  officersOf,
  overlappingAssignment,
  saveOfficer,
  saveUnit,
  unitExists,
} from './people-repo.js';
import type { Sorter } from './sorter.js';

const iso = (s: string) => new Date(s).toISOString();
/** How the sorter names the end of a span still open. */
const OPEN_SPAN_END = '9999-12-31T23:59:59.999Z';

export interface PeopleDeps {
  db: Db;
  audit: AuditLog;
  sorter: Pick<Sorter, 'queue'>;
  /** Told after a committed change to an assignment. */
  changed(): void;
  /** Awaited after a committed change to a unit or an officer, with who made it; handles its own failures. */
  registryChanged?(actor: string): Promise<void>;
}

export function createPeople({ db, audit, sorter, changed, registryChanged }: PeopleDeps) {
  return {
    async units(): Promise<UnitView[]> {
      return (await allUnits(db)).map(unitView);
    },
    async upsertUnit(u: { id: string; name: string; parentId?: string | null }, actor: string): Promise<UnitView> {
      await db.transaction().execute(async (trx) => {
        const row = { name: u.name, parent_id: u.parentId ?? null };
        await saveUnit(trx, u.id, row, new Date().toISOString());
        await audit.append({ actor, action: 'update', subjectType: 'unit', subjectId: u.id, detail: row }, trx);
      });
      await registryChanged?.(actor);
      return { id: u.id, name: u.name, parentId: u.parentId ?? null };
    },
    async officers(unitId?: string): Promise<OfficerView[]> {
      return (await officersOf(db, unitId)).map(officerView);
    },
    async upsertOfficer(
      o: {
        id: string;
        name: string;
        licenceNo?: string | null;
        licenceExpires?: string | null;
        unitId?: string | null;
        role?: string;
        active?: boolean;
      },
      actor: string,
    ): Promise<OfficerView> {
      const view = await db.transaction().execute(async (trx) => {
        if (o.unitId && !(await unitExists(trx, o.unitId)))
          throw new Invalid(`unit ${o.unitId} does not exist: create it first (POST /api/units)`);
        if (o.licenceNo) {
          const other = await licenceHolderOtherThan(trx, o.licenceNo, o.id);
          if (other) throw new Conflict(`licence number ${o.licenceNo} already belongs to officer ${other}`);
        }
        const row = {
          name: o.name,
          licence_no: o.licenceNo ?? null,
          // Left as it was when the caller does not say (older clients do not know the field).
          ...(o.licenceExpires !== undefined ? { licence_expires: o.licenceExpires } : {}),
          unit_id: o.unitId ?? null,
          role: o.role ?? 'officer',
          active: o.active === false ? 0 : 1,
        };
        await saveOfficer(trx, o.id, row, new Date().toISOString());
        await audit.append({ actor, action: 'update', subjectType: 'officer', subjectId: o.id, detail: row }, trx);
        return officerView(await officerRecord(trx, o.id));
      });
      await registryChanged?.(actor);
      return view;
    },
    async assignments(q: {
      deviceId?: string;
      officerId?: string;
      open?: boolean;
      limit?: number;
    }): Promise<AssignmentView[]> {
      return (await findAssignments(db, { ...q, limit: q.limit ?? 500 })).map(assignmentView);
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
        const clash = await overlappingAssignment(trx, a.deviceId, startedAt, endedAt);
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
        await insertAssignment(trx, row);
        await sorter.queue(trx, 'device-span', `${a.deviceId}|${startedAt}|${endedAt ?? OPEN_SPAN_END}`);
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
        const a = await findAssignment(trx, id);
        if (!a) throw new NotFound(`assignment ${id} does not exist`);
        const end = endedAt ? iso(endedAt) : new Date().toISOString();
        if (end <= a.started_at) throw new Invalid('endedAt must be after the assignment started');
        await endAssignmentAt(trx, id, end);
        // Footage after the new end no longer belongs to this officer.
        await sorter.queue(trx, 'device-span', `${a.device_id}|${a.started_at}|${a.ended_at ?? OPEN_SPAN_END}`);
        await audit.append(
          { actor, action: 'update', subjectType: 'assignment', subjectId: id, detail: { endedAt: end } },
          trx,
        );
        return assignmentView({ ...a, ended_at: end });
      });
      changed();
      return view;
    },
  };
}
export type People = ReturnType<typeof createPeople>;
