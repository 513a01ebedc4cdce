/**
 * The hand-out and check-in desk (领用/归还): the recorder's pre-use
 * self-test, the assignment, the officer id pushed to the recorder, the
 * refusal to reissue a recorder whose footage is not all offloaded, and the
 * ledger (台账) of every hand-out, check-in, repair and override.
 */
import { randomUUID } from 'node:crypto';
import { getProfile, PROTOCOL_VERSION, topics, type CommandPayload } from '@liuhen/device-profiles';
import type { AssignmentView, LedgerView, SelfTestCheck } from '@liuhen/contract';
import type { AuditLog } from '../audit/audit-log.js';
import type { RecorderLogins } from '../auth/recorder-logins.js';
import type { Broker } from '../broker.js';
import type { Cases } from '../cases/cases.js';
import { unitOfOfficer } from '../cases/owner-repo.js';
import type { GatewayConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { DeviceStatus, LedgerKind, LedgerTable } from '../db/schema.js';
import { Conflict, NotFound, Unacceptable } from '../errors.js';
import type { Logger } from '../log.js';
import { findOfficer } from '../cases/people-repo.js';
import { checkInsSince, insertLedgerEntry, ledgerEntries } from './ledger-repo.js';
import type { DeviceRegistry } from './registry.js';

/** A hand-out refused because the recorder failed its pre-use self-test; `checks` says which. */
export class SelfTestFailed extends Unacceptable {
  constructor(
    message: string,
    readonly checks: SelfTestCheck[],
  ) {
    super(message);
  }
}

const ledgerView = (l: LedgerTable): LedgerView => ({
  id: l.id,
  ts: l.ts,
  kind: l.kind,
  deviceId: l.device_id,
  officerId: l.officer_id,
  assignmentId: l.assignment_id,
  actor: l.actor,
  reason: l.reason,
  detail: JSON.parse(l.detail) as unknown,
});

export interface LedgerQuery {
  deviceId?: string;
  officerId?: string;
  kind?: LedgerKind;
  from?: string;
  to?: string;
  /** Free text: device, officer, actor or reason. */
  q?: string;
  limit?: number;
}

export interface DeskDeps {
  db: Db;
  registry: DeviceRegistry;
  audit: AuditLog;
  cases: Cases;
  broker: Broker;
  config: GatewayConfig['desk'];
  log: Logger;
  /** Re-evaluate the alert rules after a hand-out or check-in. */
  afterChange(): void;
  /** Retiring a recorder revokes its credentials (MQTT, HTTP, RTMP) at once. */
  credentials?: Pick<RecorderLogins, 'retire'>;
}

export function createDesk(d: DeskDeps) {
  const { db, registry, audit, cases, config: cfg } = d;

  async function ledger(entry: Omit<LedgerTable, 'id' | 'ts' | 'detail'> & { detail?: unknown }): Promise<LedgerTable> {
    const row: LedgerTable = {
      ...entry,
      id: randomUUID(),
      ts: new Date().toISOString(),
      detail: JSON.stringify(entry.detail ?? {}),
    };
    await insertLedgerEntry(db, row);
    return row;
  }

  /** Tells the recorder who holds it (its watermark shows it within seconds). */
  function pushOfficer(deviceId: string, officerId: string | null): string {
    const cmd: CommandPayload = {
      v: PROTOCOL_VERSION,
      commandId: randomUUID(),
      action: 'set-officer',
      officerId,
      ts: new Date().toISOString(),
    };
    d.broker.aedes.publish(
      {
        cmd: 'publish',
        topic: topics.set(deviceId),
        payload: Buffer.from(JSON.stringify(cmd)),
        qos: 1,
        retain: false,
        dup: false,
      },
      () => undefined,
    );
    return cmd.commandId;
  }

  /** The pre-use self-test, from the recorder's own latest telemetry. */
  function selfTest(deviceId: string, now = Date.now()): { ok: boolean; checks: SelfTestCheck[] } {
    const dev = registry.get(deviceId);
    if (!dev) throw new NotFound(`no recorder ${deviceId}: enroll it first`);
    const latest = registry.latestTelemetry(deviceId);
    const fresh = !!latest && now - latest.at <= cfg.telemetryMaxAgeSeconds * 1000 && dev.online;
    const t = fresh ? latest.t : undefined;
    let recordable = t?.storage.recordableSeconds ?? null;
    if (t && recordable === null) {
      // Older firmware: work it out from free space and the profile's bitrate.
      try {
        const p = getProfile(dev.profile);
        recordable = Math.floor((t.storage.freeBytes * 8) / ((p.video.bitrateKbps + p.audio.bitrateKbps) * 1000));
      } catch {
        recordable = null;
      }
    }
    const checks: SelfTestCheck[] = [
      {
        name: 'online',
        ok: fresh,
        value: latest ? Math.round((now - latest.at) / 1000) : null,
        need: `reported within ${cfg.telemetryMaxAgeSeconds} s`,
      },
      {
        name: 'battery',
        ok: !!t && t.battery.percent >= cfg.minBatteryPercent,
        value: t?.battery.percent ?? null,
        need: `≥ ${cfg.minBatteryPercent} %`,
      },
      {
        name: 'storage',
        ok: recordable !== null && recordable >= cfg.minRecordHours * 3600,
        value: recordable === null ? null : Math.round((recordable / 3600) * 10) / 10,
        need: `≥ ${cfg.minRecordHours} h of recording`,
      },
      {
        name: 'clock',
        ok: !!t && t.clockOffsetMs !== null && Math.abs(t.clockOffsetMs) <= cfg.maxClockOffsetMs,
        value: t?.clockOffsetMs ?? null,
        need: `within ±${cfg.maxClockOffsetMs} ms of the station`,
      },
      { name: 'camera', ok: !!t?.selfTest.camera, value: t ? t.selfTest.camera : null, need: 'video frames arriving' },
      {
        name: 'microphone',
        ok: !!t?.selfTest.microphone,
        value: t ? t.selfTest.microphone : null,
        need: 'audio arriving',
      },
    ];
    return { ok: checks.every((c) => c.ok), checks };
  }

  async function openAssignment(deviceId: string): Promise<AssignmentView | undefined> {
    return (await cases.assignments({ deviceId, open: true, limit: 1 }))[0];
  }

  return {
    selfTest,

    /** Who holds what, after a restart. */
    async loadHolders(): Promise<void> {
      for (const a of await cases.assignments({ open: true, limit: 100_000 })) {
        registry.setHolder(a.deviceId, {
          officerId: a.officerId,
          unitId: await unitOfOfficer(db, a.officerId),
          since: a.startedAt,
          assignmentId: a.id,
        });
      }
    },

    async handOut(
      req: { deviceId: string; officerId: string; overrideReason?: string },
      actor: string,
    ): Promise<{ assignment: AssignmentView; checks: SelfTestCheck[]; commandId: string; override: boolean }> {
      const dev = registry.get(req.deviceId);
      if (!dev) throw new NotFound(`no recorder ${req.deviceId}: enroll it first`);
      if (dev.status !== 'in_service')
        throw new Conflict(`recorder ${req.deviceId} is ${dev.status.replace('_', ' ')}: it cannot be handed out`);
      const officer = await findOfficer(db, req.officerId);
      if (!officer) throw new NotFound(`no officer with badge number ${req.officerId}`);
      if (officer.active !== 1) throw new Conflict(`officer ${req.officerId} is not active`);
      const out = await openAssignment(req.deviceId);
      if (out)
        throw new Conflict(
          `recorder ${req.deviceId} is already out with ${out.officerId} since ${out.startedAt}: check it in first`,
        );
      if (cfg.oneDevicePerOfficer) {
        const held = await cases.assignments({ officerId: req.officerId, open: true, limit: 1 });
        if (held[0])
          throw new Conflict(`officer ${req.officerId} already holds recorder ${held[0].deviceId}: check it in first`);
      }
      const test = selfTest(req.deviceId);
      if (!test.ok) {
        const failed = test.checks
          .filter((c) => !c.ok)
          .map((c) => `${c.name} (${c.value ?? 'no data'}; needs ${c.need})`);
        throw new SelfTestFailed(`self-test failed: ${failed.join(', ')}`, test.checks);
      }
      // Footage of the previous holder must be at the station before the next one records over it.
      const pending = registry.latestTelemetry(req.deviceId)?.t.offload.pendingSegments ?? 0;
      let override = false;
      if (pending > 0) {
        if (!req.overrideReason)
          throw new Conflict(
            `recorder ${req.deviceId} still holds ${pending} segment(s) the station has not acknowledged: dock it until the offload finishes, or hand it out with an override reason`,
            {
              code: 'footage-pending',
              details: {
                pendingSegments: pending,
                pendingBytes: registry.latestTelemetry(req.deviceId)?.t.offload.pendingBytes ?? null,
              },
            },
          );
        override = true;
      }
      const assignment = await cases.assign({ deviceId: req.deviceId, officerId: req.officerId }, actor);
      if (override) {
        await ledger({
          kind: 'override',
          device_id: req.deviceId,
          officer_id: req.officerId,
          assignment_id: assignment.id,
          actor,
          reason: req.overrideReason!,
          detail: { pendingSegments: pending },
        });
        await audit.append({
          actor,
          action: 'override',
          subjectType: 'device',
          subjectId: req.deviceId,
          detail: { pendingSegments: pending, reason: req.overrideReason! },
        });
      }
      await ledger({
        kind: 'hand-out',
        device_id: req.deviceId,
        officer_id: req.officerId,
        assignment_id: assignment.id,
        actor,
        reason: null,
        detail: { checks: test.checks },
      });
      await audit.append({
        actor,
        action: 'hand-out',
        subjectType: 'device',
        subjectId: req.deviceId,
        detail: { officerId: req.officerId, assignmentId: assignment.id },
      });
      registry.setHolder(req.deviceId, {
        officerId: req.officerId,
        unitId: officer.unit_id,
        since: assignment.startedAt,
        assignmentId: assignment.id,
      });
      const commandId = pushOfficer(req.deviceId, req.officerId);
      d.afterChange();
      return { assignment, checks: test.checks, commandId, override };
    },

    async checkIn(
      deviceId: string,
      actor: string,
    ): Promise<{
      assignment: AssignmentView;
      offload: { pendingSegments: number | null; pendingBytes: number | null };
    }> {
      const out = await openAssignment(deviceId);
      if (!out) throw new Conflict(`recorder ${deviceId} is not checked out`);
      const assignment = await cases.endAssignment(out.id, undefined, actor);
      const t = registry.latestTelemetry(deviceId)?.t;
      const offload = {
        pendingSegments: t?.offload.pendingSegments ?? null,
        pendingBytes: t?.offload.pendingBytes ?? null,
      };
      await ledger({
        kind: 'check-in',
        device_id: deviceId,
        officer_id: out.officerId,
        assignment_id: out.id,
        actor,
        reason: null,
        detail: offload,
      });
      await audit.append({
        actor,
        action: 'check-in',
        subjectType: 'device',
        subjectId: deviceId,
        detail: { officerId: out.officerId, assignmentId: out.id, ...offload },
      });
      registry.setHolder(deviceId, null);
      pushOfficer(deviceId, null);
      d.afterChange();
      return { assignment, offload };
    },

    async setStatus(deviceId: string, status: DeviceStatus, reason: string, actor: string): Promise<void> {
      const dev = registry.get(deviceId);
      if (!dev) throw new NotFound(`no recorder ${deviceId}`);
      if (status !== 'in_service' && registry.holder(deviceId))
        throw new Conflict(`recorder ${deviceId} is out with an officer: check it in first`);
      await registry.upsertInventory(deviceId, { profile: dev.profile, status });
      if (status === 'retired') await d.credentials?.retire(deviceId);
      const kind: LedgerKind = status === 'in_repair' ? 'repair' : status === 'retired' ? 'retire' : 'repair-done';
      await ledger({
        kind,
        device_id: deviceId,
        officer_id: null,
        assignment_id: null,
        actor,
        reason,
        detail: { from: dev.status, to: status },
      });
      await audit.append({
        actor,
        action: 'update',
        subjectType: 'device',
        subjectId: deviceId,
        detail: { status, reason },
      });
    },

    async enrolled(deviceId: string, actor: string, detail: Record<string, unknown>): Promise<void> {
      await ledger({
        kind: 'enroll',
        device_id: deviceId,
        officer_id: null,
        assignment_id: null,
        actor,
        reason: null,
        detail,
      });
    },

    async ledger(q: LedgerQuery): Promise<LedgerView[]> {
      // Times as stored (UTC ISO 8601), whatever offset the caller wrote them in.
      const iso = (t: string | undefined) => (t ? new Date(t).toISOString() : undefined);
      const rows = await ledgerEntries(db, {
        ...q,
        from: iso(q.from),
        to: iso(q.to),
        text: q.q,
        limit: q.limit ?? 500,
      });
      return rows.map(ledgerView);
    },

    /** When each recorder was last checked in, and what it still held then (for the offload rule). */
    async lastCheckIns(): Promise<Map<string, { at: string; pendingSegments: number | null }>> {
      const rows = await checkInsSince(db, new Date(Date.now() - 30 * 86_400_000).toISOString());
      const out = new Map<string, { at: string; pendingSegments: number | null }>();
      for (const r of rows)
        out.set(r.device_id, {
          at: r.ts,
          pendingSegments: (JSON.parse(r.detail) as { pendingSegments: number | null }).pendingSegments,
        });
      return out;
    },
  };
}
export type Desk = ReturnType<typeof createDesk>;
