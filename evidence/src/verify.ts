/**
 * Offline verification of a folder of segments and their chain files.
 *
 * Needs nothing but the folder and the device's public key: it checks that every byte of every
 * segment is covered by exactly one entry, every hash, every `prev` link (across segments, in seq
 * order), every signature, seq continuity, and that files and chain agree. It reads each segment
 * once, sequentially, hashing as it goes.
 */
import { createHash, type Hash, type KeyObject } from 'node:crypto';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { parseChainText } from './chain.js';
import { CHAIN_SUFFIX, ZERO_HASH, entryHash, verifyEntrySignature, type ChainEntry } from './entry.js';
import { loadPublicKey } from './keys.js';
import { isSegmentFile } from './pipeline.js';
import { isMediaEntry, segmentLayout } from './layout.js';

export type Severity = 'error' | 'warning' | 'info';

export const PROBLEM_LABELS = {
  TAMPERED: 'TAMPERED 篡改',
  BAD_SIGNATURE: 'BAD SIGNATURE 签名无效',
  UNKNOWN_KEY: 'UNKNOWN KEY 密钥不符',
  NO_KEY: 'NO PUBLIC KEY 无公钥',
  KEY_FROM_FOLDER: 'KEY FROM FOLDER 公钥取自文件夹',
  BROKEN_LINK: 'BROKEN LINK 链断裂',
  MISSING_ENTRIES: 'MISSING 缺失',
  DUPLICATE_SEQ: 'DUPLICATE 序号重复',
  UNCOVERED: 'UNCOVERED 未覆盖',
  OVERLAP: 'OVERLAP 重叠',
  UNHASHED_TAIL: 'UNHASHED BYTES 未入链字节',
  TRUNCATED: 'TRUNCATED 截短',
  MISSING_FILE: 'MISSING FILE 文件缺失',
  UNCHAINED: 'UNCHAINED 未入链',
  MISPLACED: 'MISPLACED 错位',
  MALFORMED: 'MALFORMED 格式错误',
  UNSEALED: 'UNSEALED 未封存',
  PARTIAL: 'PARTIAL FRAGMENT 不完整片段',
  CLOCK_BACKWARDS: 'CLOCK BACKWARDS 时钟回拨',
  CHAIN_STARTS_MIDWAY: 'CHAIN STARTS MID-WAY 链起点不在此',
  DISCARDED: 'DISCARDED BY POLICY 按规则删除',
} as const;
export type ProblemCode = keyof typeof PROBLEM_LABELS;

export interface Problem {
  severity: Severity;
  code: ProblemCode;
  label: string;
  message: string;
  deviceId?: string;
  segment?: string;
  fragmentIndex?: number;
  kind?: string;
  seq?: number;
  /** Wall-clock span (device clock, ISO) of the affected fragment(s). */
  start?: string;
  end?: string;
  byteStart?: number;
  byteEnd?: number;
  /** File (relative to the folder) and line, for chain-file problems. */
  file?: string;
  line?: number;
}

export interface SegmentSummary {
  segment: string;
  /** Relative to the verified folder; null when the file is missing. */
  file: string | null;
  bytes: number | null;
  deviceId: string | null;
  officerIds: (string | null)[];
  fragments: number;
  start: string | null;
  end: string | null;
  sealed: boolean;
  /** Deleted by policy, with a signed discard entry. */
  discarded: boolean;
  ok: boolean;
}

export interface DeviceSummary {
  deviceId: string;
  keyIds: string[];
  entries: number;
  firstSeq: number;
  lastSeq: number;
  start: string;
  end: string;
  /** Last entry in the folder: compare with the station's record of the device's chain head. */
  head: { seq: number; hash: string };
}

export interface VerifyReport {
  ok: boolean;
  folder: string;
  verifiedAt: string;
  keys: { fingerprint: string; source: string; trusted: boolean }[];
  devices: DeviceSummary[];
  segments: SegmentSummary[];
  /** Errors first, each group in time order. */
  problems: Problem[];
  /** The earliest (by wall-clock time) error that points at a fragment. */
  firstBad: Problem | null;
  counts: { errors: number; warnings: number; infos: number };
  stats: { segments: number; entries: number; bytesHashed: number; ms: number; mbPerSec: number };
}

