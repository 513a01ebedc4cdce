/**
 * The station's picture of every recorder: fed by validated MQTT messages and
 * the ingest, persisted in the metadata store, and announced as `change`
 * events (the dashboard's live channel listens to them).
 */
import { EventEmitter } from 'node:events';
import type { AvailabilityPayload, EventPayload, StatePayload, TelemetryPayload } from '@liuhen/device-profiles';
import type { Db } from '../db/database.js';
import type { DevicesTable, DeviceStatus } from '../db/schema.js';
import type { Logger } from '../log.js';
import {
  allDevices,
  deviceKey,
  insertDeviceEvent,
  markAllDevicesOffline,
  saveDevice,
  setDeviceKey,
  setDeviceOnline,
} from './devices-repo.js';
import type { DeviceView } from '@liuhen/contract';

type Row = DevicesTable;

/** GA/T 947 allows 3 s of drift a day; flag at 2 s so it is fixed before it matters. */
export const MAX_CLOCK_OFFSET_MS = 2000;

export interface RegistryEvents {
  change: [DeviceView];
  event: [EventPayload];
  telemetry: [TelemetryPayload];
  /** online/offline transitions (the offline alert listens). */
  availability: [string, boolean];
}

/** Who holds the device now (open assignment), maintained by the hand-out desk. */
export interface Holder {
  officerId: string;
  unitId: string | null;
  since: string;
  assignmentId: string;
}

