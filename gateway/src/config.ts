/**
 * Every gateway setting, with its default and a description, in one schema.
 * Zero config works; a value is overridden by the config file (YAML, see
 * `liuhen.sample.yaml`, generated from this schema) and then by environment
 * variables named LIUHEN_<SECTION>_<KEY> (e.g. LIUHEN_HTTP_PORT=9090).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Type, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { check } from '@liuhen/device-profiles';
import { parse as parseYaml } from 'yaml';

const Host = (description: string) => Type.String({ default: '0.0.0.0', description });
const Port = (def: number, description: string) =>
  Type.Integer({ minimum: 0, maximum: 65535, default: def, description: `${description} (0 picks a free port)` });

export const GatewayConfig = Type.Object(
  {
    mqtt: Type.Object(
      {
        host: Host('Address the MQTT broker listens on'),
        port: Port(1883, 'MQTT broker TCP port'),
        drainTimeoutMs: Type.Integer({
          minimum: 0,
          default: 5000,
          description:
            'Disconnect a client whose socket stays full this long, so one stuck client cannot stall the rest',
        }),
        allowAnonymous: Type.Boolean({
          default: false,
          description:
            'Accept clients without credentials. Off: only enrolled recorders (confined to their own topics) and the read-only accounts connect. On only in a lab (lab.allowInsecure): the station refuses to start otherwise',
        }),
        connectTimeoutSeconds: Type.Number({
          minimum: 1,
          maximum: 300,
          default: 10,
          description:
            'Close a connection whose login (CONNECT and its check) has not completed this long after it opened',
        }),
        preAuthMaxBytes: Type.Integer({
          minimum: 1024,
          default: 16384,
          description:
            'Bytes a connection may send before its login is accepted (the CONNECT and anything sent after it); a CONNECT announcing more, or any other first packet, closes the connection',
        }),
        maxPacketBytes: Type.Integer({
          minimum: 20480,
          default: 262144,
          description:
            'Largest MQTT packet a logged-in client may send (device payloads are at most 16 KiB); a packet announcing more closes the connection before it is read',
        }),
        maxPendingConnections: Type.Integer({
          minimum: 1,
          default: 1024,
          description: 'Connections not yet logged in, at most; a new one beyond this is closed at once',
        }),
        readers: Type.Array(
          Type.Object(
            {
              username: Type.String({ minLength: 1, maxLength: 64 }),
              passwordHash: Type.String({
                pattern: '^[0-9a-f]{32}\\$[0-9a-f]{64}$',
                description: 'scrypt salt$hash (hex), from `liuhen-gateway --hash-password`',
              }),
            },
            { additionalProperties: false },
          ),
          {
            default: [],
            description: 'Read-only MQTT accounts for dashboards and other systems (state, events, telemetry, alerts)',
          },
        ),
      },
      { default: {}, additionalProperties: false },
    ),
    rtmp: Type.Object(
      {
        host: Host('Address the RTMP ingest listens on'),
        port: Port(1935, 'RTMP ingest TCP port'),
        reconnectGraceSeconds: Type.Number({
          minimum: 0,
          maximum: 60,
          default: 10,
          description:
            'After a recorder drops its live stream, keep the station recording open this long so a reconnect continues it',
        }),
        publishDeadlineSeconds: Type.Number({
          minimum: 1,
          maximum: 600,
          default: 20,
          description:
            'Close an RTMP connection that has not started an accepted publish this long after it opened (a handshake deadline: nobody holds the port idle)',
        }),
        prePublishMaxBytes: Type.Integer({
          minimum: 16 * 1024,
          maximum: 16 * 1024 * 1024,
          default: 256 * 1024,
          description:
            'Close an RTMP connection that sends more than this many bytes before its publish is accepted (a handshake and the publish commands take a few KB; nothing unauthenticated makes the station buffer more)',
        }),
        maxPendingConnections: Type.Integer({
          minimum: 1,
          maximum: 10000,
          default: 64,
          description:
            'RTMP connections without an accepted publish held at once; a new one beyond this is closed at once (recorders already streaming do not count)',
        }),
        allowUnsigned: Type.Boolean({
          default: false,
          description:
            'Accept live streams from recorders that are not enrolled (no signed publish key). Enrolled recorders always need a valid, unexpired key. On only in a lab (lab.allowInsecure): the station refuses to start otherwise',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    http: Type.Object(
      {
        host: Host('Address the HTTP API and dashboard listen on'),
        port: Port(8080, 'HTTP API, live video and dashboard port'),
      },
      { default: {}, additionalProperties: false },
    ),
    portal: Type.Object(
      {
        host: Host('Address the public publicity portal (行政执法公示) listens on'),
        port: Type.Integer({
          minimum: -1,
          maximum: 65535,
          default: -1,
          description:
            'Public portal port, usually 8090: its own listener, no sign-in, no internal route, read-only data (-1 = off: opening it to the public is the operator’s choice; npm start opens 8090; 0 picks a free port)',
        }),
        baseUrl: Type.String({
          default: '',
          description:
            'The portal’s public https address, used in feeds, ids and links (e.g. https://gongshi.example.gov.cn); empty means its listening address',
        }),
        title: Type.String({ default: '行政执法公示', description: 'Title of the portal' }),
      },
      { default: {}, additionalProperties: false },
    ),
    publicity: Type.Object(
      {
        penaltyWorkingDays: Type.Integer({
          minimum: 1,
          maximum: 60,
          default: 7,
          description: 'Working days from a penalty or licensing decision within which its result is published',
        }),
        otherWorkingDays: Type.Integer({
          minimum: 1,
          maximum: 60,
          default: 20,
          description: 'Working days for other enforcement results',
        }),
        withdrawWorkingDays: Type.Integer({
          minimum: 1,
          maximum: 30,
          default: 3,
          description:
            'Days within which a revoked or changed decision is withdrawn (Administrative Penalty Law art. 48)',
        }),
        personStayYears: Type.Number({
          minimum: 0.1,
          default: 2,
          description: 'How long a result about a natural person stays published',
        }),
        otherStayYears: Type.Number({ minimum: 0.1, default: 5, description: 'How long other results stay published' }),
        redactionPolicyFile: Type.String({
          default: '',
          description:
            'The agency’s masking policy (YAML, see gateway/src/publicity/redaction/policy.ts); empty means the default (张某 for persons, organisations kept)',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    storage: Type.Object(
      {
        dataDir: Type.String({ default: './data', description: 'Root of the station data: database and footage' }),
        maxSegmentBytes: Type.Integer({
          minimum: 1024 * 1024,
          default: 4 * 1024 * 1024 * 1024,
          description: 'Largest recorder segment the offload accepts, bytes',
        }),
        databaseFile: Type.String({
          default: 'liuhen.sqlite',
          description: 'SQLite metadata store, relative to dataDir',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    recording: Type.Object(
      {
        segmentSeconds: Type.Integer({
          minimum: 5,
          maximum: 3600,
          default: 60,
          description: 'Length of each station MP4 segment (cut on the next keyframe)',
        }),
        fragmentSeconds: Type.Number({
          minimum: 0.2,
          maximum: 10,
          default: 1,
          description: 'Fragmented-MP4 fragment length: the most a station crash can lose',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    devices: Type.Object(
      {
        offlineAfterSeconds: Type.Integer({
          minimum: 5,
          default: 45,
          description: 'Treat a device as offline when nothing was heard from it this long (backs up the last will)',
        }),
        allowSimCommands: Type.Boolean({
          default: false,
          description:
            'Allow POST /api/devices/:id/commands to press the button of simulated (profile "sim") recorders',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    cases: Type.Object(
      {
        sortMarginMinutes: Type.Number({
          minimum: 0,
          maximum: 720,
          default: 5,
          description: 'A segment links to a step whose window, widened by this much on either side, overlaps it',
        }),
        sortMaxDistanceMeters: Type.Number({
          minimum: 0,
          default: 1000,
          description:
            'When both the segment and the step have a position, link only within this distance (0 turns the check off)',
        }),
        gapToleranceSeconds: Type.Number({
          minimum: 0,
          maximum: 600,
          default: 2,
          description: 'Breaks in footage shorter than this do not count as coverage gaps',
        }),
        requiredShare: Type.Number({
          minimum: 0,
          maximum: 1,
          default: 0.9,
          description: 'Share of its window a "required" step must have on video ("full-process" steps need all of it)',
        }),
        finalCheckSeconds: Type.Integer({
          minimum: 1,
          default: 60,
          description: 'How often steps whose window has just ended are checked for coverage gaps',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    reviews: Type.Object(
      {
        unsortedDueDays: Type.Number({ minimum: 0, default: 7, description: 'Time to sort unsorted footage by hand' }),
        coverageGapDueDays: Type.Number({
          minimum: 0,
          default: 3,
          description: 'Time to explain and decide a coverage gap',
        }),
        markedDueDays: Type.Number({
          minimum: 0,
          default: 2,
          description: 'Time for a supervisor to look at footage with an important mark',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    legalReview: Type.Object(
      {
        catalogueFile: Type.String({
          default: '',
          description:
            'The agency’s catalogue of major decisions (YAML, see gateway/src/legal-review/catalogue.sample.yaml); empty means that sample. Admins may also replace it from the dashboard (kept in the data directory)',
        }),
        agency: Type.String({
          default: '',
          description: 'The agency named on generated documents; empty means the catalogue’s `agency`',
        }),
        reviewWorkingDays: Type.Integer({
          minimum: 1,
          maximum: 60,
          default: 7,
          description: 'Working days a legal review has from the day its materials are complete (accepted)',
        }),
        decisionDays: Type.Integer({
          minimum: 1,
          maximum: 365,
          default: 90,
          description: 'Days from filing within which a penalty case is decided (Administrative Penalty Law art. 60)',
        }),
        amberWorkingDays: Type.Integer({
          minimum: 0,
          maximum: 30,
          default: 2,
          description: 'A deadline turns amber this many working days before it, red on its last working day',
        }),
        calendarFile: Type.String({
          default: '',
          description:
            'Holiday and make-up working day overrides (YAML) for years the bundled calendar does not know yet; empty means none',
        }),
        caseFileOrder: Type.Record(Type.String(), Type.Array(Type.String({ minLength: 1, maxLength: 64 })), {
          default: {},
          description:
            'Order of document kinds in the case file index (卷内目录) per case kind, e.g. { penalty: [filing-form, record, photo, …] }; a kind not listed follows the standard order',
        }),
        maxDocumentBytes: Type.Integer({
          minimum: 1024,
          default: 200 * 1024 * 1024,
          description: 'Largest document (PDF, image, audio) a case file takes in one upload',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    retention: Type.Object(
      {
        unlinkedDays: Type.Number({
          minimum: 1,
          default: 183,
          description: 'Footage linked to no case is deleted this long after it was recorded (about 6 months)',
        }),
        closedCaseYears: Type.Number({
          minimum: 0,
          default: 10,
          description: 'Footage linked to cases is kept until the last of them is closed plus this many years',
        }),
        sweepHours: Type.Number({
          minimum: 0,
          default: 24,
          description: 'Run the retention sweep this often (0 = never automatically; POST /api/retention/sweep)',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    telemetry: Type.Object(
      {
        influxUrl: Type.String({
          default: '',
          description:
            'InfluxDB 1.x to keep recorder telemetry in, as http://host:8086/<database>; empty keeps a bounded window in the station database',
        }),
        retentionDays: Type.Integer({ minimum: 1, default: 30, description: 'InfluxDB: keep raw telemetry this long' }),
        longRetentionDays: Type.Integer({
          minimum: 1,
          default: 730,
          description: 'InfluxDB: keep the downsampled telemetry this long',
        }),
        downsampleEvery: Type.String({
          default: '1m',
          pattern: '^[1-9][0-9]*[smhd]$',
          description: 'InfluxDB: the continuous query averages raw telemetry over this interval',
        }),
        embeddedWindowHours: Type.Integer({
          minimum: 1,
          default: 72,
          description: 'Without InfluxDB: hours of telemetry kept in the station database',
        }),
        embeddedMaxRowsPerDevice: Type.Integer({
          minimum: 1000,
          // A day at 1 Hz, six days at the default 5 s: bounded at about 20M rows for 200 recorders.
          default: 100000,
          description: 'Without InfluxDB: at most this many telemetry rows per recorder',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    desk: Type.Object(
      {
        minBatteryPercent: Type.Number({
          minimum: 0,
          maximum: 100,
          default: 60,
          description: 'Hand-out self-test: the recorder needs at least this much battery',
        }),
        minRecordHours: Type.Number({
          minimum: 0,
          default: 4,
          description: 'Hand-out self-test: free storage must hold at least this many hours at the recorder bitrate',
        }),
        maxClockOffsetMs: Type.Integer({
          minimum: 0,
          default: 2000,
          description: 'Hand-out self-test: the recorder clock may be off by at most this much',
        }),
        telemetryMaxAgeSeconds: Type.Integer({
          minimum: 1,
          default: 30,
          description: 'Hand-out self-test: the recorder must have reported within this long (it is on and connected)',
        }),
        oneDevicePerOfficer: Type.Boolean({
          default: true,
          description: 'An officer holds at most one recorder at a time',
        }),
        enrollmentCodeHours: Type.Number({
          minimum: 0.1,
          default: 24,
          description: 'An enrollment code is valid this long',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    alerts: Type.Object(
      {
        offlineMinutes: Type.Number({ minimum: 0, default: 2, description: 'An assigned recorder offline this long' }),
        batteryPercent: Type.Number({ minimum: 0, maximum: 100, default: 15, description: 'Battery under this' }),
        storageHours: Type.Number({ minimum: 0, default: 1, description: 'Less recording time left than this' }),
        clockOffsetMs: Type.Integer({ minimum: 0, default: 2000, description: 'Recorder clock off by more than this' }),
        notRecordingGraceSeconds: Type.Integer({
          minimum: 0,
          default: 60,
          description:
            'A recorder not recording while its officer has an open full-process or required step, for longer than this',
        }),
        offloadHours: Type.Number({
          minimum: 0,
          default: 24,
          description: 'Footage still not offloaded this long after check-in (the 24-hour upload rule)',
        }),
        sweepSeconds: Type.Number({
          minimum: 0.2,
          default: 5,
          description: 'How often the time-based rules (offline, not recording, offload) are checked',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    log: Type.Object(
      {
        level: Type.Union(
          ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
          { default: 'info', description: 'Log level' },
        ),
        format: Type.Union(
          (['auto', 'pretty', 'json'] as const).map((f) => Type.Literal(f)),
          {
            default: 'auto',
            description:
              'How log lines are written: pretty (readable, for people), json (one object a line, for journald, files and log collectors), or auto: pretty when stdout is a terminal, json otherwise',
          },
        ),
        repeatsPerMinute: Type.Integer({
          minimum: 0,
          default: 10,
          description:
            'Identical warning and error lines logged more often than this in a minute are folded: the first ones as they come, the rest counted into one line with "repeated" at the end of the minute; 0 logs every line',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    lab: Type.Object(
      {
        allowInsecure: Type.Boolean({
          default: false,
          description:
            'A lab, never a real station: allow mqtt.allowAnonymous, rtmp.allowUnsigned and auth.allowUnenrolledUploads. Each open setting is logged as a warning at every start',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    auth: Type.Object(
      {
        demo: Type.Boolean({
          default: false,
          description:
            'Demo station: seed one account per role with the printed demo password. Never on a real station: outside demo mode the gateway refuses to start while a demo account is enabled',
        }),
        sessionHours: Type.Number({
          minimum: 0.1,
          maximum: 24 * 30,
          default: 12,
          description: 'A dashboard session ends this long after sign-in (one shift)',
        }),
        idleMinutes: Type.Number({
          minimum: 1,
          default: 60,
          description: 'A dashboard session ends after this long without a request',
        }),
        loginAttemptsPerMinute: Type.Integer({
          minimum: 1,
          default: 10,
          description: 'Sign-in attempts one client address may make per minute; more are answered 429',
        }),
        lockoutFailures: Type.Integer({
          minimum: 1,
          default: 5,
          description: 'Failed sign-ins in a row that lock an account',
        }),
        lockoutMinutes: Type.Number({
          minimum: 0.01,
          default: 15,
          description: 'How long a locked account stays locked (an admin can unlock it sooner)',
        }),
        minPasswordLength: Type.Integer({ minimum: 8, default: 10, description: 'Shortest password accepted' }),
        deviceLoginFailuresPerMinute: Type.Integer({
          minimum: 1,
          default: 10,
          description:
            'Failed recorder logins (HTTP Basic or MQTT, and MQTT read-only accounts) one client address, and one user name, may have per minute; past that a login is refused without checking its password (HTTP 429 with Retry-After, MQTT CONNACK "server unavailable"). Credentials that already verified are let in regardless',
        }),
        allowUnenrolledUploads: Type.Boolean({
          default: false,
          description:
            'Accept footage uploads (and a first evidence key) from recorders that are not enrolled. Enrolled recorders always sign in with theirs. On only in a lab (lab.allowInsecure): the station refuses to start otherwise',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    tls: Type.Object(
      {
        certFile: Type.String({ default: '', description: 'PEM certificate (chain) for HTTPS and MQTT over TLS' }),
        keyFile: Type.String({ default: '', description: 'PEM private key of certFile' }),
        https: Type.Boolean({
          default: false,
          description:
            'Serve the API and dashboard over HTTPS on http.port (needs certFile and keyFile); session cookies are then Secure',
        }),
        mqttPort: Type.Integer({
          minimum: -1,
          maximum: 65535,
          default: -1,
          description: 'MQTT over TLS port, usually 8883 (-1 = off; 0 picks a free port; needs certFile and keyFile)',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    dashboard: Type.Object(
      {
        dir: Type.String({
          default: '',
          description: 'Built dashboard to serve at /; empty means the dashboard/dist folder of this install',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type GatewayConfig = Static<typeof GatewayConfig>;

export const CONFIG_FILE_ENV = 'LIUHEN_CONFIG';
export const DEFAULT_CONFIG_FILE = 'liuhen.yaml';

/** `LIUHEN_HTTP_PORT` ↔ `http.port`, `LIUHEN_STORAGE_DATA_DIR` ↔ `storage.dataDir`. */
export function envName(section: string, key: string): string {
  const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  return `LIUHEN_${snake(section)}_${snake(key)}`;
}

