/**
 * The station in one process: MQTT broker, RTMP ingest with station
 * recording, metadata store and HTTP API, wired together here and nowhere else.
 *
 *   recorder ──MQTT──▶ broker ──(validated)──▶ registry ──▶ SSE ──▶ dashboard
 *   recorder ──RTMP──▶ ingest ──FLV──▶ segment recorder (ffmpeg) ──▶ MP4 + SHA-256 index
 *                          └──HTTP-FLV──▶ dashboard live tile
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  AvailabilityPayload,
  EventPayload,
  PROTOCOL_VERSION,
  StatePayload,
  TelemetryPayload,
  TimeRequestPayload,
  type TimeReplyPayload,
  parseDeviceTopic,
  parsePayload,
  topics,
} from '@liuhen/device-profiles';
import { publishKeyRefusal, resolveFfmpeg } from '@liuhen/device-profiles/node';
import { createServer as createTlsServer } from 'node:tls';
import { createAuth, type Auth } from './auth/accounts.js';
import { createAuditLog } from './audit/audit-log.js';
import { holderAt } from './cases/owner.js';
import { officersOnDuty } from './cases/steps-repo.js';
import { rtmpSecrets } from './devices/credentials-repo.js';
import { createAuditCheckpoints, openStationKey } from './audit/checkpoints.js';
import { startBroker, type Broker } from './broker.js';
import { checkPosture } from './posture.js';
import { createCases } from './cases/cases.js';
import { createExportJobs } from './cases/export-jobs.js';
import { createPlayback } from './cases/playback.js';
import { createRetention } from './cases/retention.js';
import { createReviews } from './cases/reviews.js';
import { createSorter } from './cases/sorter.js';
import type { GatewayConfig } from './config.js';
import { migrate, openSqlite } from './db/database.js';
import { createAlerts } from './devices/alerts.js';
import { createDesk } from './devices/desk.js';
import { createDeviceRecordings } from './devices/device-recordings.js';
import { createEnrollment } from './devices/enrollment.js';
import { DeviceRegistry } from './devices/registry.js';
import { createStopPolicyPublisher } from './devices/stop-policy.js';
import { createRecordingIndex } from './footage/recordings.js';
import { recoverUnindexed } from './footage/recover.js';
import { startSegmentRecorder, type SegmentRecorder } from './footage/segment-recorder.js';
import { createUploadStore } from './footage/uploads.js';
import { createQuarantine } from './footage/quarantine.js';
import { createChainRecords } from './footage/chain-records.js';
import { buildHttpApp } from './http/app.js';
import type { LiveChannel } from './http/plugins/live.js';
import type { Ingest } from './ingest/ingest.js';
import { startNmsIngest } from './ingest/nms.js';
import { closeServer, listen } from './listen.js';
import { createLogger, type Logger } from './log.js';
import { createMqttAuth } from './mqtt-auth.js';
import { createTelemetryStore } from './telemetry/index.js';

export interface Gateway {
  ports: { mqtt: number; rtmp: number; http: number; mqttTls: number | null };
  /** http(s)://host:port of the API and dashboard. */
  url: string;
  /** Accounts, sessions and API tokens (tests and `npm start` create tokens with it). */
  auth: Auth;
  /** Demo mode only: the seeded accounts to print. */
  demoAccounts: { username: string; role: string; password: string }[];
  /** The station signing key's public half (GET /api/station/key). */
  stationKey: { fingerprint: string; publicKeyPem: string };
  log: Logger;
  registry: DeviceRegistry;
  broker: Broker;
  ingest: Ingest;
  stop(): Promise<void>;
}

/** After a device reports it stopped, give its last packets this long to arrive before closing the recording. */
const STOP_SETTLE_MS = 1500;

function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
}

function readTlsFile(file: string, setting: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`cannot read tls.${setting} ${file}: ${(err as Error).message}`);
  }
}