export class DeviceRegistry extends EventEmitter<RegistryEvents> {
  private readonly rows = new Map<string, Row>();
  private readonly live = new Set<string>();
  private readonly telemetry = new Map<string, { t: TelemetryPayload; at: number }>();
  private readonly holders = new Map<string, Holder>();
  private readonly alertCounts = new Map<string, number>();
  private sweep: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly offlineAfterMs: number,
  ) {
    super();
  }

  async load(): Promise<void> {
    const rows = await allDevices(this.db);
    // Nobody is connected right after a station start: the broker will tell us who is.
    for (const r of rows) this.rows.set(r.id, { ...r, online: 0 });
    await markAllDevicesOffline(this.db);
    this.sweep = setInterval(() => void this.markSilentOffline(), Math.min(5000, this.offlineAfterMs));
    this.sweep.unref();
  }

  stop(): void {
    if (this.sweep) clearInterval(this.sweep);
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  get(id: string): DeviceView | undefined {
    const r = this.rows.get(id);
    return r ? this.view(r) : undefined;
  }

  list(): DeviceView[] {
    return [...this.rows.values()].sort((a, b) => a.id.localeCompare(b.id)).map((r) => this.view(r));
  }

  view(r: Row): DeviceView {
    const online = r.online === 1;
    return {
      id: r.id,
      profile: r.profile,
      online,
      state: online ? r.state : 'offline',
      officerId: r.officer_id,
      batteryPercent: r.battery_percent,
      storageFreeBytes: r.storage_free_bytes,
      firmwareVersion: r.firmware_version,
      lastSeen: r.last_seen,
      live: this.live.has(r.id),
      recordingSince: online && r.state === 'recording' ? r.recording_since : null,
      clockOffsetMs: r.clock_offset_ms,
      clockDrift: r.clock_offset_ms !== null && Math.abs(r.clock_offset_ms) > MAX_CLOCK_OFFSET_MS,
      serial: r.serial ?? null,
      status: r.status ?? 'in_service',
      notes: r.notes ?? null,
      holder: this.holders.get(r.id) ?? null,
      telemetry: this.telemetryView(r.id),
      activeAlerts: this.alertCounts.get(r.id) ?? 0,
      enrolled: !!r.enrolled_at,
    };
  }

  private telemetryView(id: string): DeviceView['telemetry'] {
    const x = this.telemetry.get(id);
    if (!x) return null;
    const t = x.t;
    return {
      at: new Date(x.at).toISOString(),
      charging: t.battery.charging,
      recordableSeconds: t.storage.recordableSeconds ?? null,
      temperatureC: t.temperatureC ?? null,
      network: t.signal?.network ?? null,
      rssiDbm: t.signal?.rssiDbm ?? null,
      position: t.gps
        ? { lat: t.gps.lat, lon: t.gps.lon, accuracyM: t.gps.accuracyM ?? null, fixAt: t.gps.fixAt }
        : null,
      selfTest: t.selfTest,
      offloadPendingSegments: t.offload.pendingSegments,
      offloadPendingBytes: t.offload.pendingBytes,
    };
  }

  /** The latest telemetry and when it arrived (station clock). */
  latestTelemetry(id: string): { t: TelemetryPayload; at: number } | undefined {
    return this.telemetry.get(id);
  }

  /** Telemetry keeps the live picture current; it is stored by the telemetry store, not here. */
  applyTelemetry(t: TelemetryPayload, receivedAt = Date.now()): boolean {
    const row = this.rows.get(t.deviceId);
    if (!row) return false;
    this.telemetry.set(t.deviceId, { t, at: receivedAt });
    row.battery_percent = t.battery.percent;
    row.storage_free_bytes = t.storage.freeBytes;
    row.clock_offset_ms = t.clockOffsetMs;
    row.last_seen = new Date(receivedAt).toISOString();
    if (row.online !== 1) {
      row.online = 1;
      this.emit('availability', row.id, true);
    }
    this.emit('telemetry', t);
    this.emit('change', this.view(row));
    return true;
  }

  holder(id: string): Holder | undefined {
    return this.holders.get(id);
  }

  setHolder(id: string, holder: Holder | null): void {
    if (holder) this.holders.set(id, holder);
    else this.holders.delete(id);
    const row = this.rows.get(id);
    if (row) this.emit('change', this.view(row));
  }

  setAlertCount(id: string, n: number): void {
    if ((this.alertCounts.get(id) ?? 0) === n) return;
    this.alertCounts.set(id, n);
    const row = this.rows.get(id);
    if (row) this.emit('change', this.view(row));
  }

  /**
   * A recorder entered into the inventory before it ever connected (enrollment);
   * it becomes a known device, so its first connection and stream are accepted.
   */
  async upsertInventory(
    id: string,
    inv: { profile: string; serial?: string | null; notes?: string | null; status?: DeviceStatus; enrolledAt?: string },
  ): Promise<DeviceView> {
    const now = new Date().toISOString();
    let row = this.rows.get(id);
    const existed = row !== undefined;
    if (!row) {
      row = {
        id,
        profile: inv.profile,
        officer_id: null,
        state: 'standby',
        recording_id: null,
        recording_since: null,
        battery_percent: null,
        storage_free_bytes: null,
        firmware_version: null,
        device_time: null,
        clock_offset_ms: null,
        online: 0,
        last_seen: null,
        created_at: now,
      };
      this.rows.set(id, row);
    }
    const before = { serial: row.serial, notes: row.notes, status: row.status, enrolled_at: row.enrolled_at };
    if (inv.serial !== undefined) row.serial = inv.serial;
    if (inv.notes !== undefined) row.notes = inv.notes;
    if (inv.status !== undefined) row.status = inv.status;
    if (inv.enrolledAt !== undefined) row.enrolled_at = inv.enrolledAt;
    try {
      await saveDevice(this.db, row);
    } catch (err) {
      // A refused write (a serial another recorder holds) must not stay in memory, or every later
      // save of this recorder (a status change, a state) would repeat it and fail.
      Object.assign(row, before);
      if (!existed && this.rows.get(id) === row) this.rows.delete(id);
      throw err;
    }
    const view = this.view(row);
    this.emit('change', view);
    return view;
  }

  async applyState(s: StatePayload): Promise<void> {
    const now = new Date().toISOString();
    const prev = this.rows.get(s.deviceId);
    const row: Row = {
      id: s.deviceId,
      profile: s.profile,
      officer_id: s.officerId,
      state: s.state,
      recording_id: s.recordingId,
      recording_since: s.recordingSince,
      battery_percent: s.batteryPercent,
      storage_free_bytes: s.storageFreeBytes,
      firmware_version: s.firmwareVersion,
      device_time: s.ts,
      clock_offset_ms: s.clockOffsetMs ?? null,
      online: 1,
      last_seen: now,
      created_at: prev?.created_at ?? now,
      // Inventory facts are the station's, not the device's: a state never changes them.
      serial: prev?.serial ?? null,
      status: prev?.status ?? 'in_service',
      notes: prev?.notes ?? null,
      enrolled_at: prev?.enrolled_at ?? null,
    };
    this.rows.set(row.id, row);
    if (prev?.online !== 1) this.emit('availability', row.id, true);
    const drift = (r: Row | undefined) =>
      r?.clock_offset_ms != null && Math.abs(r.clock_offset_ms) > MAX_CLOCK_OFFSET_MS;
    if (drift(row) && !drift(prev)) {
      this.log.warn({ deviceId: row.id, clockOffsetMs: row.clock_offset_ms }, 'device clock is off by more than 2 s');
    }
    await saveDevice(this.db, row);
    this.emit('change', this.view(row));
  }

  async applyAvailability(deviceId: string, a: AvailabilityPayload): Promise<void> {
    const row = this.rows.get(deviceId);
    // Availability before any state: wait for the state to register the device.
    if (!row) return;
    const online = a.status === 'online' ? 1 : 0;
    if (row.online === online) return;
    row.online = online;
    row.last_seen = new Date().toISOString();
    await setDeviceOnline(this.db, deviceId, online, row.last_seen);
    this.emit('availability', deviceId, online === 1);
    this.emit('change', this.view(row));
  }

  /** Stores an event once; a redelivered (device, seq) is ignored. Returns whether it was new. */
  async applyEvent(e: EventPayload): Promise<boolean> {
    if (!this.rows.has(e.deviceId)) {
      this.log.warn(
        { deviceId: e.deviceId, seq: e.seq },
        'event from a device that has not sent its state yet; ignored',
      );
      return false;
    }
    const isNew = await insertDeviceEvent(this.db, {
      device_id: e.deviceId,
      seq: e.seq,
      type: e.type,
      recording_id: e.recordingId ?? null,
      officer_id: e.officerId ?? null,
      ts: e.ts,
      received_at: new Date().toISOString(),
    });
    if (isNew) this.emit('event', e);
    return isNew;
  }

  /** The key that signs this device's evidence chain, if registered. */
  publicKey(deviceId: string): Promise<{ pem: string; fingerprint: string } | null> {
    return deviceKey(this.db, deviceId);
  }

  /** Enrollment: the key the equipment manager enrolled replaces any key registered at first use. */
  async enrollKey(deviceId: string, pem: string, fingerprint: string): Promise<void> {
    await setDeviceKey(this.db, deviceId, pem, fingerprint);
  }

  /**
   * First registration wins (trust on first use) for recorders that were not
   * enrolled; a different key later is refused, never silently replaced.
   */
  async registerKey(deviceId: string, pem: string, fingerprint: string): Promise<'registered' | 'same' | 'different'> {
    const current = await this.publicKey(deviceId);
    if (current) return current.fingerprint === fingerprint ? 'same' : 'different';
    await setDeviceKey(this.db, deviceId, pem, fingerprint);
    this.log.info({ deviceId, fingerprint }, 'registered device evidence key');
    return 'registered';
  }

  setLive(deviceId: string, live: boolean): void {
    if (live === this.live.has(deviceId)) return;
    if (live) this.live.add(deviceId);
    else this.live.delete(deviceId);
    const row = this.rows.get(deviceId);
    if (row) this.emit('change', this.view(row));
  }

  private async markSilentOffline(): Promise<void> {
    const cutoff = Date.now() - this.offlineAfterMs;
    for (const row of this.rows.values()) {
      if (row.online === 1 && row.last_seen && Date.parse(row.last_seen) < cutoff) {
        this.log.info({ deviceId: row.id }, 'no message within the offline window: marking offline');
        await this.applyAvailability(row.id, { v: 1, status: 'offline' });
      }
    }
  }
}