export interface VerifyOptions {
  /**
   * Trusted public keys (e.g. from the enrollment record). Without them, `*.pub.pem` files found
   * in the folder are used and the report says so.
   */
  publicKeys?: { key: KeyObject; fingerprint: string; source?: string }[];
  /** Report seq gaps as warnings (a folder holding only part of a device's footage). */
  allowGaps?: boolean;
}

interface LocEntry {
  e: ChainEntry;
  hash: string;
  file: string;
  line: number;
  sigOk: boolean | null;
}

interface SegmentGroup {
  name: string;
  /** Absolute path where the segment file is expected (next to its chain file). */
  path: string;
  chainFile: string;
  entries: LocEntry[];
}

const label = (code: ProblemCode) => PROBLEM_LABELS[code];

function locate(le: LocEntry): Partial<Problem> {
  const { e } = le;
  return {
    deviceId: e.deviceId,
    segment: e.segment,
    fragmentIndex: e.fragmentIndex,
    kind: e.kind,
    seq: e.seq,
    start: e.start,
    end: e.end,
    byteStart: e.byteStart,
    byteEnd: e.byteEnd,
  };
}

async function walk(dir: string, out: string[]): Promise<void> {
  for (const ent of await readdir(dir, { withFileTypes: true })) {
    if (ent.name.startsWith('.')) continue;
    const p = join(dir, ent.name);
    if (ent.isDirectory()) await walk(p, out);
    else if (ent.isFile()) out.push(p);
  }
}

/** Hashes byte ranges of a file (and optionally the whole file) in one sequential pass. */
export async function hashRanges(
  path: string,
  ranges: { start: number; end: number }[],
  wantWhole: boolean,
): Promise<{ size: number; hashes: (string | null)[]; whole: string | null }> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const hashes: (Hash | null)[] = ranges.map((r) => (r.end <= size ? createHash('sha256') : null));
    const whole = wantWhole ? createHash('sha256') : null;
    const cuts = [...new Set([0, size, ...ranges.flatMap((r) => [r.start, r.end]).filter((x) => x <= size)])].sort(
      (a, b) => a - b,
    );
    const buf = Buffer.allocUnsafe(4 << 20);
    for (let c = 0; c + 1 < cuts.length; c++) {
      const from = cuts[c]!;
      const to = cuts[c + 1]!;
      const active = ranges.flatMap((r, i) => (r.start <= from && r.end >= to && hashes[i] ? [hashes[i]] : []));
      let pos = from;
      while (pos < to) {
        const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, to - pos), pos);
        if (bytesRead === 0) throw new Error(`${path}: unexpected end of file at ${pos}`);
        const chunk = buf.subarray(0, bytesRead);
        whole?.update(chunk);
        for (const h of active) h.update(chunk);
        pos += bytesRead;
      }
    }
    return { size, hashes: hashes.map((h) => (h ? h.digest('hex') : null)), whole: whole ? whole.digest('hex') : null };
  } finally {
    await fh.close();
  }
}

