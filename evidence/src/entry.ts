/**
 * Chain entries: format, canonical JSON, hashing and signing. Shared by the writer on the
 * recorder and the offline verifier, and deliberately free of any dependency but node:crypto.
 */
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { basename } from 'node:path';

export const ENTRY_VERSION = 1;
/** `prev` of the first entry a device ever writes. */
export const ZERO_HASH = '0'.repeat(64);
/** Chain file of a segment: `<segment>.chain.jsonl`, next to it. */
export const CHAIN_SUFFIX = '.chain.jsonl';

/**
 * - `init`: the segment's init part (ftyp + moov), fragmentIndex -1
 * - `fragment`: one moof + mdat (+ any boxes up to the next moof, e.g. the closing mfra)
 * - `partial`: trailing bytes that are not a whole fragment (a crash mid-write), kept rather than
 *   deleted; fragmentIndex is the index the fragment would have had (-1 if the init itself is cut)
 * - `seal`: closes a segment; covers no new bytes; `sha256` is the hash of the whole file,
 *   `byteEnd` its size and `fragmentIndex` the number of fragment and partial entries
 * - `discard`: the segment file was deleted by policy (e.g. pre-record buffer no recording
 *   claimed); repeats the seal's fields and says why in `reason`. The chain file stays, so the
 *   chain remains continuous and the deletion itself leaves a trace.
 */
export type EntryKind = 'init' | 'fragment' | 'partial' | 'seal' | 'discard';

export interface ChainEntry {
  v: 1;
  kind: EntryKind;
  deviceId: string;
  officerId: string | null;
  /** Fingerprint of the signing key: SHA-256 of its DER SPKI, hex. */
  keyId: string;
  /** Per device, from 0, +1 per entry, never reused (persisted across restarts). */
  seq: number;
  /** Segment file name (no directory). */
  segment: string;
  fragmentIndex: number;
  /** Byte range of the segment file covered by this entry, end exclusive. */
  byteStart: number;
  byteEnd: number;
  /** Wall-clock span on the device clock, ISO 8601 UTC with milliseconds. */
  start: string;
  end: string;
  /** Device clock minus station clock in ms at the time of the entry (null: never synced). */
  clockOffsetMs: number | null;
  /** SHA-256 (hex) of bytes [byteStart, byteEnd) — of the whole file for a seal. */
  sha256: string;
  /** Hash of the previous entry of this device (hex), ZERO_HASH for seq 0. */
  prev: string;
  /** Only on `discard` entries: why the file was deleted. */
  reason?: string;
  /** Ed25519 signature (base64) over the 32 raw bytes of this entry's hash. */
  sig: string;
}

export type UnsignedEntry = Omit<ChainEntry, 'sig'>;

/**
 * Canonical JSON: object keys sorted by UTF-16 code units (JavaScript's default sort), no
 * whitespace, strings escaped as JSON.stringify does, numbers must be safe integers. For the
 * values entries hold this is exactly RFC 8785 (JCS) and what `jq -cS` prints.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`canonical JSON allows only safe integers, got ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  throw new Error(`canonical JSON cannot encode ${typeof value}`);
}

/** The entry hash: SHA-256 of the UTF-8 canonical JSON of every field except `sig`. */
export function entryHashBytes(entry: UnsignedEntry | ChainEntry | Record<string, unknown>): Buffer {
  const { sig: _sig, ...rest } = entry as Record<string, unknown>;
  return createHash('sha256').update(canonicalJson(rest), 'utf8').digest();
}

export function entryHash(entry: UnsignedEntry | ChainEntry | Record<string, unknown>): string {
  return entryHashBytes(entry).toString('hex');
}

export function signEntry(unsigned: UnsignedEntry, privateKey: KeyObject): ChainEntry {
  const sig = sign(null, entryHashBytes(unsigned), privateKey).toString('base64');
  return { ...unsigned, sig };
}

export function verifyEntrySignature(entry: ChainEntry | Record<string, unknown>, publicKey: KeyObject): boolean {
  const sig = (entry as { sig?: unknown }).sig;
  if (typeof sig !== 'string') return false;
  try {
    return verify(null, entryHashBytes(entry), publicKey, Buffer.from(sig, 'base64'));
  } catch {
    return false;
  }
}

/** One line of a chain file: canonical JSON of the whole entry (sig included). */
export function serializeEntry(entry: ChainEntry): string {
  return canonicalJson(entry) + '\n';
}

export function chainFileFor(segmentPath: string): string {
  return segmentPath + CHAIN_SUFFIX;
}

export function segmentNameOf(segmentPath: string): string {
  return basename(segmentPath);
}

const HEX64 = /^[0-9a-f]{64}$/;
const KINDS: readonly string[] = ['init', 'fragment', 'partial', 'seal', 'discard'];

/** Checks the shape of a parsed chain line; returns the problem, or null when well-formed. */
export function entryShapeError(e: unknown): string | null {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return 'not a JSON object';
  const o = e as Record<string, unknown>;
  const int = (k: string, min: number) =>
    Number.isSafeInteger(o[k]) && (o[k] as number) >= min ? null : `${k} must be an integer ≥ ${min}`;
  const str = (k: string) => (typeof o[k] === 'string' && (o[k] as string).length > 0 ? null : `${k} must be a string`);
  const checks = [
    o.v === ENTRY_VERSION ? null : `unsupported version ${String(o.v)}`,
    KINDS.includes(o.kind as string) ? null : `unknown kind ${String(o.kind)}`,
    str('deviceId'),
    o.officerId === null || typeof o.officerId === 'string' ? null : 'officerId must be a string or null',
    typeof o.keyId === 'string' && HEX64.test(o.keyId) ? null : 'keyId must be 64 hex digits',
    int('seq', 0),
    str('segment'),
    int('fragmentIndex', -1),
    int('byteStart', 0),
    int('byteEnd', 0),
    str('start'),
    str('end'),
    o.clockOffsetMs === null || Number.isSafeInteger(o.clockOffsetMs) ? null : 'clockOffsetMs must be an integer',
    typeof o.sha256 === 'string' && HEX64.test(o.sha256) ? null : 'sha256 must be 64 hex digits',
    typeof o.prev === 'string' && HEX64.test(o.prev) ? null : 'prev must be 64 hex digits',
    str('sig'),
    o.reason === undefined || (o.kind === 'discard' && typeof o.reason === 'string')
      ? null
      : 'reason is only allowed, as a string, on discard entries',
  ];
  const first = checks.find((c) => c !== null);
  if (first) return first;
  if ((o.byteEnd as number) < (o.byteStart as number)) return 'byteEnd is before byteStart';
  if (Number.isNaN(Date.parse(o.start as string)) || Number.isNaN(Date.parse(o.end as string))) {
    return 'start/end are not ISO times';
  }
  return null;
}
