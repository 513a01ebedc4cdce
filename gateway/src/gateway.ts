/**
 * The station in one process: MQTT broker, RTMP ingest with station
 * recording, metadata store and HTTP API, wired together here and nowhere else.
 * The station is a list of extensions (station/lifecycle.ts) started in the
 * order below and stopped in reverse: the HTTP server first, the database last.
 *
 *   recorder ──MQTT──▶ broker ──(validated)──▶ registry ──▶ SSE ──▶ dashboard
 *   recorder ──RTMP──▶ ingest ──FLV──▶ segment recorder (ffmpeg) ──▶ MP4 + SHA-256 index
 *                          └──HTTP-FLV──▶ dashboard live tile
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROTOCOL_VERSION, topics } from '@liuhen/device-profiles';
import { publishKeyRefusal, resolveFfmpeg } from '@liuhen/device-profiles/node';
import { createServer as createTlsServer } from 'node:tls';
import { createAuth, type Auth } from './auth/accounts.js';
import { createAuditLog } from './audit/audit-log.js';
import { createMarkedMoments } from './cases/marked-moments.js';
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
import { createLegalReviewSystem } from './legal-review/index.js';
import { stopRenderPool } from './legal-review/templates/index.js';
import { createPublications } from './publicity/publications.js';
import { createVideoReleases } from './publicity/video-release.js';
import { startPortal, type Portal } from './portal/index.js';
import { createInspections } from './inspections/inspections.js';
import { createDisclosure, followOfficersPage } from './publicity/disclosure.js';
import { createSorter } from './cases/sorter.js';
import type { GatewayConfig } from './config.js';
import { migrate, openSqlite, type Db } from './db/database.js';
import { createAlerts } from './devices/alerts.js';
import { createDeviceCommands } from './devices/commands.js';
import { createDesk } from './devices/desk.js';
import { createDeviceRecordings } from './devices/device-recordings.js';
import { createEnrollment } from './devices/enrollment.js';
import { DeviceRegistry } from './devices/registry.js';
import { createStopPolicyPublisher } from './devices/stop-policy.js';
import { createRecordingIndex } from './footage/recordings.js';
import { recoverUnindexed } from './footage/recover.js';
import { createStationRecording } from './footage/station-recording.js';
import { createUploadStore } from './footage/uploads.js';
import { createQuarantine } from './footage/quarantine.js';
import { createChainRecords } from './footage/chain-records.js';
import { buildHttpApp } from './http/app.js';
import type { LiveChannel } from './http/plugins/live.js';
import { createDeviceMessages } from './station/device-messages.js';
import { createLifecycle, type Lifecycle } from './station/lifecycle.js';
import type { Ingest } from './ingest/ingest.js';
import { startNmsIngest } from './ingest/nms.js';
import { closeServer, listen } from './listen.js';
import { createLogger, type Logger } from './log.js';
import { createMqttAuth } from './mqtt-auth.js';
import { createTelemetryStore } from './telemetry/index.js';

export interface Gateway {
  ports: { mqtt: number; rtmp: number; http: number; mqttTls: number | null; portal: number | null };
  /** The public publicity portal, when portal.port opens it. */
  portalUrl: string | null;
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

export interface StartOptions {
  log?: Logger;
  /**
   * The station's clock for the publication deadlines (working days left, amber, red, breached),
   * the times written on publications and the days of the disclosure pages; the real time unless given. Tests move it across a
   * holiday instead of waiting for one.
   */
  now?: () => Date;
}