function coerce(schema: TSchema, raw: string): unknown {
  const t = (schema as { type?: string }).type;
  if (t === 'integer' || t === 'number') return raw.trim() === '' ? raw : Number(raw);
  if (t === 'boolean') return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
  if (t === 'array') {
    // Lists come as JSON in the environment, e.g. LIUHEN_MQTT_READERS='[{"username":"cc","passwordHash":"…"}]'.
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  return raw;
}

function sections(): [string, TObject][] {
  return Object.entries(GatewayConfig.properties) as [string, TObject][];
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Explicit file; otherwise LIUHEN_CONFIG, otherwise ./liuhen.yaml when it exists. */
  file?: string;
  /** Applied last, for tests and embedding. */
  overrides?: DeepPartial<GatewayConfig>;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Keys that would reach Object.prototype when merged: refused wherever they appear. */
function refuseForbiddenKeys(value: unknown, where: string, path = ''): void {
  if (typeof value !== 'object' || value === null) return;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key))
      throw new Error(`invalid setting ${settingName(`${path}${key}`)} (from ${where}): this key is not allowed`);
    refuseForbiddenKeys((value as Record<string, unknown>)[key], where, `${path}${key}.`);
  }
}

const isPlainMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  [Object.prototype, null].includes(Object.getPrototypeOf(v));

