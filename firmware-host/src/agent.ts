/**
 * The recorder agent: button → state machine → live push + MQTT state/events,
 * telemetry and commands. One instance per recorder; the sim runs several in
 * one process.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import {
  CommandPayload,
  PolicyPayload,
  PROTOCOL_VERSION,
  TimeReplyPayload,
  type TimeRequestPayload,
  parsePayload,
  rtmpPublishUrl,
  topics,
  type AvailabilityPayload,
  type TelemetryPayload,
  type DeviceEventType,
  type EventPayload,
  type HardwareProfile,
  type StatePayload,
} from '@liuhen/device-profiles';
import { signPublishKey } from '@liuhen/device-profiles/node';
import { backoffDelay } from './backoff.js';
import {
  batteryAlert,
  createCueScheduler,
  createHardware,
  createStopPolicy,
  SimHardware,
  type BatteryReading,
  type GpsFix,
  type LatLon,
  type RecorderHardware,
} from './hardware/index.js';
import { CapturePipeline, type EvidenceSegment } from './capture/capture.js';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
import { createChainWriter, loadOrCreateDeviceKeys } from '@liuhen/evidence';
import { resolveIdentity } from './enrollment.js';
import { createEventQueue } from './event-queue.js';
import { createOffloader, type Offloader } from './offload.js';
import { createSequence } from './sequence.js';
import { createOfficerAssignment } from './officer.js';
import { createSelfTest } from './self-test.js';
import { createHostSensors, createSimSensors, type Sensors } from './sensors.js';
import { buildTelemetry, DEFAULT_TELEMETRY_INTERVAL_MS, startTelemetry } from './telemetry.js';
import { createClockEstimator, sampleFromReply } from './time-sync.js';
import { initialState, transition, type RecorderInput, type RecorderState } from './state-machine.js';
import { resolveWatermarkFont } from './watermark.js';

export const FIRMWARE_VERSION = '0.1.0';

export interface AgentOptions {
  /** The recorder id. Not needed once enrolled (enrollment.json) or when `enrollment` is given. */
  deviceId?: string;
  profile: HardwareProfile;
  /** mqtt://host:1883 of the station. */
  mqttUrl: string;
  /** rtmp://host:1935 of the station. */
  rtmpUrl: string;
  /**
   * Who holds the recorder at start. Left out: the officer last set (by the
   * hand-out desk's `set-officer`) is kept across restarts.
   */
  officerId?: string | null;
  /** Where the agent keeps its sequence counter and working files (one directory per device under it). */
  dataDir: string;
  /**
   * First boot at the station: trade a one-time code for the device id and
   * credentials (POST <stationUrl>/api/enroll). Ignored once
   * `<dataDir>/enrollment.json` exists.
   */
  enrollment?: { stationUrl: string; code: string };
  /** How often the retained state is refreshed while nothing changes. */
  heartbeatMs?: number;
  /** How often the clock is synced with the station (also after every connect). */
  timeSyncIntervalMs?: number;
  /** http://station:8080: where evidence segments are offloaded. Without it footage stays on the recorder. */
  stationUrl?: string;
  /** Keep at least this much storage free by evicting acknowledged footage. */
  minFreeBytes?: number;
  /** Under this much free storage: alarm and give up the pre-record buffer (default 1 GiB). */
  storageLowBytes?: number;
  /** Under this much: stop recording rather than overwrite anything (default 256 MiB). */
  storageCriticalBytes?: number;
  /** How often storage is checked (default 10 s). */
  storageCheckMs?: number;
  /** For tests and the sim: the free storage the recorder sees. */
  freeBytes?: () => number;
  /** For tests and the sim, with `freeBytes`: the storage size (left out of telemetry when only `freeBytes` is given). */
  totalBytes?: () => number;
  /** How often telemetry is published while connected (default 5 s). */
  telemetryIntervalMs?: number;
  /** GPS module on a UART, e.g. `{ port: '/dev/liuhen-gps' }`; without it a real recorder reports no position. */
  gps?: { port: string; baudRate?: number } | null;
  /** Sim only: the point the simulated officer walks around (default near West Lake, Hangzhou). */
  simPosition?: LatLon;
  /** Buttons, LEDs and motor; by default made from the profile's io driver. */
  hardware?: RecorderHardware;
  /** Sim only: how far this recorder's clock runs ahead of the station's, ms. */
  simClockSkewMs?: number;
  ffmpegPath?: string;
  fontFile?: string;
  log?: (msg: string) => void;
  /** Called for every segment that became evidence (offload and the evidence chain hook in here). */
  onEvidence?: (seg: EvidenceSegment) => void;
}