export async function startGateway(config: GatewayConfig, opts: StartOptions = {}): Promise<Gateway> {
  const log = opts.log ?? createLogger(config.log);
  checkPosture(config, log); // refuses an insecure start that is not an explicit lab
  const dataDir = resolve(config.storage.dataDir);
  const footageRoot = join(dataDir, 'footage');
  mkdirSync(footageRoot, { recursive: true });
  const ffmpegPath = resolveFfmpeg();
  const stationKey = await openStationKey(dataDir, log); // made at the first start, never replaced
  const version = readVersion();
  const tls =
    config.tls.certFile && config.tls.keyFile
      ? { cert: readTlsFile(config.tls.certFile, 'certFile'), key: readTlsFile(config.tls.keyFile, 'keyFile') }
      : undefined;

  const life = createLifecycle(log);
  try {
    return await assemble(life);
  } catch (err) {
    await life.stopAll();
    throw err;
  }

  async function assemble(life: Lifecycle): Promise<Gateway> {
    // The metadata store: everything below writes to it, so it stops last.
    const db = openSqlite(join(dataDir, config.storage.databaseFile));
    life.adopt('database', () => db.destroy());
    await migrate(db);
    const registry = new DeviceRegistry(db, log, config.devices.offlineAfterSeconds * 1000);
    await life.start({ name: 'device registry', start: () => registry.load(), stop: () => registry.stop() });
    const audit = createAuditLog(db);
    const auth = createAuth({ db, audit, config: config.auth, log });
    const demoAccounts = await checkDemoAccounts(auth);
    // Signs the audit log's head now, on a timer and as the station leaves it.
    const auditCheckpoints = createAuditCheckpoints({ db, audit, keys: stationKey, log });
    await life.start({
      name: 'audit checkpoints',
      start: () => auditCheckpoints.start(),
      stop: () => auditCheckpoints.stop(),
    });
    const recordings = createRecordingIndex(db, {
      flag: async (input) => {
        log.warn({ subject: input.subjectId, ...input.detail }, 'recorder named another officer than the desk');
        return audit.append(input);
      },
    });
    const recovered = await recoverUnindexed(footageRoot, recordings, ffmpegPath, log);
    if (recovered > 0) log.warn({ recovered }, 'indexed segments left over from an unclean stop');

    let sessionSweep: NodeJS.Timeout | undefined;
    await life.start({
      name: 'session sweep',
      start() {
        sessionSweep = setInterval(() => void auth.sweepSessions().catch(() => undefined), 3_600_000);
        sessionSweep.unref();
      },
      stop: () => clearInterval(sessionSweep),
    });

    // Footage into cases: the sorter links footage to steps and keeps coverage; reviews queue what needs a person.
    const reviews = createReviews(db, audit, config.reviews);
    const sorter = createSorter(db, reviews, config.cases, log);
    await life.start({
      name: 'sorter',
      start: () => recordings.onAdded(() => sorter.kick()),
      stop: () => sorter.stop(),
    });
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
    await life.start({
      name: 'device recordings',
      start() {
        recordings.onAdded((row) => void deviceRecordings.onFootage(row));
        registry.on('event', (e) => void deviceRecordings.onEvent(e));
        registry.on('telemetry', (t) => deviceRecordings.onTelemetry(t));
      },
      async stop() {
        deviceRecordings.stop();
        await deviceRecordings.settled();
      },
    });
    const cases = createCases({
      db,
      log,
      audit,
      sorter,
      reviews,
      footageRoot,
      config,
      version,
      publicKeyOf: (id) => registry.publicKey(id),
    });
    const legal = createLegalReviewSystem({ db, audit, config, dataDir, footageRoot });
    // Documents render in a worker thread (started on first use); ended with the gateway.
    life.adopt('document renderer', () => stopRenderPool());
    const agency = legal.legalReview.agency;
    const publications = createPublications({
      db,
      audit,
      config,
      calendar: legal.calendar,
      stationKey,
      agency,
      ...(opts.now ? { now: opts.now } : {}),
    });
    const disclosure = createDisclosure({
      db,
      audit,
      stationKey,
      config,
      agency,
      ...(opts.now ? { now: opts.now } : {}),
    });
    // The officers page follows the registry after each change (the change itself is already
    // committed either way; its answer waits a few seconds at most), at start, hourly and after midnight.
    const officersPage = followOfficersPage({ disclosure, log, ...(opts.now ? { now: opts.now } : {}) });
    cases.onRegistryChange((actor) => officersPage.registryChanged(actor));
    await life.start({ name: 'officers page', start: () => officersPage.start(), stop: () => officersPage.stop() });
    const inspections = createInspections({ db, audit, stationKey, config, calendar: legal.calendar, agency });
    // On every change to a case: the catalogue is evaluated (a hearing step ending, the major
    // mark), and a decided case gets its publication draft.
    cases.onChange((caseId) => {
      if (!caseId) return;
      void (async () => {
        await legal.legalReview.changed(caseId, 'station');
        await publications.onCaseChanged(caseId);
      })().catch((err: Error) => log.error({ caseId, err: err.message }, 'after a case change'));
    });
    const playback = createPlayback({ db, footageRoot, cacheDir: join(dataDir, 'cache', 'playback'), ffmpegPath });
    const retention = createRetention({ db, audit, footageRoot, policy: config.retention, log });
    const exports = createExportJobs({ dir: join(dataDir, 'exports'), log, station: auditCheckpoints.signing });
    await life.start({
      name: 'case exports',
      stop() {
        for (const j of exports.list()) if (j.state === 'running' || j.state === 'queued') exports.cancel(j.id);
      },
    });
    await life.start(createMarkedMoments({ db, registry, reviews, log }));
    // Video released with publications: its ffmpeg and face-detector children stop before the database.
    const videoReleases = createVideoReleases({
      db,
      audit,
      dataDir,
      dbFile: join(dataDir, config.storage.databaseFile),
      footageRoot,
      stationKey,
      log,
      redactReason: (publicationId, text) => publications.publicReason(publicationId, text),
    });
    await life.start({ name: 'video releases', start: () => videoReleases.start(), stop: () => videoReleases.stop() });

    // The MQTT broker, behind the recorders' logins and per-topic ACLs.
    const mqttAuth = createMqttAuth({
      allowAnonymous: config.mqtt.allowAnonymous,
      readers: config.mqtt.readers,
      logins: auth.recorderLogins,
    });
    const broker = await startBroker(config.mqtt, log, mqttAuth);
    life.adopt('mqtt broker', () => broker.close());
    let mqttTlsPort: number | null = null;
    if (config.tls.mqttPort >= 0 && tls) {
      // The same broker (logins, ACLs, validation) behind a TLS listener.
      const tlsServer = createTlsServer(tls, broker.handle);
      mqttTlsPort = await listen(tlsServer, config.mqtt.host, config.tls.mqttPort, ['tls', 'mqttPort']);
      life.adopt('mqtt tls listener', () => closeServer(tlsServer));
      log.info({ port: mqttTlsPort }, 'mqtt over tls listening');
    }

    // The live board, once the HTTP app (which owns it) exists.
    let channel: { current?: LiveChannel } = {};
    const telemetry = createTelemetryStore(config.telemetry, { db, log });
    life.adopt('telemetry store', () => telemetry.close());
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
    const rtmpKeys = createRtmpKeys(db);
    const enrollment = createEnrollment({
      db,
      registry,
      audit,
      config: config.desk,
      onEnrolled: async (deviceId, detail) => {
        await rtmpKeys.reload();
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
    await life.start({ name: 'hand-out desk', start: () => desk.loadHolders(), stop: () => undefined });
    await life.start({
      name: 'alerts',
      async start() {
        await alerts.load();
        alerts.start();
      },
      stop: () => alerts.stop(),
    });
    // Confirm-to-stop: each recorder's retained policy (is its officer on an open full-process step?).
    const stopPolicy = createStopPolicyPublisher({
      db,
      registry,
      broker,
      log,
      onCasesChange: (fn) => cases.onChange(fn),
    });
    await life.start({ name: 'stop policy', start: () => stopPolicy.start(), stop: () => stopPolicy.stop() });

    // RTMP ingest: a publish is checked against the recorder's signed key before it takes a stream.
    await rtmpKeys.reload();
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
          const secret = rtmpKeys.secretOf(id);
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
      rtmpKeys.replace(deviceId, rtmpSecret);
      if (ingest.isLive(deviceId)) ingest.endStream(deviceId);
    });
    // Stopping it closes the ingest, then waits for each station recorder's last segment.
    const stationRecording = await life.start(
      createStationRecording({
        ingest,
        registry,
        recordings,
        ffmpegPath,
        footageRoot,
        config: config.recording,
        log,
        onStored: (row) => channel.current?.publishRecording(row),
      }),
    );

    // Device messages arrive here only after the broker validated them.
    await life.start(
      createDeviceMessages({
        broker,
        registry,
        telemetry,
        log,
        async onState(s) {
          const before = registry.get(s.deviceId)?.state;
          await registry.applyState(s);
          void deviceRecordings.onState(s);
          if (before === 'recording' && s.state === 'standby') stationRecording.stoppedOnPurpose(s.deviceId);
        },
      }),
    );

    const built = await buildHttpApp(
      {
        config,
        registry,
        commands: createDeviceCommands({
          registry,
          broker,
          stopPolicy,
          audit,
          allowSimCommands: config.devices.allowSimCommands,
        }),
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
        documents: legal.documents,
        legalReview: legal.legalReview,
        reviewers: legal.reviewers,
        publications,
        videoReleases,
        disclosure,
        inspections,
        retention,
        exports,
        desk,
        enrollment,
        alerts,
        stopPolicy,
        telemetry,
        auth,
        startedAt: new Date(),
        version,
      },
      log,
      config.tls.https ? tls : undefined,
    );
    const app = built.app;
    channel = built.channel;

    await life.start({
      name: 'coverage checks',
      start() {
        sorter.onCoverage((stepIds) => channel.current?.publishCoverage(stepIds));
        sorter.startFinalCheck(config.cases.finalCheckSeconds * 1000);
      },
      stop: () => undefined, // the sorter's own stop ends its final check
    });
    await life.start({
      name: 'retention',
      start: () => retention.start(() => sorter.kick()),
      stop: () => retention.stop(),
    });
    const http = await life.start(httpServer(app));
    // The public publicity portal: its own listener and its own read-only database handle; off
    // unless the operator opens it (portal.port).
    let portal: Portal | undefined;
    if (config.portal.port !== -1)
      await life.start({
        name: 'publicity portal',
        async start() {
          portal = await startPortal({
            dbFile: join(dataDir, config.storage.databaseFile),
            host: config.portal.host,
            port: config.portal.port,
            baseUrl: config.portal.baseUrl,
            title: config.portal.title,
            agency: agency(),
            stationPublicKeyPem: stationKey.publicKeyPem,
            log,
          });
        },
        stop: () => portal?.stop(),
      });
    await life.start(gatewayAvailability(broker));
    const host = config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host;
    log.info(
      { mqtt: broker.port, rtmp: ingest.port, http: http.port(), portal: portal?.port, dataDir },
      'gateway ready',
    );

    return {
      ports: {
        mqtt: broker.port,
        rtmp: ingest.port,
        http: http.port(),
        mqttTls: mqttTlsPort,
        portal: portal?.port ?? null,
      },
      portalUrl: portal?.url ?? null,
      url: `${config.tls.https ? 'https' : 'http'}://${host}:${http.port()}`,
      auth,
      demoAccounts,
      stationKey: { fingerprint: stationKey.fingerprint, publicKeyPem: stationKey.publicKeyPem },
      log,
      registry,
      broker,
      ingest,
      stop: () => life.stopAll(),
    };
  }

  /** Demo accounts exist only in demo mode: a real station refuses to start while one keeps the published password. */
  async function checkDemoAccounts(auth: Auth): Promise<Gateway['demoAccounts']> {
    if (config.auth.demo) {
      const seeded = await auth.seedDemo();
      log.warn('demo mode: accounts with the published demo password exist; never run a real station like this');
      return seeded;
    }
    const demo = await auth.enabledDemoAccounts();
    if (demo.length > 0) {
      throw new Error(
        `demo accounts (${demo.join(', ')}) still have the published demo password and this station is not in demo mode: ` +
          'change their passwords or disable them (liuhen-gateway --disable-demo-users), or run the demo with LIUHEN_AUTH_DEMO=true',
      );
    }
    if ((await auth.userCount()) === 0)
      log.warn('no user accounts yet: create the first admin with `liuhen-gateway --add-user <name> --role admin`');
    return [];
  }

  /** The HTTP API and dashboard; it stops first, so no caller reaches a stopping station. */
  function httpServer(app: Awaited<ReturnType<typeof buildHttpApp>>['app']) {
    let port = config.http.port;
    return {
      name: 'http',
      port: () => port,
      async start() {
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
        if (typeof addr === 'object' && addr) port = addr.port;
      },
      stop: () => app.close(),
    };
  }
}

/** The station's retained availability: online once everything is up, offline as it stops. */
function gatewayAvailability(broker: Broker) {
  const announce = (status: 'online' | 'offline') =>
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
  return { name: 'gateway availability', start: () => announce('online'), stop: () => announce('offline') };
}

/**
 * RTMP publish secrets of enrolled recorders, held in memory (a publish check must not wait on
 * the database): loaded at start, reloaded when one enrolls, replaced at once on revocation.
 */
function createRtmpKeys(db: Db) {
  let secrets = new Map<string, string>();
  return {
    async reload() {
      secrets = await rtmpSecrets(db);
    },
    replace(deviceId: string, secret: string) {
      secrets.set(deviceId, secret);
    },
    secretOf: (deviceId: string) => secrets.get(deviceId),
  };
}