/**
 * Refuses a value whose shape is not the one its schema asks for: a list where a mapping goes, a
 * mapping where a list goes, or a YAML !!set, !!omap, !!binary or !!timestamp anywhere (they parse to
 * Set, Map, Uint8Array and Date, which validation would read as empty mappings).
 */
function refuseWrongShape(schema: TSchema, value: unknown, path: string, from: string | undefined): void {
  const fail = (what: string) => {
    throw new Error(`invalid setting ${settingName(path)}${from ? ` (from ${from})` : ''}: ${what}`);
  };
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !isPlainMapping(value))
    fail(
      `must be a plain mapping, list or value, not a ${value.constructor?.name ?? 'special object'} (a YAML tag such as !!set or !!omap)`,
    );
  const type = (schema as { type?: string }).type;
  if (type === 'array') {
    if (!Array.isArray(value)) fail('must be a list');
    const items = (schema as { items?: TSchema }).items;
    if (items) (value as unknown[]).forEach((item, i) => refuseWrongShape(items, item, `${path}.${i}`, from));
  } else if (type === 'object') {
    if (!isPlainMapping(value)) fail('must be a mapping');
    const o = schema as { properties?: Record<string, TSchema>; patternProperties?: Record<string, TSchema> };
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const inner = o.properties?.[k] ?? Object.values(o.patternProperties ?? {})[0];
      if (inner) refuseWrongShape(inner, v, `${path}.${k}`, from);
    }
  } else if (Array.isArray(value) && type !== undefined) fail(`must be a ${type}, not a list`);
}

