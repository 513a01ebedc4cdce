/**
 * The recorder agent: button → state machine → live push + MQTT state/events.
 * One instance per recorder; the sim runs several in one process.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import {
  CommandPayload,
  PROTOCOL_VERSION,
  TimeReplyPayload,
  type TimeRequestPayload,
  parsePayload,
  rtmpPublishUrl,
  topics,
  type AvailabilityPayload,
  type DeviceEventType,
  type EventPayload,
  type HardwareProfile,
  type StatePayload,
} from '@liuhen/device-profiles';
import { backoffDelay } from './backoff.js';
import {
  batteryAlert,
  createCueScheduler,
  createHardware,
  createStopPolicy,
  SimHardware,
  type RecorderHardware,
} from './hardware/index.js';
import { CapturePipeline, type EvidenceSegment } from './capture/capture.js';
import { resolveFfmpeg } from '@liuhen/device-profiles';
import { createChainWriter, loadOrCreateDeviceKeys } from '@liuhen/evidence';
import { createEventQueue } from './event-queue.js';
import { createOffloader, type Offloader } from './offload.js';
import { createSequence } from './sequence.js';
import { createClockEstimator, sampleFromReply } from './time-sync.js';
import { initialState, transition, type RecorderInput, type RecorderState } from './state-machine.js';
import { resolveWatermarkFont, writeWatermarkFile } from './watermark.js';

export const FIRMWARE_VERSION = '0.1.0';

export interface AgentOptions {
  deviceId: string;
  profile: HardwareProfile;
  /** mqtt://host:1883 of the station. */
  mqttUrl: string;
  /** rtmp://host:1935 of the station. */
  rtmpUrl: string;
  officerId?: string | null;
  /** Where the agent keeps its sequence counter and working files. */
  dataDir: string;
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
  /** Device minus station clock, ms, or null before the first sync. */
  clockOffsetMs(): number | null;
  /** Resolves once the first connection to the station is up. */
  connected(): Promise<void>;
  stop(): Promise<void>;
}

function iso(d: Date): string {
  return d.toISOString();
}