export async function verifyFolder(folder: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const t0 = performance.now();
  const root = resolve(folder);
  const rel = (p: string) => relative(root, p) || basename(p);
  const problems: Problem[] = [];
  const add = (severity: Severity, code: ProblemCode, message: string, extra: Partial<Problem> = {}) =>
    problems.push({ severity, code, label: label(code), message, ...extra });

  const files: string[] = [];
  await walk(root, files);
  files.sort();

  // ---- keys ----
  const keys = new Map<string, { key: KeyObject; source: string; trusted: boolean }>();
  if (opts.publicKeys?.length) {
    for (const k of opts.publicKeys)
      keys.set(k.fingerprint, { key: k.key, source: k.source ?? 'given', trusted: true });
  } else {
    for (const f of files.filter((f) => f.endsWith('.pub.pem'))) {
      try {
        const k = await loadPublicKey(f);
        keys.set(k.fingerprint, { key: k.key, source: rel(f), trusted: false });
      } catch (e) {
        add('warning', 'MALFORMED', `${rel(f)} is not an Ed25519 public key: ${(e as Error).message}`, {
          file: rel(f),
        });
      }
    }
    if (keys.size === 0) {
      add(
        'error',
        'NO_KEY',
        'no public key given (--pubkey) and no device.pub.pem in the folder: signatures unchecked',
      );
    } else {
      add(
        'warning',
        'KEY_FROM_FOLDER',
        `public key taken from the folder itself (${[...keys.values()].map((k) => k.source).join(', ')}): ` +
          'it proves the files match that key; compare its fingerprint with the enrollment record ' +
          '(与登记记录核对公钥指纹) or pass --pubkey',
      );
    }
  }

  // ---- chain files ----
  const groups: SegmentGroup[] = [];
  const all: LocEntry[] = [];
  for (const chainFile of files.filter((f) => f.endsWith(CHAIN_SUFFIX))) {
    const segPath = chainFile.slice(0, -CHAIN_SUFFIX.length);
    const name = basename(segPath);
    const parsed = parseChainText(await readFile(chainFile, 'utf8'));
    for (const b of parsed.bad) {
      add('error', 'MALFORMED', `${rel(chainFile)} line ${b.line}: ${b.reason}`, {
        file: rel(chainFile),
        line: b.line,
        segment: name,
      });
    }
    const group: SegmentGroup = { name, path: segPath, chainFile, entries: [] };
    let misplaced = 0;
    for (const [i, e] of parsed.entries.entries()) {
      const line = parsed.lines[i]!;
      const le: LocEntry = { e, hash: entryHash(e), file: rel(chainFile), line, sigOk: null };
      if (e.segment !== name) misplaced++;
      group.entries.push(le);
      all.push(le);
    }
    if (misplaced) {
      const first = group.entries.find((le) => le.e.segment !== name)!;
      add(
        'error',
        'MISPLACED',
        `${rel(chainFile)} holds ${misplaced} entr${misplaced === 1 ? 'y' : 'ies'} signed for segment ` +
          `"${first.e.segment}", not "${name}": file renamed or moved`,
        { ...locate(first), segment: name, file: rel(chainFile), line: first.line },
      );
    }
    group.entries.sort((a, b) => a.e.seq - b.e.seq);
    groups.push(group);
  }

  // ---- signatures ----
  const unknown = new Map<string, LocEntry[]>();
  for (const le of all) {
    const k = keys.get(le.e.keyId);
    if (!k) {
      const list = unknown.get(le.e.keyId) ?? [];
      list.push(le);
      unknown.set(le.e.keyId, list);
      continue;
    }
    le.sigOk = verifyEntrySignature(le.e, k.key);
    if (!le.sigOk) {
      add(
        'error',
        'BAD_SIGNATURE',
        `entry seq ${le.e.seq} (${le.file} line ${le.line}) does not match its signature: the entry was edited`,
        { ...locate(le), file: le.file, line: le.line },
      );
    }
  }
  if (keys.size > 0) {
    for (const [keyId, list] of unknown) {
      const first = list.sort((a, b) => a.e.seq - b.e.seq)[0]!;
      add(
        'error',
        'UNKNOWN_KEY',
        `${list.length} entr${list.length === 1 ? 'y is' : 'ies are'} signed by key ${keyId.slice(0, 16)}…, ` +
          `not by the public key${keys.size > 1 ? 's' : ''} used (${[...keys.keys()].map((k) => k.slice(0, 16) + '…').join(', ')})`,
        locate(first),
      );
    }
  }

  // ---- per device: seq continuity and prev links ----
  const devices: DeviceSummary[] = [];
  const byDevice = new Map<string, LocEntry[]>();
  for (const le of all) {
    const list = byDevice.get(le.e.deviceId) ?? [];
    list.push(le);
    byDevice.set(le.e.deviceId, list);
  }
  const lastSegmentOf = new Map<string, string>();
  for (const [deviceId, list] of [...byDevice].sort(([a], [b]) => a.localeCompare(b))) {
    list.sort((a, b) => a.e.seq - b.e.seq || a.hash.localeCompare(b.hash));
    const first = list[0]!;
    if (first.e.seq === 0 && first.e.prev !== ZERO_HASH) {
      add('error', 'BROKEN_LINK', `seq 0 must have prev = 0…0`, locate(first));
    } else if (first.e.seq > 0) {
      add(
        'info',
        'CHAIN_STARTS_MIDWAY',
        `device ${deviceId}: the folder starts at seq ${first.e.seq}; earlier entries are not in it`,
        locate(first),
      );
    }
    let timed: LocEntry | null = first.e.kind === 'seal' || first.e.kind === 'discard' ? null : first;
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1]!;
      const b = list[i]!;
      if (b.e.seq === a.e.seq) {
        add(
          'error',
          'DUPLICATE_SEQ',
          a.hash === b.hash
            ? `seq ${b.e.seq} appears twice (${a.file}, ${b.file}): a copied chain file`
            : `two different entries with seq ${b.e.seq} (${a.file}, ${b.file}): forked chain`,
          locate(b),
        );
        continue;
      }
      if (b.e.seq > a.e.seq + 1) {
        const n = b.e.seq - a.e.seq - 1;
        // A segment's media entries are contiguous; its later policy entries (a cut, a re-seal,
        // a discard) may follow other segments' entries, like the next segment does.
        const sameSegment = a.e.segment === b.e.segment && isMediaEntry(b.e);
        const where = sameSegment
          ? `in ${a.e.segment} between fragment ${a.e.fragmentIndex} and ${b.e.fragmentIndex}`
          : `between ${a.e.segment} (fragment ${a.e.fragmentIndex}) and ${b.e.segment} (fragment ${b.e.fragmentIndex})`;
        add(
          opts.allowGaps && !sameSegment ? 'warning' : 'error',
          'MISSING_ENTRIES',
          `device ${deviceId}: ${n} entr${n === 1 ? 'y' : 'ies'} missing (seq ${a.e.seq + 1}` +
            `${n > 1 ? `–${b.e.seq - 1}` : ''}) ${where}, ${a.e.end} – ${b.e.start}`,
          {
            deviceId,
            segment: sameSegment ? a.e.segment : b.e.segment,
            ...(sameSegment && a.e.kind !== 'seal' ? { fragmentIndex: a.e.fragmentIndex + 1 } : {}),
            seq: a.e.seq + 1,
            start: a.e.end,
            end: b.e.start,
            ...(sameSegment ? { byteStart: a.e.byteEnd, byteEnd: b.e.byteStart } : {}),
          },
        );
        continue;
      }
      if (b.e.prev !== a.hash) {
        add(
          'error',
          'BROKEN_LINK',
          `entry seq ${b.e.seq} does not link to entry seq ${a.e.seq} (prev ${b.e.prev.slice(0, 12)}…, ` +
            `actual ${a.hash.slice(0, 12)}…): entries were edited, reordered or replaced`,
          locate(b),
        );
      }
      // Seals and discards restate the segment's span: only media entries show the clock's course.
      if (b.e.kind !== 'seal' && b.e.kind !== 'discard') {
        if (timed && Date.parse(b.e.start) < Date.parse(timed.e.start) - 2000) {
          add(
            'warning',
            'CLOCK_BACKWARDS',
            `device clock went back ${((Date.parse(timed.e.start) - Date.parse(b.e.start)) / 1000).toFixed(1)} s ` +
              `at seq ${b.e.seq} (times are the device's; order is proven by the chain)`,
            locate(b),
          );
        }
        timed = b;
      }
    }
    const last = list[list.length - 1]!;
    lastSegmentOf.set(deviceId, last.e.segment);
    devices.push({
      deviceId,
      keyIds: [...new Set(list.map((le) => le.e.keyId))],
      entries: list.length,
      firstSeq: first.e.seq,
      lastSeq: last.e.seq,
      start: list.reduce((m, le) => (le.e.start < m ? le.e.start : m), first.e.start),
      end: list.reduce((m, le) => (le.e.end > m ? le.e.end : m), first.e.end),
      head: { seq: last.e.seq, hash: last.hash },
    });
  }

  // ---- per segment: coverage and hashes ----
  const segments: SegmentSummary[] = [];
  const chained = new Set(groups.map((g) => g.path));
  let bytesHashed = 0;
  for (const g of groups.sort((a, b) => (a.entries[0]?.e.seq ?? 0) - (b.entries[0]?.e.seq ?? 0))) {
    const before = problems.filter((p) => p.severity === 'error').length;
    const layout = segmentLayout(g.entries);
    // Every media entry the segment ever had, in byte order of the file as first written.
    const ranges = layout.media;
    const seal = layout.seals.at(-1);
    const discard = layout.discard ?? undefined;
    // Fragments and torn fragments; a torn init part (a partial at index -1) is not one.
    const keptMedia = layout.kept.filter(
      (p) => (p.part.e.kind === 'fragment' || p.part.e.kind === 'partial') && p.part.e.fragmentIndex >= 0,
    );
    const deviceId = g.entries[0]?.e.deviceId ?? null;
    const summary: SegmentSummary = {
      segment: g.name,
      file: rel(g.path),
      bytes: null,
      deviceId,
      officerIds: [...new Set(g.entries.map((le) => le.e.officerId))],
      fragments: keptMedia.length,
      // A cut segment starts at its first kept fragment; otherwise at its init (the segment's start).
      start: (layout.cuts.length > 0 ? keptMedia[0]?.part.e.start : undefined) ?? g.entries[0]?.e.start ?? null,
      end: layout.kept.reduce<string | null>((m, p) => (m === null || p.part.e.end > m ? p.part.e.end : m), null),
      sealed: seal !== undefined,
      discarded: discard !== undefined,
      ok: true,
    };
    segments.push(summary);
    for (const pr of layout.problems) add('error', 'OVERLAP', `${g.name}: ${pr.message}`, locate(pr.part));
    for (const { cut, removed } of layout.cuts) {
      const first = removed[0]?.e.fragmentIndex ?? cut.e.fragmentIndex;
      const last = removed.at(-1)?.e.fragmentIndex ?? first;
      add(
        'info',
        'DISCARDED',
        `${g.name}: fragment${first === last ? ` ${first}` : `s ${first}–${last}`} (bytes ${cut.e.byteStart}–${cut.e.byteEnd}) ` +
          `removed by the recorder: ${cut.e.reason ?? 'no reason given'}`,
        locate(cut),
      );
    }
    if (discard) {
      const last = g.entries[g.entries.length - 1]!;
      if (!seal || seal.e.seq > discard.e.seq || last !== discard) {
        add(
          'error',
          'OVERLAP',
          `${g.name}: a discard entry must follow the seal and be the last entry`,
          locate(discard),
        );
      }
      if (seal && (seal.e.sha256 !== discard.e.sha256 || seal.e.byteEnd !== discard.e.byteEnd)) {
        add('error', 'BROKEN_LINK', `${g.name}: the discard entry does not repeat the seal`, locate(discard));
      }
    }
    let size: number | null = null;
    try {
      const st = await stat(g.path);
      if (st.isFile()) size = st.size;
    } catch {
      size = null;
    }
    if (size === null && discard) {
      summary.file = null;
      add(
        'info',
        'DISCARDED',
        `${g.name} (${discard.e.byteEnd} bytes, SHA-256 ${discard.e.sha256.slice(0, 16)}…) was deleted by the ` +
          `recorder: ${discard.e.reason ?? 'no reason given'}`,
        locate(discard),
      );
      continue;
    }
    if (size === null) {
      summary.file = null;
      add('error', 'MISSING_FILE', `${g.name} is in the chain (${rel(g.chainFile)}) but the file is missing`, {
        deviceId: deviceId ?? undefined,
        segment: g.name,
        seq: g.entries[0]?.e.seq,
        start: summary.start ?? undefined,
        end: summary.end ?? undefined,
        file: rel(g.chainFile),
      });
      summary.ok = false;
      continue;
    }
    summary.bytes = size;

    // Coverage: the media entries must tile the file as first written ([0, size), or up to the
    // first seal when fragments were cut out since).
    const writtenSize = layout.cuts.length > 0 ? (layout.seals[0]?.e.byteEnd ?? size) : size;
    let covered = 0;
    let prev: LocEntry | null = null;
    for (const le of ranges) {
      if (le.e.byteStart > covered) {
        add(
          'error',
          'UNCOVERED',
          `${g.name}: bytes ${covered}–${le.e.byteStart} are not covered by any entry` +
            (prev ? ` (after fragment ${prev.e.fragmentIndex}, before fragment ${le.e.fragmentIndex})` : ''),
          {
            deviceId: le.e.deviceId,
            segment: g.name,
            fragmentIndex: prev ? prev.e.fragmentIndex + 1 : -1,
            start: prev?.e.end ?? le.e.start,
            end: le.e.start,
            byteStart: covered,
            byteEnd: le.e.byteStart,
          },
        );
      } else if (le.e.byteStart < covered) {
        add(
          'error',
          'OVERLAP',
          `${g.name}: entry seq ${le.e.seq} (bytes ${le.e.byteStart}–${le.e.byteEnd}) overlaps bytes already covered up to ${covered}`,
          locate(le),
        );
      }
      covered = Math.max(covered, le.e.byteEnd);
      prev = le;
    }
    if (covered < writtenSize) {
      add('error', 'UNHASHED_TAIL', `${g.name}: ${writtenSize - covered} bytes after byte ${covered} are in no entry`, {
        deviceId: deviceId ?? undefined,
        segment: g.name,
        fragmentIndex: prev ? prev.e.fragmentIndex + 1 : -1,
        start: prev?.e.end,
        end: prev?.e.end,
        byteStart: covered,
        byteEnd: writtenSize,
      });
    }
    // Order: within a segment, seq order must follow byte order.
    const bySeq = [...ranges].sort((a, b) => a.e.seq - b.e.seq);
    for (let i = 1; i < bySeq.length; i++) {
      if (bySeq[i]!.e.byteStart < bySeq[i - 1]!.e.byteStart) {
        add(
          'error',
          'OVERLAP',
          `${g.name}: entry seq ${bySeq[i]!.e.seq} goes backwards in the file`,
          locate(bySeq[i]!),
        );
      }
    }

    // Hashes of the parts still in the file, where they sit now.
    const { hashes, whole } = await hashRanges(
      g.path,
      layout.kept.map((p) => ({ start: p.fileStart, end: p.fileEnd })),
      seal !== undefined,
    );
    bytesHashed += size;
    layout.kept.forEach(({ part: le, fileStart, fileEnd }, i) => {
      const h = hashes[i];
      const at = fileStart === le.e.byteStart ? '' : ` (now at bytes ${fileStart}–${fileEnd})`;
      if (h === null) {
        add(
          'error',
          'TRUNCATED',
          `${g.name}: fragment ${le.e.fragmentIndex} should end at byte ${fileEnd} but the file has ${size} bytes`,
          locate(le),
        );
      } else if (h !== le.e.sha256) {
        add(
          'error',
          'TAMPERED',
          `${g.name}: ${le.e.kind === 'init' ? 'init part (ftyp+moov)' : `fragment ${le.e.fragmentIndex}`} ` +
            `bytes ${le.e.byteStart}–${le.e.byteEnd}${at} do not match the recorded SHA-256`,
          locate(le),
        );
      } else if (le.e.kind === 'partial') {
        add(
          'warning',
          'PARTIAL',
          `${g.name}: the last ${le.e.byteEnd - le.e.byteStart} bytes are an incomplete fragment ` +
            '(recording interrupted, e.g. power loss); they are chained as they are',
          locate(le),
        );
      }
    });
    if (layout.kept.length > 0 && size > layout.size && layout.cuts.length > 0) {
      add('error', 'UNHASHED_TAIL', `${g.name}: ${size - layout.size} bytes after the kept fragments are in no entry`, {
        deviceId: deviceId ?? undefined,
        segment: g.name,
        byteStart: layout.size,
        byteEnd: size,
      });
    }
    if (seal) {
      if (seal.e.byteEnd !== size) {
        add(
          'error',
          size < seal.e.byteEnd ? 'TRUNCATED' : 'UNHASHED_TAIL',
          `${g.name}: sealed at ${seal.e.byteEnd} bytes, file now has ${size}`,
          locate(seal),
        );
      } else if (whole !== seal.e.sha256) {
        add('error', 'TAMPERED', `${g.name}: the whole file does not match the SHA-256 in its seal`, locate(seal));
      }
      const last = g.entries.filter((le) => le !== discard).at(-1)!;
      if (last !== seal) {
        add('error', 'OVERLAP', `${g.name}: entries after the seal (seq ${seal.e.seq})`, locate(last));
      }
      if (seal.e.fragmentIndex !== summary.fragments) {
        add(
          'error',
          'MISSING_ENTRIES',
          `${g.name}: the seal counts ${seal.e.fragmentIndex} fragments, the chain file has ${summary.fragments}`,
          locate(seal),
        );
      }
    } else if (deviceId) {
      const isLast = lastSegmentOf.get(deviceId) === g.name;
      const lastEntry = g.entries[g.entries.length - 1];
      add(
        isLast ? 'warning' : 'error',
        'UNSEALED',
        isLast
          ? `${g.name} is the device's last segment here and has no seal: the recording was not closed, or ` +
              'the chain stops here; entries after it cannot be ruled out'
          : `${g.name} has no seal although the chain continues after it`,
        lastEntry ? locate(lastEntry) : { segment: g.name },
      );
    }
    summary.ok = problems.filter((p) => p.severity === 'error').length === before;
  }

  // ---- files without chain ----
  for (const f of files) {
    const name = basename(f);
    if (!isSegmentFile(name) || chained.has(f)) continue;
    add('error', 'UNCHAINED', `${rel(f)} has no chain file (${name}${CHAIN_SUFFIX}): its integrity cannot be shown`, {
      segment: name,
      file: rel(f),
    });
    segments.push({
      segment: name,
      file: rel(f),
      bytes: (await stat(f)).size,
      deviceId: null,
      officerIds: [],
      fragments: 0,
      start: null,
      end: null,
      sealed: false,
      discarded: false,
      ok: false,
    });
  }

  // Mark segments that have errors located in them (e.g. bad signatures found earlier).
  for (const s of segments) {
    if (problems.some((p) => p.severity === 'error' && p.segment === s.segment)) s.ok = false;
  }

  const rank = { error: 0, warning: 1, info: 2 } as const;
  // A seal closes its segment: it sorts at the segment's end.
  const timeOf = (p: Problem) => {
    const t = p.kind === 'seal' ? p.end : p.start;
    return t ? Date.parse(t) : Number.POSITIVE_INFINITY;
  };
  problems.sort((a, b) => rank[a.severity] - rank[b.severity] || timeOf(a) - timeOf(b) || (a.seq ?? 0) - (b.seq ?? 0));
  const errors = problems.filter((p) => p.severity === 'error');
  // A seal restates its whole segment: point at a fragment when any is to blame.
  const located = errors.filter((p) => p.segment !== undefined && p.start !== undefined);
  const firstBad = located.find((p) => p.kind !== 'seal') ?? located[0] ?? null;
  const ms = performance.now() - t0;
  return {
    ok: errors.length === 0,
    folder: root,
    verifiedAt: new Date().toISOString(),
    keys: [...keys].map(([fingerprint, k]) => ({ fingerprint, source: k.source, trusted: k.trusted })),
    devices,
    segments,
    problems,
    firstBad,
    counts: {
      errors: errors.length,
      warnings: problems.filter((p) => p.severity === 'warning').length,
      infos: problems.filter((p) => p.severity === 'info').length,
    },
    stats: {
      segments: segments.length,
      entries: all.length,
      bytesHashed,
      ms: Math.round(ms),
      mbPerSec: ms > 0 ? Math.round(bytesHashed / 1e6 / (ms / 1000)) : 0,
    },
  };
}