/** "/mqtt/readers/0/passwordHash: message" → [["mqtt","readers","0","passwordHash"], "message"] (JSON pointer unescaped). */
function splitCheckError(error: string): [string[], string] {
  const at = error.indexOf(': ');
  const pointer = at >= 0 ? error.slice(0, at) : error;
  const segments = pointer
    .replace(/^\//, '')
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return [segments, at >= 0 ? error.slice(at + 2) : error];
}

/** A setting's name as shown in errors; one with characters that would blur the message comes in JSON quotes. */
function settingName(path: string): string {
  return /[:()"\s]/.test(path) ? JSON.stringify(path) : path;
}

/** Loads and validates the configuration; throws an error naming the bad setting and where it came from. */
export function loadConfig(opts: LoadConfigOptions = {}): GatewayConfig {
  const env = opts.env ?? process.env;
  const merged: Record<string, Record<string, unknown>> = Object.create(null) as Record<
    string,
    Record<string, unknown>
  >;
  const origin = new Map<string, string>();

  const file = opts.file ?? env[CONFIG_FILE_ENV] ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (file) {
    let parsed: unknown;
    try {
      parsed = parseYaml(readFileSync(resolve(file), 'utf8')) ?? {};
    } catch (err) {
      throw new Error(`cannot read config file ${file}: ${(err as Error).message}`);
    }
    if (!isPlainMapping(parsed)) {
      throw new Error(`config file ${file} must be a YAML mapping of sections (mqtt:, http:, ...)`);
    }
    refuseForbiddenKeys(parsed, `config file ${file}`);
    for (const [section, values] of Object.entries(parsed)) {
      if (!Object.hasOwn(GatewayConfig.properties, section)) {
        throw new Error(
          `config file ${file}: unknown section "${section}"; known: ${Object.keys(GatewayConfig.properties).join(', ')}`,
        );
      }
      if (!isPlainMapping(values)) throw new Error(`config file ${file}: "${section}" must be a mapping`);
      merged[section] = { ...(values as Record<string, unknown>) };
      for (const key of Object.keys(values)) origin.set(`${section}.${key}`, `config file ${file}`);
    }
  }

  for (const [section, schema] of sections()) {
    for (const [key, prop] of Object.entries(schema.properties)) {
      const name = envName(section, key);
      const raw = env[name];
      if (raw === undefined) continue;
      (merged[section] ??= {})[key] = coerce(prop, raw);
      origin.set(`${section}.${key}`, `environment variable ${name}`);
    }
  }

  refuseForbiddenKeys(opts.overrides, 'overrides');
  for (const [section, values] of Object.entries(opts.overrides ?? {})) {
    merged[section] = { ...(merged[section] ?? {}), ...(values as Record<string, unknown>) };
    for (const key of Object.keys(values ?? {})) origin.set(`${section}.${key}`, 'overrides');
  }

  // Defaults fill what is missing; they must never stand in for a value of the wrong shape
  // (TypeBox's Value.Default turns a list or a YAML !!set given for a mapping into {}).
  for (const [section, schema] of sections()) {
    for (const [key, prop] of Object.entries(schema.properties)) {
      const v = merged[section]?.[key];
      if (v !== undefined) refuseWrongShape(prop, v, `${section}.${key}`, origin.get(`${section}.${key}`));
    }
  }
  const withDefaults = Value.Default(GatewayConfig, { ...merged });
  const r = check(GatewayConfig, withDefaults);
  if (!r.ok) {
    // The structured error: a key may itself contain ": " or "/", which the text form blurs.
    const first = Value.Errors(GatewayConfig, withDefaults).First();
    const [segments, message] = first
      ? [
          first.path
            .replace(/^\//, '')
            .split('/')
            .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')),
          first.message,
        ]
      : splitCheckError(r.error);
    // A nested setting (mqtt.readers.0.passwordHash) comes from where its top-level key came from.
    const from = segments.length >= 2 ? origin.get(`${segments[0]}.${segments[1]}`) : undefined;
    throw new Error(`invalid setting ${settingName(segments.join('.'))}${from ? ` (from ${from})` : ''}: ${message}`);
  }
  const tls = r.value.tls;
  if ((tls.https || tls.mqttPort >= 0) && (!tls.certFile || !tls.keyFile)) {
    const on = tls.https ? 'tls.https' : 'tls.mqttPort';
    const from = origin.get(on);
    throw new Error(
      `invalid setting ${on}${from ? ` (from ${from})` : ''}: TLS is on but tls.certFile and tls.keyFile are not both set: give the PEM certificate and key (LIUHEN_TLS_CERT_FILE, LIUHEN_TLS_KEY_FILE)`,
    );
  }
  return r.value;
}

/** The sample config file: every setting at its default, with its description. */
export function renderSampleConfig(): string {
  const lines = [
    '# liuhen gateway configuration. Every setting is shown at its default;',
    '# the gateway runs with no config file at all. Copy to liuhen.yaml (or point',
    `# ${CONFIG_FILE_ENV} at a file) and change what you need. Each setting can also be`,
    '# set by an environment variable, shown after "env:".',
    '',
  ];
  for (const [section, schema] of sections()) {
    lines.push(`${section}:`);
    for (const [key, prop] of Object.entries(schema.properties)) {
      const p = prop as { description?: string; default?: unknown };
      lines.push(`  # ${p.description ?? ''} (env: ${envName(section, key)})`);
      lines.push(`  ${key}: ${JSON.stringify(p.default)}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