export async function startAgent(opts: AgentOptions): Promise<Agent> {
  const log = opts.log ?? ((m: string) => console.log(`[${opts.deviceId}] ${m}`));
  const deviceDir = join(opts.dataDir, opts.deviceId);
  mkdirSync(deviceDir, { recursive: true });
  const seq = createSequence(join(deviceDir, 'event-seq.json'));
  const officerId = opts.officerId ?? null;
  const watermarkFile = join(deviceDir, 'watermark.txt');
  writeWatermarkFile(watermarkFile, opts.deviceId, officerId);
  const startedAt = Date.now();
  const batteryAtStart = 80 + Math.round(Math.random() * 20);

  // The device key signs the evidence chain; created on first start (enrollment).
  const { keys, created } = await loadOrCreateDeviceKeys(join(deviceDir, 'keys'));
  if (created) log(`created device key ${keys.fingerprint.slice(0, 16)}…`);
  const chainWriter = await createChainWriter({
    deviceId: opts.deviceId,
    keyPair: keys,
    headFile: join(deviceDir, 'chain-head.json'),
  });

  /** Wall-clock times of important marks (long presses). */
  const marks: number[] = [];
  const offloader = opts.stationUrl
    ? createOffloader({
        deviceId: opts.deviceId,
        stationUrl: () => opts.stationUrl!,
        evidenceDir: join(deviceDir, 'evidence'),
        log,
        minFreeBytes: opts.minFreeBytes ?? opts.storageLowBytes ?? 1024 ** 3,
        ...(opts.freeBytes ? { freeBytes: opts.freeBytes } : {}),
        publicKeyPem: keys.publicKeyPem,
      })
    : null;

  // One encoder from start to stop: local evidence segments with the pre-record
  // buffer, and the live stream copied from it while recording.
  const capture = new CapturePipeline({
    deviceId: opts.deviceId,
    profile: opts.profile,
    ffmpegPath: opts.ffmpegPath ?? resolveFfmpeg(),
    dir: deviceDir,
    watermark: { fontFile: resolveWatermarkFont(opts.fontFile), textFile: watermarkFile },
    rtmpUrl: () => rtmpPublishUrl(opts.rtmpUrl, opts.deviceId),
    log,
    chain: { writer: chainWriter, meta: () => ({ officerId, clockOffsetMs: clock.deviceMinusStationMs() }) },
    onEvidence: (seg) => {
      log(
        `evidence segment ${seg.name} (${seg.durationSeconds.toFixed(1)} s)${seg.recovered ? ' recovered after an encoder crash' : ''}`,
      );
      opts.onEvidence?.(seg);
      const marked = marks.some((t) => t >= seg.startedAt.getTime() && t <= seg.endedAt.getTime());
      void offloader
        ?.add({ ...seg, officerId, marked })
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
  const hardware: RecorderHardware = opts.hardware ?? (await createHardware(opts.profile, { log }));
  const cues = createCueScheduler(hardware);
  // Stopping needs a confirming second press while the officer has an open
  // full-process step (the station will say so with the cases issue).
  const stopPolicy = createStopPolicy();
  const fullProcessOpen = false;

  const availability = (status: AvailabilityPayload['status']): AvailabilityPayload => ({
    v: PROTOCOL_VERSION,
    status,
    ts: iso(new Date()),
  });

  let connectAttempt = 0;
  const client: MqttClient = mqtt.connect(opts.mqttUrl, {
    clientId: `rec-${opts.deviceId}`,
    clean: true,
    keepalive: 15,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    will: {
      topic: topics.availability(opts.deviceId),
      payload: Buffer.from(JSON.stringify({ v: PROTOCOL_VERSION, status: 'offline' })),
      qos: 1,
      retain: true,
    },
  });

  const statePayload = (): StatePayload => ({
    v: PROTOCOL_VERSION,
    deviceId: opts.deviceId,
    profile: opts.profile.id,
    state: state.mode,
    recordingId: state.mode === 'recording' ? state.recordingId : null,
    recordingSince: state.mode === 'recording' ? iso(state.since) : null,
    officerId,
    batteryPercent: simulatedBattery(),
    storageFreeBytes: storageFree(deviceDir),
    firmwareVersion: FIRMWARE_VERSION,
    clockOffsetMs: clock.deviceMinusStationMs(),
    ts: iso(new Date()),
  });

  function simulatedBattery(): number {
    // A sim drains about 12 %/hour, like a recorder streaming over LTE.
    const hours = (Date.now() - startedAt) / 3_600_000;
    return Math.max(5, Math.round((batteryAtStart - hours * 12) * 10) / 10);
  }

  const publishState = () => {
    client.publish(topics.state(opts.deviceId), JSON.stringify(statePayload()), { qos: 1, retain: true });
  };

  const events = createEventQueue(
    join(deviceDir, 'events.jsonl'),
    async (e) => {
      await client.publishAsync(topics.events(opts.deviceId), JSON.stringify(e), { qos: 1 });
    },
    () => client.connected,
    log,
  );

  const publishEvent = (type: DeviceEventType, recordingId: string | null) => {
    const payload: EventPayload = {
      v: PROTOCOL_VERSION,
      deviceId: opts.deviceId,
      seq: seq.next(),
      type,
      officerId,
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
    client.publish(topics.availability(opts.deviceId), JSON.stringify(availability('online')), {
      qos: 1,
      retain: true,
    });
    publishState();
    client.subscribe([topics.set(opts.deviceId), topics['time-reply'](opts.deviceId)], { qos: 1 }, () => requestTime());
    events.pump();
  });
  // mqtt.js retries at a fixed period; widen it after each failure so a
  // station outage is not hammered by every recorder at once.
  client.on('close', () => {
    client.options.reconnectPeriod = backoffDelay(connectAttempt++, 1000, 30_000);
  });
  client.on('error', (err) => log(`mqtt: ${err.message}`));
  client.on('message', (topic, payload) => {
    if (topic === topics['time-reply'](opts.deviceId)) {
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
    if (topic !== topics.set(opts.deviceId)) return;
    const cmd = parsePayload(CommandPayload, payload);
    if (!cmd.ok) {
      log(`ignored invalid command: ${cmd.error}`);
      return;
    }
    // A remote press goes through the same path as the physical button.
    if (cmd.value.action === 'press') hardware.emit('press');
    else apply({ type: cmd.value.action });
  });

  let timeSeq = 0;
  function requestTime(): void {
    if (!client.connected) return;
    const req: TimeRequestPayload = { v: PROTOCOL_VERSION, requestId: `t${++timeSeq}`, deviceSentAt: deviceNow() };
    client.publish(topics.time(opts.deviceId), JSON.stringify(req), { qos: 0 });
  }
  const timeSync = setInterval(requestTime, opts.timeSyncIntervalMs ?? 60_000);

  // Storage: evict acknowledged footage first; when unacknowledged footage
  // fills the card, alarm and give up the pre-record buffer; at the critical
  // mark stop recording. Nothing is ever overwritten.
  const lowWater = opts.storageLowBytes ?? 1024 ** 3;
  const critical = opts.storageCriticalBytes ?? 256 * 1024 ** 2;
  const freeBytes = opts.freeBytes ?? (() => storageFree(deviceDir));
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

  const firstConnect = new Promise<void>((resolve) => client.once('connect', () => resolve()));

  return {
    deviceId: opts.deviceId,
    hardware,
    get buttons(): SimHardware {
      if (!(hardware instanceof SimHardware))
        throw new Error(`${opts.deviceId} has real buttons (profile ${opts.profile.id})`);
      return hardware;
    },
    capture,
    offloader,
    state: () => state,
    clockOffsetMs: () => clock.deviceMinusStationMs(),
    connected: () => firstConnect,
    async stop() {
      clearInterval(heartbeat);
      clearInterval(storageWatch);
      clearInterval(timeSync);
      if (state.mode === 'recording') apply({ type: 'stop' });
      await capture.stop();
      offloader?.stop();
      cues.stop();
      await hardware.close();
      if (client.connected) {
        await client.publishAsync(topics.availability(opts.deviceId), JSON.stringify(availability('offline')), {
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