// ---- human report ----

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local time with its UTC offset, e.g. 2025-11-26 17:00:03.000 +08:00. */
export function formatTime(iso: string, withDate = true): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const off = -d.getTimezoneOffset();
  const tz = `${off >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  return withDate ? `${date} ${time} ${tz}` : time;
}

export function formatRange(start?: string, end?: string): string {
  if (!start) return '';
  if (!end || end === start) return formatTime(start);
  const sameDay = formatTime(start).slice(0, 10) === formatTime(end).slice(0, 10);
  const s = formatTime(start);
  return sameDay ? `${s.slice(0, 23)}–${formatTime(end, false)} ${s.slice(24)}` : `${s} – ${formatTime(end)}`;
}

function where(p: Problem): string {
  const parts: string[] = [];
  if (p.segment) parts.push(p.segment);
  if (p.kind === 'init') parts.push('init part');
  else if (p.kind === 'seal') parts.push('seal');
  else if (p.fragmentIndex !== undefined) parts.push(`fragment ${p.fragmentIndex}`);
  if (p.start) parts.push(formatRange(p.start, p.end));
  if (p.byteStart !== undefined && p.byteEnd !== undefined) parts.push(`bytes ${p.byteStart}–${p.byteEnd}`);
  return parts.join(', ');
}

export function formatReport(r: VerifyReport): string {
  const out: string[] = [];
  out.push(`liuhen-verify 留痕校验: ${r.folder}`);
  for (const k of r.keys) {
    out.push(`  public key 公钥 ${k.fingerprint} (${k.trusted ? 'given' : 'from the folder'}: ${k.source})`);
  }
  for (const d of r.devices) {
    out.push(
      `  device 设备 ${d.deviceId}: seq ${d.firstSeq}–${d.lastSeq} (${d.entries} entries), ` +
        `${formatRange(d.start, d.end)}`,
    );
    out.push(`    chain head 链头 seq ${d.head.seq} ${d.head.hash}`);
  }
  out.push('');
  out.push('  segments 分段:');
  for (const s of r.segments) {
    const gone = s.file === null;
    const status = !s.ok ? (gone ? 'MISSING 缺失' : 'FAILED 未通过') : gone ? 'DISCARDED 已删除' : 'OK 通过';
    const span = s.start ? formatRange(s.start, s.end ?? undefined) : '-';
    const officers = s.officerIds.filter((o) => o !== null).join(',');
    out.push(
      `    ${status.padEnd(12)} ${s.segment}  ${s.fragments} fragments, ${s.bytes ?? '?'} bytes, ${span}` +
        `${officers ? `, officer 执法人员 ${officers}` : ''}${s.sealed ? '' : ', unsealed 未封存'}`,
    );
  }
  out.push('');
  if (r.firstBad) {
    out.push(`  FIRST BAD FRAGMENT 首个异常片段: ${where(r.firstBad)}`);
    out.push(`    ${r.firstBad.label}: ${r.firstBad.message}`);
    out.push('');
  }
  if (r.problems.length) {
    out.push(`  findings 发现 (${r.counts.errors} errors 错误, ${r.counts.warnings} warnings 警告):`);
    for (const p of r.problems) {
      const loc = where(p);
      out.push(`    [${p.severity}] ${p.label}: ${p.message}${loc ? `\n        at ${loc}` : ''}`);
    }
    out.push('');
  }
  out.push(
    r.ok
      ? `  RESULT 结论: VERIFIED 校验通过 — every byte is chained, hashed and signed; no gaps or edits found`
      : `  RESULT 结论: FAILED 校验未通过 — ${r.counts.errors} error(s)`,
  );
  out.push(
    `  checked ${r.stats.segments} segments, ${r.stats.entries} entries, ` +
      `${(r.stats.bytesHashed / 1e6).toFixed(1)} MB in ${(r.stats.ms / 1000).toFixed(2)} s (${r.stats.mbPerSec} MB/s)`,
  );
  return out.join('\n') + '\n';
}