export interface Agent {
  readonly deviceId: string;
  /** The recorder's buttons, LEDs and motor. */
  readonly hardware: RecorderHardware;
  /** The simulated buttons (press(), mark()) of a `sim` recorder; throws on real hardware. */
  readonly buttons: SimHardware;
  readonly capture: CapturePipeline;
  readonly offloader: Offloader | null;
  state(): RecorderState;
  /** Who holds the recorder now (null: back at the station). */
  officerId(): string | null;
  /** A telemetry payload as of now (what the next publish would carry). */
  telemetry(): Promise<TelemetryPayload>;
  /** Device minus station clock, ms, or null before the first sync. */
  clockOffsetMs(): number | null;
  /** Resolves once the first connection to the station is up. */
  connected(): Promise<void>;
  stop(): Promise<void>;
}

function iso(d: Date): string {
  return d.toISOString();
}

/**
 * What the agent reports for a recorder without a battery gauge (a bare Pi, a
 * dev kit on USB): such a board runs from external power, so it must not look
 * like a battery running down.
 */
const EXTERNAL_POWER: BatteryReading = { percent: 100, volts: 0, charging: true };

export async function startAgent(opts: AgentOptions): Promise<Agent> {
  const earlyLog = opts.log ?? ((m: string) => console.log(`[${opts.deviceId ?? 'enroll'}] ${m}`));
  const identity = await resolveIdentity({
    dataDir: opts.dataDir,
    ...(opts.deviceId ? { deviceId: opts.deviceId } : {}),
    ...(opts.enrollment ? { enrollment: opts.enrollment } : {}),
    profileId: opts.profile.id,
    firmwareVersion: FIRMWARE_VERSION,
    log: earlyLog,
  });
  const deviceId = identity.deviceId;
  const log = opts.log ?? ((m: string) => console.log(`[${deviceId}] ${m}`));
  // An enrolled recorder offloads to the station it enrolled with unless told otherwise.
  const stationUrl = opts.stationUrl ?? (identity.enrollment?.stationUrl || undefined);
  const deviceDir = join(opts.dataDir, deviceId);
  mkdirSync(deviceDir, { recursive: true });
  const seq = createSequence(join(deviceDir, 'event-seq.json'));
  const watermarkFile = join(deviceDir, 'watermark.txt');
  const officer = createOfficerAssignment({
    deviceId,
    file: join(deviceDir, 'officer.json'),
    watermarkFile,
    ...(opts.officerId !== undefined ? { initial: opts.officerId } : {}),
  });

  // The device key signs the evidence chain; created on first start (enrollment).
  const { keys, created } = await loadOrCreateDeviceKeys(join(deviceDir, 'keys'));
  if (created) log(`created device key ${keys.fingerprint.slice(0, 16)}…`);
  const chainWriter = await createChainWriter({
    deviceId,
    keyPair: keys,
    headFile: join(deviceDir, 'chain-head.json'),
  });

  /** Wall-clock times of important marks (long presses). */
  const marks: number[] = [];
  const offloader = stationUrl
    ? createOffloader({
        deviceId,
        stationUrl: () => stationUrl,
        evidenceDir: join(deviceDir, 'evidence'),
        log,
        minFreeBytes: opts.minFreeBytes ?? opts.storageLowBytes ?? 1024 ** 3,
        ...(opts.freeBytes ? { freeBytes: opts.freeBytes } : {}),
        publicKeyPem: keys.publicKeyPem,
        ...(identity.enrollment ? { credentials: identity.enrollment.mqtt } : {}),
      })
    : null;

  // The camera and microphone checks watch what the encoder puts out.
  const selfTest = createSelfTest();

  // One encoder from start to stop: local evidence segments with the pre-record
  // buffer, and the live stream copied from it while recording.
  const capture = new CapturePipeline({
    deviceId,
    profile: opts.profile,
    ffmpegPath: opts.ffmpegPath ?? resolveFfmpeg(),
    dir: deviceDir,
    watermark: { fontFile: resolveWatermarkFont(opts.fontFile), textFile: watermarkFile },
    // Enrolled recorders sign each publish with a key valid for an hour.
    rtmpUrl: () =>
      rtmpPublishUrl(
        opts.rtmpUrl,
        deviceId,
        identity.enrollment
          ? signPublishKey(deviceId, identity.enrollment.rtmp.secret, Math.floor(deviceNow() / 1000) + 3600)
          : undefined,
      ),
    log,
    chain: {
      writer: chainWriter,
      meta: () => ({ officerId: officer.get(), clockOffsetMs: clock.deviceMinusStationMs() }),
    },
    onMediaTag: (tag) => selfTest.observe(tag),
    onDiscard: () => offloader?.kick(),
    onEvidence: (seg) => {
      log(
        `evidence segment ${seg.name} (${seg.durationSeconds.toFixed(1)} s)${seg.recovered ? ' recovered after an encoder crash' : ''}`,
      );
      opts.onEvidence?.(seg);
      const marked = marks.some((t) => t >= seg.startedAt.getTime() && t <= seg.endedAt.getTime());
      void offloader
        ?.add({ ...seg, officerId: officer.get(), marked })
        .then(() => offloader?.evictIfNeeded())
        .catch((err: Error) => log(`could not queue ${seg.name} for offload: ${err.message}`));
    },
  });
  capture.start();
  offloader?.start();

  let state: RecorderState = initialState;
  const clock = createClockEstimator();
  // A simulated recorder can run a skewed clock to exercise drift detection.
  const deviceNow = () => Date.now() + (opts.simClockSkewMs ?? 0);
  const hardware: RecorderHardware =
    opts.hardware ?? (await createHardware(opts.profile, { log, ...(opts.gps ? { gps: opts.gps } : {}) }));
  // A sim the agent made itself gets a battery that drains with the recording and a walking GPS.
  const simulated = !opts.hardware && hardware instanceof SimHardware;
  let hasGps = simulated || Boolean(opts.gps);
  let lastFix: GpsFix | null = null;
  hardware.on('gps', (fix) => {
    hasGps = true;
    lastFix = fix;
  });
  if (simulated) {
    hardware.simulateBattery({ recording: () => state.mode === 'recording' });
    hardware.simulateGps(opts.simPosition ? { centre: opts.simPosition } : {});
  }
  const batteryNow = (): BatteryReading => hardware.lastBattery() ?? EXTERNAL_POWER;
  const sensors: Sensors = hardware.kind === 'sim' ? createSimSensors() : createHostSensors();
  const cues = createCueScheduler(hardware);
  // Stopping needs a confirming second press while the officer has an open
  // full-process step: the station says so on the retained policy topic. Kept
  // as last heard while offline (the safer side: an extra press, not a lost stop).
  const stopPolicy = createStopPolicy();
  let fullProcessOpen = false;

  const availability = (status: AvailabilityPayload['status']): AvailabilityPayload => ({
    v: PROTOCOL_VERSION,
    status,
    ts: iso(new Date()),
  });

  let connectAttempt = 0;
  const client: MqttClient = mqtt.connect(opts.mqttUrl, {
    clientId: `rec-${deviceId}`,
    // The station does not check these yet; the security work will.
    ...(identity.enrollment
      ? { username: identity.enrollment.mqtt.username, password: identity.enrollment.mqtt.password }
      : {}),
    clean: true,
    keepalive: 15,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    will: {
      topic: topics.availability(deviceId),
      payload: Buffer.from(JSON.stringify({ v: PROTOCOL_VERSION, status: 'offline' })),
      qos: 1,
      retain: true,
    },
  });

  const statePayload = (): StatePayload => ({
    v: PROTOCOL_VERSION,
    deviceId,
    profile: opts.profile.id,
    state: state.mode,
    recordingId: state.mode === 'recording' ? state.recordingId : null,
    recordingSince: state.mode === 'recording' ? iso(state.since) : null,
    officerId: officer.get(),
    batteryPercent: batteryNow().percent,
    storageFreeBytes: storageFree(deviceDir),
    firmwareVersion: FIRMWARE_VERSION,
    clockOffsetMs: clock.deviceMinusStationMs(),
    ts: iso(new Date()),
  });

  const publishState = () => {
    client.publish(topics.state(deviceId), JSON.stringify(statePayload()), { qos: 1, retain: true });
  };

  const events = createEventQueue(
    join(deviceDir, 'events.jsonl'),
    async (e) => {
      await client.publishAsync(topics.events(deviceId), JSON.stringify(e), { qos: 1 });
    },
    () => client.connected,
    log,
  );

  const publishEvent = (type: DeviceEventType, recordingId: string | null) => {
    const payload: EventPayload = {
      v: PROTOCOL_VERSION,
      deviceId,
      seq: seq.next(),
      type,
      officerId: officer.get(),
      ts: iso(new Date()),
      ...(recordingId ? { recordingId } : {}),
    };
    events.enqueue(payload);
  };

  const apply = (input: RecorderInput) => {
    const before = state;
    const t = transition(state, input, new Date(), () => randomUUID());
    state = t.state;
    // A stop belongs to the recording it ended, so take the id from before the transition.
    const recordingId =
      state.mode === 'recording' ? state.recordingId : before.mode === 'recording' ? before.recordingId : null;
    for (const e of t.events) publishEvent(e, recordingId);
    if (before.mode !== state.mode) {
      log(`recording ${state.mode === 'recording' ? 'started' : 'stopped'}`);
      cues.setRecording(state.mode === 'recording');
      // State first: the station and dashboard learn of the press before the encoder spawns.
      publishState();
      if (state.mode === 'recording') capture.beginRecording(state.recordingId, state.since.getTime());
      else capture.endRecording();
    }
  };

  hardware.on('press', () => {
    const decision = stopPolicy.decide({ recording: state.mode === 'recording', fullProcessOpen });
    if (decision === 'confirmNeeded') {
      hardware.vibrate('alarm');
      return;
    }
    apply({ type: 'press' });
  });
  hardware.on('battery', (b) => cues.setAlert('battery', batteryAlert(b)));
  hardware.on('fault', (msg) => log(`hardware: ${msg}`));
  hardware.on('mark', () => {
    marks.push(Date.now());
    publishEvent('mark.set', state.mode === 'recording' ? state.recordingId : null);
  });

  client.on('connect', () => {
    connectAttempt = 0;
    client.options.reconnectPeriod = 1000;
    client.publish(topics.availability(deviceId), JSON.stringify(availability('online')), {
      qos: 1,
      retain: true,
    });
    publishState();
    client.subscribe([topics.set(deviceId), topics['time-reply'](deviceId), topics.policy(deviceId)], { qos: 1 }, () =>
      requestTime(),
    );
    events.pump();
  });
  // mqtt.js retries at a fixed period; widen it after each failure so a
  // station outage is not hammered by every recorder at once.
  client.on('close', () => {
    client.options.reconnectPeriod = backoffDelay(connectAttempt++, 1000, 30_000);
  });
  client.on('error', (err) => log(`mqtt: ${err.message}`));
  client.on('message', (topic, payload) => {
    if (topic === topics['time-reply'](deviceId)) {
      const r = parsePayload(TimeReplyPayload, payload);
      if (r.ok) {
        offloader?.kick();
        const before = clock.deviceMinusStationMs();
        clock.add(sampleFromReply(r.value, deviceNow()));
        // Report a materially new offset at once rather than at the next heartbeat.
        const after = clock.deviceMinusStationMs();
        if (before === null || (after !== null && Math.abs(after - before) > 250)) publishState();
      }
      return;
    }
    if (topic === topics.policy(deviceId)) {
      const p = parsePayload(PolicyPayload, payload);
      if (!p.ok || p.value.deviceId !== deviceId) {
        log(`ignored invalid policy: ${p.ok ? 'for another device' : p.error}`);
        return;
      }
      if (p.value.fullProcessOpen !== fullProcessOpen) {
        fullProcessOpen = p.value.fullProcessOpen;
        log(
          fullProcessOpen
            ? `full-process step ${p.value.stepId ?? ''} open: stopping needs a confirming press`
            : 'no full-process step open: one press stops',
        );
        if (!fullProcessOpen) stopPolicy.reset();
      }
      return;
    }
    if (topic !== topics.set(deviceId)) return;
    const cmd = parsePayload(CommandPayload, payload);
    if (!cmd.ok) {
      log(`ignored invalid command: ${cmd.error}`);
      return;
    }
    const { action } = cmd.value;
    // A remote press goes through the same path as the physical button.
    if (action === 'press') hardware.emit('press');
    else if (action === 'set-officer') setOfficer(cmd.value);
    else {
      if (action === 'stop' && cmd.value.reason) log(`stopped from the station: ${cmd.value.reason}`);
      apply({ type: action });
    }
  });

  /** The hand-out desk assigns the recorder (or takes it back: null). */
  function setOfficer(cmd: { commandId: string; officerId?: string | null }): void {
    // Absent is not null: a command that forgot the field must not unassign the recorder.
    if (cmd.officerId === undefined) {
      log(`ignored set-officer ${cmd.commandId} without officerId`);
      return;
    }
    // A repeated command changes nothing but is still answered with the state, as every command is.
    if (cmd.officerId !== officer.get()) {
      log(`officer ${officer.get() ?? '-'} → ${cmd.officerId ?? '- (back at the station)'}`);
      officer.set(cmd.officerId);
    }
    publishState();
  }

  let timeSeq = 0;
  function requestTime(): void {
    if (!client.connected) return;
    const req: TimeRequestPayload = { v: PROTOCOL_VERSION, requestId: `t${++timeSeq}`, deviceSentAt: deviceNow() };
    client.publish(topics.time(deviceId), JSON.stringify(req), { qos: 0 });
  }
  const timeSync = setInterval(requestTime, opts.timeSyncIntervalMs ?? 60_000);

  // Storage: evict acknowledged footage first; when unacknowledged footage
  // fills the card, alarm and give up the pre-record buffer; at the critical
  // mark stop recording. Nothing is ever overwritten.
  const lowWater = opts.storageLowBytes ?? 1024 ** 3;
  const critical = opts.storageCriticalBytes ?? 256 * 1024 ** 2;
  const freeBytes = opts.freeBytes ?? (() => storageFree(deviceDir));
  const totalBytes = opts.totalBytes ?? (opts.freeBytes ? () => null : () => storageTotal(deviceDir));
  let storageAlarm = false;
  let stoppedForSpace = false;
  function checkStorage(): void {
    let free = freeBytes();
    if (free < lowWater && offloader) free += offloader.evictIfNeeded();
    if (free < lowWater && !storageAlarm) {
      storageAlarm = true;
      log(`storage low: ${Math.round(free / 1024 ** 2)} MiB free; alarm, pre-record buffer given up`);
      cues.setAlert('storage', true);
      hardware.vibrate('alarm');
      capture.dropPreRecord(true);
      publishEvent('storage.low', state.mode === 'recording' ? state.recordingId : null);
    }
    if (free < critical && !stoppedForSpace) {
      stoppedForSpace = true;
      log(`storage full: ${Math.round(free / 1024 ** 2)} MiB free; recording stops rather than overwrite footage`);
      if (state.mode === 'recording') apply({ type: 'stop' });
      publishEvent('storage.full', null);
      void capture.stop();
    }
    if (free >= lowWater && storageAlarm) {
      storageAlarm = false;
      cues.setAlert('storage', false);
      capture.dropPreRecord(false);
      if (stoppedForSpace) {
        stoppedForSpace = false;
        capture.start();
      }
      publishEvent('storage.ok', null);
    }
  }
  const storageWatch = setInterval(checkStorage, opts.storageCheckMs ?? 10_000);

  const heartbeat = setInterval(() => {
    if (client.connected) publishState();
  }, opts.heartbeatMs ?? 10_000);

  async function collectTelemetry(): Promise<TelemetryPayload> {
    const recording = state.mode === 'recording';
    const backlog = offloader?.backlog() ?? { segments: 0, bytes: 0 };
    return buildTelemetry({
      deviceId,
      officerId: officer.get(),
      state: state.mode,
      profile: opts.profile,
      battery: batteryNow(),
      storage: { freeBytes: freeBytes(), totalBytes: totalBytes() },
      sensors: await sensors.read({ recording }),
      clockOffsetMs: clock.deviceMinusStationMs(),
      gps: hasGps ? lastFix : undefined,
      selfTest: selfTest.result(),
      offload: { pendingSegments: backlog.segments, pendingBytes: backlog.bytes },
      now: new Date(),
    });
  }
  const telemetry = startTelemetry({
    intervalMs: opts.telemetryIntervalMs ?? DEFAULT_TELEMETRY_INTERVAL_MS,
    collect: collectTelemetry,
    // QoS 0, not retained: the next sample replaces a lost one, and a stale one must not outlive the device.
    publish: (p) => client.publish(topics.telemetry(deviceId), JSON.stringify(p), { qos: 0 }),
    connected: () => client.connected,
    log,
  });

  const firstConnect = new Promise<void>((resolve) => client.once('connect', () => resolve()));

  return {
    deviceId,
    hardware,
    get buttons(): SimHardware {
      if (!(hardware instanceof SimHardware))
        throw new Error(`${deviceId} has real buttons (profile ${opts.profile.id})`);
      return hardware;
    },
    capture,
    offloader,
    state: () => state,
    officerId: () => officer.get(),
    telemetry: collectTelemetry,
    clockOffsetMs: () => clock.deviceMinusStationMs(),
    connected: () => firstConnect,
    async stop() {
      clearInterval(heartbeat);
      telemetry.stop();
      clearInterval(storageWatch);
      clearInterval(timeSync);
      if (state.mode === 'recording') apply({ type: 'stop' });
      await capture.stop();
      await offloader?.stop();
      cues.stop();
      await hardware.close();
      if (client.connected) {
        await client.publishAsync(topics.availability(deviceId), JSON.stringify(availability('offline')), {
          qos: 1,
          retain: true,
        });
      }
      // Offline, a graceful end would wait forever for queued messages to flush;
      // events are safe in the disk queue, state is re-sent on the next start.
      await client.endAsync(!client.connected);
    },
  };
}

function storageFree(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

function storageTotal(dir: string): number {
  const s = statfsSync(dir);
  return s.blocks * s.bsize;
}
