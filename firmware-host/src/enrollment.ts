/**
 * Enrollment: a new recorder at the station trades a one-time code from the
 * station's desk for its device id and credentials.
 *
 *   POST <station>/api/enroll  { code, publicKeyPem, profile, firmwareVersion }
 *   200 { deviceId, mqtt: { username, password }, rtmp: { secret }, stationTime }
 *   4xx { message }
 *
 * The answer is kept in `<dataDir>/enrollment.json` (mode 600: it holds the
 * credentials) and read on every later boot. The device key must be known
 * before the id is, so it is created in `<dataDir>/enrollment-keys/` and moved
 * to `<dataDir>/<deviceId>/keys/`, where the agent always looks for it, once
 * the answer is saved. Saving first means a crash in between is finished on
 * the next boot instead of asking the station again with a spent code.
 */
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { isDeviceId } from '@liuhen/device-profiles';
import { loadOrCreateDeviceKeys } from '@liuhen/evidence';
import { writeFileAtomic } from './atomic-write.js';

export const ENROLLMENT_FILE = 'enrollment.json';
export const STAGING_KEYS_DIR = 'enrollment-keys';

export interface EnrollmentAnswer {
  deviceId: string;
  mqtt: { username: string; password: string };
  rtmp: { secret: string };
  /** The station clock when it answered: ISO 8601 or ms since the epoch, kept as sent. */
  stationTime: string | number;
}

/** What enrollment.json holds: the answer, and where and when it came from. */
export interface Enrollment extends EnrollmentAnswer {
  stationUrl: string;
  enrolledAt: string;
}

export interface EnrollRequest {
  code: string;
  publicKeyPem: string;
  profile: string;
  firmwareVersion: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Checks the station's 200 answer field by field; throws naming the first bad one. */
export function parseEnrollmentAnswer(value: unknown): EnrollmentAnswer {
  const bad = (what: string) => new Error(`enrollment answer: ${what}`);
  if (!isObject(value)) throw bad('not a JSON object');
  const { deviceId, mqtt, rtmp, stationTime } = value;
  if (typeof deviceId !== 'string' || !isDeviceId(deviceId))
    throw bad(`deviceId ${JSON.stringify(deviceId)} is not a device id`);
  if (!isObject(mqtt) || !isText(mqtt.username) || typeof mqtt.password !== 'string')
    throw bad('mqtt.username and mqtt.password are required');
  if (!isObject(rtmp) || typeof rtmp.secret !== 'string') throw bad('rtmp.secret is required');
  const timeOk =
    (typeof stationTime === 'string' && !Number.isNaN(Date.parse(stationTime))) ||
    (typeof stationTime === 'number' && Number.isFinite(stationTime));
  if (!timeOk) throw bad('stationTime is not a time');
  return {
    deviceId,
    mqtt: { username: mqtt.username, password: mqtt.password },
    rtmp: { secret: rtmp.secret },
    stationTime: stationTime as string | number,
  };
}

/** The saved enrollment, or null before the first. A file that is there but unreadable is an error, not a reason to enroll again. */
export function readEnrollment(dataDir: string): Enrollment | null {
  const file = join(dataDir, ENROLLMENT_FILE);
  if (!existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message}); restore it or delete it to enroll again`);
  }
  const answer = parseEnrollmentAnswer(raw);
  const r = raw as Record<string, unknown>;
  return {
    ...answer,
    stationUrl: typeof r.stationUrl === 'string' ? r.stationUrl : '',
    enrolledAt: typeof r.enrolledAt === 'string' ? r.enrolledAt : '',
  };
}

/** The station's words from a refusal: `{message}` when it sent JSON, else the body text. */
async function refusal(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const j = JSON.parse(text) as unknown;
    if (isObject(j) && typeof j.message === 'string') return j.message;
  } catch {
    // not JSON: use the text
  }
  return text.trim() || res.statusText;
}

/** One POST to /api/enroll. Throws with the station's message on a refusal. */
export async function requestEnrollment(
  stationUrl: string,
  body: EnrollRequest,
  timeoutMs = 15_000,
): Promise<EnrollmentAnswer> {
  const url = `${stationUrl.replace(/\/+$/, '')}/api/enroll`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new Error(`enrollment: could not reach ${url}: ${(err as Error).message}`);
  }
  if (!res.ok) {
    const why = await refusal(res);
    const kind = res.status < 500 ? 'the station refused the enrollment code' : 'the station failed to enroll';
    throw new Error(`${kind}: ${why} (HTTP ${res.status})`);
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new Error(`enrollment: ${url} answered 200 without JSON`);
  }
  return parseEnrollmentAnswer(json);
}

/**
 * Puts the enrollment key where the agent looks for the device key. A device
 * dir that already has a key (the id was used on this card before) keeps it:
 * an evidence key is never replaced, its chain continues with it.
 */
function settleKeys(dataDir: string, deviceId: string, log: (msg: string) => void): void {
  const staging = join(dataDir, STAGING_KEYS_DIR);
  if (!existsSync(staging)) return;
  const target = join(dataDir, deviceId, 'keys');
  if (existsSync(target)) {
    log(
      `${target} already holds a device key; kept it. The station registered the enrollment key in ${staging}: ` +
        'the offloader registers the kept key again before its first upload.',
    );
    return;
  }
  mkdirSync(join(dataDir, deviceId), { recursive: true });
  renameSync(staging, target);
}

export interface EnrollOptions {
  dataDir: string;
  stationUrl: string;
  code: string;
  profileId: string;
  firmwareVersion: string;
  log: (msg: string) => void;
  timeoutMs?: number;
}

/** First boot: create the key, ask the station, save the answer (mode 600), move the key under the new id. */
export async function enroll(opts: EnrollOptions): Promise<Enrollment> {
  mkdirSync(opts.dataDir, { recursive: true });
  // Load-or-create: a retry after a refusal or a network error offers the same key.
  const { keys } = await loadOrCreateDeviceKeys(join(opts.dataDir, STAGING_KEYS_DIR));
  const answer = await requestEnrollment(
    opts.stationUrl,
    {
      code: opts.code,
      publicKeyPem: keys.publicKeyPem,
      profile: opts.profileId,
      firmwareVersion: opts.firmwareVersion,
    },
    opts.timeoutMs,
  );
  const enrollment: Enrollment = { ...answer, stationUrl: opts.stationUrl, enrolledAt: new Date().toISOString() };
  writeFileAtomic(join(opts.dataDir, ENROLLMENT_FILE), `${JSON.stringify(enrollment, null, 2)}\n`, {
    fsync: true,
    mode: 0o600,
  });
  settleKeys(opts.dataDir, answer.deviceId, opts.log);
  const skew = typeof answer.stationTime === 'number' ? answer.stationTime : Date.parse(answer.stationTime);
  opts.log(
    `enrolled as ${answer.deviceId} with ${opts.stationUrl} (device clock ${Math.round((Date.now() - skew) / 1000)} s off the station's)`,
  );
  return enrollment;
}

