/**
 * Alerts about recorders: each rule is a condition over the live picture
 * (registry, telemetry, who holds the device, open enforcement steps). An
 * alert is raised when its condition starts, stays one row while it lasts
 * (acknowledging it is audited), and clears by itself when the condition
 * ends. Every change is published on MQTT (retained, for other systems) and
 * to the dashboards.
 *
 * Telemetry-driven rules are checked as each message arrives (that is the
 * latency a supervisor sees); time-driven rules by a sweep.
 */
import { randomUUID } from 'node:crypto';
import type { AlertView } from '@liuhen/contract';
import {
  PROTOCOL_VERSION,
  topics,
  type AlertPayload,
  type AlertRule,
  type TelemetryPayload,
} from '@liuhen/device-profiles';
import type { AuditLog } from '../audit/audit-log.js';
import type { Broker } from '../broker.js';
import type { GatewayConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { AlertsTable } from '../db/schema.js';
import { Conflict, NotFound } from '../errors.js';
import type { Logger } from '../log.js';
import {
  acknowledgeAlert,
  alertsMatching,
  clearAlert,
  findAlert,
  insertAlert,
  openAlerts,
  type AlertFilter,
} from './alerts-repo.js';
import type { DeviceRegistry } from './registry.js';

const view = (a: AlertsTable): AlertView => ({
  id: a.id,
  rule: a.rule,
  deviceId: a.device_id,
  officerId: a.officer_id,
  severity: a.severity,
  status: a.status,
  message: a.message,
  detail: JSON.parse(a.detail) as unknown,
  since: a.since,
  updatedAt: a.updated_at,
  acknowledgedBy: a.acknowledged_by,
  acknowledgedAt: a.acknowledged_at,
  ackNote: a.ack_note,
  clearedAt: a.cleared_at,
});

const SEVERITY: Record<AlertRule, 'warning' | 'critical'> = {
  offline: 'critical',
  'battery-low': 'warning',
  'storage-low': 'warning',
  'clock-drift': 'warning',
  'not-recording': 'critical',
  'offload-overdue': 'warning',
  'unassigned-recording': 'critical',
};

interface Verdict {
  firing: boolean;
  message?: string;
  detail?: Record<string, unknown>;
}

export interface AlertsDeps {
  db: Db;
  registry: DeviceRegistry;
  broker: Broker;
  audit: AuditLog;
  config: GatewayConfig['alerts'];
  log: Logger;
  /** Officers with an open full-process or required step now. */
  officersOnDuty(
    officerIds: string[],
    now: Date,
  ): Promise<Map<string, { stepId: string; caseId: string; requirement: string; since: string }>>;
  /** When each device was last checked in, and how much footage it held then. */
  lastCheckIns(): Promise<Map<string, { at: string; pendingSegments: number | null }>>;
  onChange(a: AlertView): void;
}

export function createAlerts(d: AlertsDeps) {
  const { db, registry, audit, config: cfg, log } = d;
  /** Open alerts (active or acknowledged) by device|rule. */
  const open = new Map<string, AlertsTable>();
  /** When a time-based condition was first seen, before its grace ran out. */
  const pendingSince = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<void> = Promise.resolve();
  const key = (deviceId: string, rule: string) => `${deviceId}|${rule}`;

  function publish(a: AlertsTable): void {
    const payload: AlertPayload = {
      v: PROTOCOL_VERSION,
      alertId: a.id,
      rule: a.rule as AlertRule,
      deviceId: a.device_id,
      officerId: a.officer_id,
      severity: a.severity,
      status: a.status,
      message: a.message,
      since: a.since,
      ts: a.updated_at,
    };
    d.broker.aedes.publish(
      {
        cmd: 'publish',
        topic: topics.alert(a.device_id, a.rule),
        payload: Buffer.from(JSON.stringify(payload)),
        qos: 1,
        retain: true,
        dup: false,
      },
      () => undefined,
    );
  }

  function countFor(deviceId: string): number {
    let n = 0;
    for (const a of open.values()) if (a.device_id === deviceId) n++;
    return n;
  }

  async function set(deviceId: string, rule: AlertRule, v: Verdict): Promise<void> {
    const k = key(deviceId, rule);
    const current = open.get(k);
    const now = new Date().toISOString();
    if (v.firing && !current) {
      const row: AlertsTable = {
        id: randomUUID(),
        rule,
        device_id: deviceId,
        officer_id: registry.holder(deviceId)?.officerId ?? registry.get(deviceId)?.officerId ?? null,
        severity: SEVERITY[rule],
        status: 'active',
        message: v.message ?? rule,
        detail: JSON.stringify(v.detail ?? {}),
        since: now,
        updated_at: now,
        acknowledged_by: null,
        acknowledged_at: null,
        ack_note: null,
        cleared_at: null,
      };
      open.set(k, row);
      await insertAlert(db, row);
      log.warn({ deviceId, rule, message: row.message }, 'alert raised');
      changed(row);
    } else if (!v.firing && current) {
      open.delete(k);
      const row = { ...current, status: 'cleared' as const, cleared_at: now, updated_at: now };
      await clearAlert(db, current.id, now);
      log.info({ deviceId, rule }, 'alert cleared');
      changed(row);
    }
  }

  function changed(row: AlertsTable): void {
    publish(row);
    registry.setAlertCount(row.device_id, countFor(row.device_id));
    d.onChange(view(row));
  }

  /** Serialised, so two messages for one device cannot raise the same alert twice. */
  function run(fn: () => Promise<void>): Promise<void> {
    chain = chain.then(fn).catch((err: Error) => log.error({ err: err.message }, 'alert evaluation failed'));
    return chain;
  }

  async function onTelemetry(t: TelemetryPayload): Promise<void> {
    const battery = t.battery.percent < cfg.batteryPercent && !t.battery.charging;
    await set(t.deviceId, 'battery-low', {
      firing: battery,
      message: `电量低 battery ${t.battery.percent.toFixed(0)}% (< ${cfg.batteryPercent}%)`,
      detail: { percent: t.battery.percent },
    });
    const secs = t.storage.recordableSeconds;
    if (secs !== undefined) {
      await set(t.deviceId, 'storage-low', {
        firing: secs < cfg.storageHours * 3600,
        message: `存储将满 ${(secs / 3600).toFixed(1)} h of recording left (< ${cfg.storageHours} h)`,
        detail: { recordableSeconds: secs },
      });
    }
    if (t.clockOffsetMs !== null) {
      await set(t.deviceId, 'clock-drift', {
        firing: Math.abs(t.clockOffsetMs) > cfg.clockOffsetMs,
        message: `时钟偏差 clock off by ${Math.round(t.clockOffsetMs)} ms (> ${cfg.clockOffsetMs} ms)`,
        detail: { clockOffsetMs: t.clockOffsetMs },
      });
    }
    await checkUnassigned(t.deviceId);
  }

  async function checkUnassigned(deviceId: string): Promise<void> {
    const dev = registry.get(deviceId);
    if (!dev) return;
    await set(deviceId, 'unassigned-recording', {
      firing: dev.state === 'recording' && !registry.holder(deviceId),
      message: '未领用设备在录像 recording by a device nobody has checked out',
    });
  }

  /** A condition that must hold for `graceMs` before it fires. */
  function sustained(k: string, holds: boolean, graceMs: number, now: number, since?: number): boolean {
    if (!holds) {
      pendingSince.delete(k);
      return false;
    }
    const first = since ?? pendingSince.get(k) ?? now;
    if (!pendingSince.has(k)) pendingSince.set(k, first);
    return now - first >= graceMs;
  }

  async function sweep(): Promise<void> {
    const now = Date.now();
    const devices = registry.list();
    const held = devices.filter((x) => registry.holder(x.id));
    const onDuty = await d.officersOnDuty(
      held.map((x) => registry.holder(x.id)!.officerId),
      new Date(now),
    );
    const checkIns = await d.lastCheckIns();
    for (const dev of devices) {
      const holder = registry.holder(dev.id);
      const lastSeen = dev.lastSeen ? Date.parse(dev.lastSeen) : now;
      const offline = sustained(
        key(dev.id, 'offline'),
        !!holder && !dev.online,
        cfg.offlineMinutes * 60_000,
        now,
        lastSeen,
      );
      await set(dev.id, 'offline', {
        firing: offline,
        message: `离线 assigned recorder offline for more than ${cfg.offlineMinutes} min`,
        detail: { lastSeen: dev.lastSeen },
      });
      const duty = holder ? onDuty.get(holder.officerId) : undefined;
      const idle = sustained(
        key(dev.id, 'not-recording'),
        !!duty && dev.state !== 'recording',
        cfg.notRecordingGraceSeconds * 1000,
        now,
      );
      await set(dev.id, 'not-recording', {
        firing: idle,
        message: `应录未录 not recording during an open ${duty?.requirement ?? ''} step`,
        detail: duty ? { stepId: duty.stepId, caseId: duty.caseId, requirement: duty.requirement } : {},
      });
      const checkIn = holder ? undefined : checkIns.get(dev.id);
      const pending = registry.latestTelemetry(dev.id);
      const pendingSegments =
        pending && checkIn && pending.at > Date.parse(checkIn.at)
          ? pending.t.offload.pendingSegments
          : (checkIn?.pendingSegments ?? 0);
      await set(dev.id, 'offload-overdue', {
        firing: !!checkIn && now - Date.parse(checkIn.at) > cfg.offloadHours * 3600_000 && (pendingSegments ?? 0) > 0,
        message: `超时未上传 footage not offloaded ${cfg.offloadHours} h after check-in`,
        detail: { checkedInAt: checkIn?.at ?? null, pendingSegments },
      });
      await checkUnassigned(dev.id);
    }
  }

  return {
    async load(): Promise<void> {
      for (const a of await openAlerts(db)) {
        open.set(key(a.device_id, a.rule), a);
      }
      for (const a of open.values()) registry.setAlertCount(a.device_id, countFor(a.device_id));
    },
    start(): void {
      registry.on('telemetry', (t) => void run(() => onTelemetry(t)));
      registry.on('change', (dev) => {
        if (dev.state === 'recording' || registry.get(dev.id)) void run(() => checkUnassigned(dev.id));
      });
      timer = setInterval(() => void run(sweep), cfg.sweepSeconds * 1000);
      timer.unref();
    },
    /** Evaluates the time-based rules now (tests, and after a hand-out or check-in). */
    sweep: () => run(sweep),
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      await chain;
    },
    /** Stored alerts, newest first (200 unless a limit is given). */
    async list(q: Partial<AlertFilter>): Promise<AlertView[]> {
      return (await alertsMatching(db, { ...q, limit: q.limit ?? 200 })).map(view);
    },
    async acknowledge(id: string, note: string | undefined, actor: string): Promise<AlertView> {
      const current = [...open.values()].find((a) => a.id === id);
      if (!current) {
        const row = await findAlert(db, id);
        if (!row) throw new NotFound(`alert ${id} does not exist`);
        throw new Conflict(`alert ${id} is already ${row.status}`);
      }
      if (current.status === 'acknowledged')
        throw new Conflict(`alert ${id} was already acknowledged by ${current.acknowledged_by}`);
      const now = new Date().toISOString();
      const row: AlertsTable = {
        ...current,
        status: 'acknowledged',
        acknowledged_by: actor,
        acknowledged_at: now,
        ack_note: note ?? null,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await acknowledgeAlert(trx, id, { by: actor, at: now, note: note ?? null });
        await audit.append(
          {
            actor,
            action: 'acknowledge',
            subjectType: 'alert',
            subjectId: id,
            detail: { rule: row.rule, deviceId: row.device_id, note: note ?? null },
          },
          trx,
        );
      });
      open.set(key(row.device_id, row.rule), row);
      changed(row);
      return view(row);
    },
  };
}
export type Alerts = ReturnType<typeof createAlerts>;