export async function startGateway(config: GatewayConfig, opts: { log?: Logger } = {}): Promise<Gateway> {
  const log = opts.log ?? createLogger(config.log);
  checkPosture(config, log); // refuses an insecure start that is not an explicit lab
  const dataDir = resolve(config.storage.dataDir);
  const footageRoot = join(dataDir, 'footage');
  mkdirSync(footageRoot, { recursive: true });
  const ffmpegPath = resolveFfmpeg();
  const stationKey = await openStationKey(dataDir, log); // made at the first start, never replaced

  const db = openSqlite(join(dataDir, config.storage.databaseFile));
  await migrate(db);
  const registry = new DeviceRegistry(db, log, config.devices.offlineAfterSeconds * 1000);
  await registry.load();
  const audit = createAuditLog(db);
  const recordings = createRecordingIndex(db, {
    flag: async (input) => {
      log.warn({ subject: input.subjectId, ...input.detail }, 'recorder named another officer than the desk');
      return audit.append(input);
    },
  });
  const recovered = await recoverUnindexed(footageRoot, recordings, ffmpegPath, log);
  if (recovered > 0) log.warn({ recovered }, 'indexed segments left over from an unclean stop');

  const auditCheckpoints = createAuditCheckpoints({ db, audit, keys: stationKey, log });
  const tls =
    config.tls.certFile && config.tls.keyFile
      ? { cert: readTlsFile(config.tls.certFile, 'certFile'), key: readTlsFile(config.tls.keyFile, 'keyFile') }
      : undefined;
  const auth = createAuth({ db, audit, config: config.auth, log, secureCookies: config.tls.https });
  let demoAccounts: Gateway['demoAccounts'] = [];
  if (config.auth.demo) {
    demoAccounts = await auth.seedDemo();
    log.warn('demo mode: accounts with the published demo password exist; never run a real station like this');
  } else {
    const demo = await auth.enabledDemoAccounts();
    if (demo.length > 0) {
      await db.destroy();
      throw new Error(
        `demo accounts (${demo.join(', ')}) still have the published demo password and this station is not in demo mode: ` +
          'change their passwords or disable them (liuhen-gateway --disable-demo-users), or run the demo with LIUHEN_AUTH_DEMO=true',
      );
    }
    if ((await auth.userCount()) === 0)
      log.warn('no user accounts yet: create the first admin with `liuhen-gateway --add-user <name> --role admin`');
  }
  const sessionSweep = setInterval(() => void auth.sweepSessions().catch(() => undefined), 3_600_000);
  sessionSweep.unref();
  const reviews = createReviews(db, audit, config.reviews);
  const sorter = createSorter(db, reviews, config.cases, log);
  recordings.onAdded(() => sorter.kick());
  // What the station holds of each recorder's chain: stored segments, discards, quarantined copies.
  const chainRecords = createChainRecords({
    db,
    dataDir,
    footageRoot,
    reviews,
    audit,
    log,
    publicKey: (id) => registry.publicKey(id),
  });
  // Recordings as the recorders' events tell them: recorded footage, buffer, and stops inside steps.
  const deviceRecordings = createDeviceRecordings({
    db,
    queue: (ex, kind, key) => sorter.queue(ex, kind, key),
    kick: () => sorter.kick(),
    log,
    profileOf: (id) => registry.get(id)?.profile,
    // A discard the recorder signed is checked against the recordings the station knows of.
    onChanged: (deviceId, recordingId) =>
      void chainRecords
        .checkRecording(deviceId, recordingId)
        .catch((err: Error) =>
          log.error({ deviceId, err: err.message }, 'could not check discards against a recording'),
        ),
  });
  recordings.onAdded((row) => void deviceRecordings.onFootage(row));
  registry.on('event', (e) => void deviceRecordings.onEvent(e));
  registry.on('telemetry', (t) => deviceRecordings.onTelemetry(t));
  const cases = createCases({
    db,
    audit,
    sorter,
    reviews,
    footageRoot,
    config,
    version: readVersion(),
    publicKeyOf: (id) => registry.publicKey(id),
  });
  const playback = createPlayback({ db, footageRoot, cacheDir: join(dataDir, 'cache', 'playback'), ffmpegPath });
  const retention = createRetention({ db, audit, footageRoot, policy: config.retention, log });
  const exports = createExportJobs({ dir: join(dataDir, 'exports'), log, station: auditCheckpoints.signing });
  // An important mark (重要标记) puts the moment in front of a supervisor.
  registry.on('event', (e) => {
    if (e.type !== 'mark.set') return;
    const at = Date.parse(e.ts);
    // Filed under the desk's holder then; the officer the recorder names only when the desk has no record.
    void holderAt(db, e.deviceId, new Date(at).toISOString())
      .then((holder) =>
        reviews.ensureOpen(db, {
          kind: 'marked',
          subjectId: `${e.deviceId}#${e.seq}`,
          title: `${e.deviceId} ${e.ts.slice(0, 19).replace('T', ' ')}`,
          deviceId: e.deviceId,
          officerId: holder?.officerId ?? e.officerId ?? null,
          subjectStart: new Date(at - 30_000).toISOString(),
          subjectEnd: new Date(at + 30_000).toISOString(),
          detail: { ts: e.ts, seq: e.seq, recordingId: e.recordingId ?? null, reportedOfficerId: e.officerId ?? null },
        }),
      )
      .catch((err: Error) => log.error({ err: err.message }, 'could not queue a marked moment for review'));
  });

  const cleanup: [string, () => Promise<void>][] = [
    ['database', async () => db.destroy()],
    ['session sweep', async () => clearInterval(sessionSweep)],
    ['audit checkpoints', () => auditCheckpoints.stop()],
    ['registry', async () => registry.stop()],
    ['sorter', () => sorter.stop()],
    [
      'device recordings',
      async () => {
        deviceRecordings.stop();
        await deviceRecordings.settled();
      },
    ],
    ['retention', async () => retention.stop()],
    [
      'case exports',
      async () => {
        for (const j of exports.list()) if (j.state === 'running' || j.state === 'queued') exports.cancel(j.id);
      },
    ],
  ];
  const stopAll = async () => {
    for (const [step, fn] of cleanup.reverse()) {
      log.debug({ step }, 'shutdown');
      await fn().catch((err: Error) => log.error({ step, err: err.message }, 'shutdown step failed'));
    }
  };

  try {
    const mqttAuth = createMqttAuth({
      allowAnonymous: config.mqtt.allowAnonymous,
      readers: config.mqtt.readers,
      logins: auth.recorderLogins,
    });
    const broker = await startBroker(config.mqtt, log, mqttAuth);
    cleanup.push(['mqtt broker', () => broker.close()]);
    let mqttTlsPort: number | null = null;
    if (config.tls.mqttPort >= 0 && tls) {
      // The same broker (logins, ACLs, validation) behind a TLS listener.
      const tlsServer = createTlsServer(tls, broker.handle);
      mqttTlsPort = await listen(tlsServer, config.mqtt.host, config.tls.mqttPort, ['tls', 'mqttPort']);
      cleanup.push(['mqtt tls listener', () => closeServer(tlsServer)]);
      log.info({ port: mqttTlsPort }, 'mqtt over tls listening');
    }

    // Device messages arrive here only after the broker validated them.
    await new Promise<void>((done) =>
      broker.aedes.subscribe(
        topics.allDevices(),
        (packet, cb) => {
          void handleDeviceMessage(packet.topic, packet.payload as Buffer).finally(cb);
        },
        done,
      ),
    );
    async function handleDeviceMessage(topic: string, payload: Buffer): Promise<void> {
      const receivedAt = Date.now();
      const t = parseDeviceTopic(topic);
      if (!t) return;
      try {
        if (t.kind === 'state') {
          const r = parsePayload(StatePayload, payload);
          if (r.ok) await onState(r.value);
        } else if (t.kind === 'availability') {
          const r = parsePayload(AvailabilityPayload, payload);
          if (r.ok) await registry.applyAvailability(t.deviceId, r.value);
        } else if (t.kind === 'events') {
          const r = parsePayload(EventPayload, payload);
          if (r.ok) await registry.applyEvent(r.value);
        } else if (t.kind === 'telemetry') {
          const r = parsePayload(TelemetryPayload, payload);
          if (r.ok && registry.applyTelemetry(r.value, receivedAt)) {
            telemetry.write({ ...r.value, unitId: registry.holder(t.deviceId)?.unitId ?? null, receivedAt });
          }
        } else if (t.kind === 'time') {
          const r = parsePayload(TimeRequestPayload, payload);
          if (r.ok) answerTime(t.deviceId, r.value, receivedAt);
        }
      } catch (err) {
        log.error({ topic, err: (err as Error).message }, 'could not store a device message');
      }
    }

    function answerTime(deviceId: string, req: TimeRequestPayload, receivedAt: number): void {
      const reply: TimeReplyPayload = {
        v: PROTOCOL_VERSION,
        requestId: req.requestId,
        deviceSentAt: req.deviceSentAt,
        stationReceivedAt: receivedAt,
        stationSentAt: Date.now(),
      };
      broker.aedes.publish(
        {
          cmd: 'publish',
          topic: topics['time-reply'](deviceId),
          payload: Buffer.from(JSON.stringify(reply)),
          qos: 0,
          retain: false,
          dup: false,
        },
        () => undefined,
      );
    }

    let enrolledHook: () => Promise<void> = async () => undefined;
    // Filled in once the HTTP app (which owns the live channel) exists.
    let channel: { current?: LiveChannel } = {};
    const telemetry = createTelemetryStore(config.telemetry, { db, log });
    cleanup.push(['telemetry store', () => telemetry.close()]);
    const desk = createDesk({
      db,
      registry,
      audit,
      cases,
      broker,
      config: config.desk,
      log,
      afterChange: () => void alerts.sweep(),
      credentials: auth.recorderLogins,
    });
    const enrollment = createEnrollment({
      db,
      registry,
      audit,
      config: config.desk,
      onEnrolled: async (deviceId, detail) => {
        await enrolledHook();
        await desk.enrolled(deviceId, `device:${deviceId}`, { step: 'enrolled', ...detail });
      },
      onIssued: (deviceId, actor, expiresAt) => desk.enrolled(deviceId, actor, { step: 'code issued', expiresAt }),
      credentials: auth.recorderLogins,
    });
    const alerts = createAlerts({
      db,
      registry,
      broker,
      audit,
      config: config.alerts,
      log,
      officersOnDuty: (officerIds, now) => officersOnDuty(db, officerIds, now),
      lastCheckIns: () => desk.lastCheckIns(),
      onChange: (a) => channel.current?.publishAlert(a),
    });
    await desk.loadHolders();
    await alerts.load();
    alerts.start();
    cleanup.push(['alerts', () => alerts.stop()]);
    // Confirm-to-stop: each recorder's retained policy (is its officer on an open full-process step?).
    const stopPolicy = createStopPolicyPublisher({
      db,
      registry,
      broker,
      log,
      onCasesChange: (fn) => cases.onChange(fn),
    });
    await stopPolicy.start();
    cleanup.push(['stop policy', () => stopPolicy.stop()]);

    // RTMP secrets of enrolled recorders, refreshed when one enrolls (publish checks must not wait on the database).
    let secrets = new Map<string, string>();
    const loadSecrets = async () => {
      secrets = await rtmpSecrets(db);
    };
    await loadSecrets();
    enrolledHook = loadSecrets;
    const ingest = await startNmsIngest(
      {
        host: config.rtmp.host,
        port: config.rtmp.port,
        reconnectGraceSeconds: config.rtmp.reconnectGraceSeconds,
        publishDeadlineSeconds: config.rtmp.publishDeadlineSeconds,
        prePublishMaxBytes: config.rtmp.prePublishMaxBytes,
        maxPendingConnections: config.rtmp.maxPendingConnections,
        publishRefusal: (id, query) => {
          if (!registry.has(id)) return `device ${id} is not known to this station`;
          if (registry.get(id)?.status === 'retired') return `device ${id} is retired`;
          // Enrolled recorders sign their publish keys; the others only while config allows it.
          const secret = secrets.get(id);
          if (secret) return publishKeyRefusal(id, secret, query);
          return config.rtmp.allowUnsigned
            ? null
            : `device ${id} is not enrolled: unsigned publishing is off (rtmp.allowUnsigned)`;
        },
      },
      log,
    );
    // Re-enrolled or retired: the new secret at once (old keys refused), and a stream on the old one ends.
    auth.recorderLogins.onRevoked(({ deviceId, rtmpSecret }) => {
      secrets.set(deviceId, rtmpSecret);
      if (ingest.isLive(deviceId)) ingest.endStream(deviceId);
    });
    const recorders = new Map<string, SegmentRecorder>();
    cleanup.push([
      'rtmp ingest and station recorders',
      async () => {
        await ingest.close();
        await Promise.all([...recorders.values()].map((r) => r.done));
      },
    ]);

    async function onState(s: StatePayload): Promise<void> {
      const before = registry.get(s.deviceId);
      await registry.applyState(s);
      void deviceRecordings.onState(s);
      if (before?.state === 'recording' && s.state === 'standby' && ingest.isLive(s.deviceId)) {
        // The device stopped on purpose: close the station recording now instead of waiting out the reconnect grace.
        setTimeout(() => {
          if (registry.get(s.deviceId)?.state === 'standby') ingest.endStream(s.deviceId);
        }, STOP_SETTLE_MS).unref();
      }
    }

    const built = await buildHttpApp(
      {
        config,
        registry,
        recordings,
        uploads: createUploadStore({ dataDir, footageRoot, maxBytes: config.storage.maxSegmentBytes }),
        quarantine: createQuarantine({
          dataDir,
          db,
          reviews,
          audit,
          log,
          onKept: (row, chain) => chainRecords.recordQuarantine(row, chain),
        }),
        chainRecords,
        ingest,
        broker,
        footageRoot,
        db,
        audit,
        stationKey,
        auditCheckpoints,
        cases,
        reviews,
        sorter,
        playback,
        retention,
        exports,
        desk,
        enrollment,
        alerts,
        stopPolicy,
        telemetry,
        auth,
        startedAt: new Date(),
        version: readVersion(),
      },
      log,
      config.tls.https ? tls : undefined,
    );
    const app = built.app;
    channel = built.channel;

    ingest.on('publish', (deviceId, sessionId) => {
      log.info({ deviceId, sessionId }, 'live stream started; recording at the station');
      const recorder = startSegmentRecorder({
        ffmpegPath,
        footageRoot,
        deviceId,
        sessionId,
        segmentSeconds: config.recording.segmentSeconds,
        fragmentSeconds: config.recording.fragmentSeconds,
        log,
        onSegment: async (seg) => {
          const row = await recordings.add(seg, registry.get(deviceId)?.officerId ?? null);
          log.info({ deviceId, file: seg.path, seconds: seg.durationSeconds, sha256: seg.sha256 }, 'segment stored');
          channel.current?.publishRecording(row);
        },
      });
      recorders.set(sessionId, recorder);
      void recorder.done.then(() => recorders.delete(sessionId));
      ingest.attachSink(deviceId, recorder);
      registry.setLive(deviceId, true);
    });
    ingest.on('unpublish', (deviceId) => {
      log.info({ deviceId }, 'live stream ended');
      registry.setLive(deviceId, false);
    });

    sorter.onCoverage((stepIds) => channel.current?.publishCoverage(stepIds));
    sorter.startFinalCheck(config.cases.finalCheckSeconds * 1000);
    retention.start(() => sorter.kick());
    cleanup.push(['http', () => app.close()]);
    try {
      await app.listen({ port: config.http.port, host: config.http.host });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new Error(
          `port ${config.http.port} on ${config.http.host} is already in use (setting http.port): stop the other program or choose another port with LIUHEN_HTTP_PORT=<port>`,
        );
      }
      throw err;
    }
    const addr = app.server.address();
    const httpPort = typeof addr === 'object' && addr ? addr.port : config.http.port;

    const gatewayAvailability = (status: 'online' | 'offline') =>
      new Promise<void>((done) =>
        broker.aedes.publish(
          {
            cmd: 'publish',
            topic: topics.gatewayAvailability(),
            payload: Buffer.from(JSON.stringify({ v: PROTOCOL_VERSION, status, ts: new Date().toISOString() })),
            qos: 1,
            retain: true,
            dup: false,
          },
          () => done(),
        ),
      );
    await gatewayAvailability('online');
    await auditCheckpoints.start();
    const host = config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host;
    log.info({ mqtt: broker.port, rtmp: ingest.port, http: httpPort, dataDir }, 'gateway ready');

    return {
      ports: { mqtt: broker.port, rtmp: ingest.port, http: httpPort, mqttTls: mqttTlsPort },
      url: `${config.tls.https ? 'https' : 'http'}://${host}:${httpPort}`,
      auth,
      demoAccounts,
      stationKey: { fingerprint: stationKey.fingerprint, publicKeyPem: stationKey.publicKeyPem },
      log,
      registry,
      broker,
      ingest,
      async stop() {
        await gatewayAvailability('offline');
        await stopAll();
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