export interface IdentityOptions {
  dataDir: string;
  /** The id given on the command line; must match an existing enrollment. */
  deviceId?: string;
  enrollment?: { stationUrl: string; code: string };
  profileId: string;
  firmwareVersion: string;
  log: (msg: string) => void;
}

/**
 * Who this recorder is: from enrollment.json when there is one, else by
 * enrolling when a code is given, else the id given. Throws when none of
 * these works.
 */
export async function resolveIdentity(
  opts: IdentityOptions,
): Promise<{ deviceId: string; enrollment: Enrollment | null }> {
  const saved = readEnrollment(opts.dataDir);
  if (saved) {
    if (opts.deviceId && opts.deviceId !== saved.deviceId) {
      throw new Error(
        `${join(opts.dataDir, ENROLLMENT_FILE)} enrolls this recorder as ${saved.deviceId}, not ${opts.deviceId}: ` +
          'drop the device id, or use another data directory',
      );
    }
    if (opts.enrollment) opts.log(`already enrolled as ${saved.deviceId}; the enrollment code is not used again`);
    // Finish a key move a crash interrupted.
    settleKeys(opts.dataDir, saved.deviceId, opts.log);
    return { deviceId: saved.deviceId, enrollment: saved };
  }
  if (opts.enrollment) {
    const e = await enroll({
      dataDir: opts.dataDir,
      stationUrl: opts.enrollment.stationUrl,
      code: opts.enrollment.code,
      profileId: opts.profileId,
      firmwareVersion: opts.firmwareVersion,
      log: opts.log,
    });
    return { deviceId: e.deviceId, enrollment: e };
  }
  if (!opts.deviceId) throw new Error('no device id: give one, or an enrollment code and the station URL to enroll');
  return { deviceId: opts.deviceId, enrollment: null };
}
