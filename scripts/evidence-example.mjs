// Makes the worked example of docs/evidence.md from real bytes and prints every number the page
// shows. A 3 s fragmented MP4 is recorded by ffmpeg with the recorder's own segment options
// (firmware-host/src/capture/capture-args.ts), chained by the evidence package with a fixed
// throwaway key, then its first fragment is cut out as a recording's window would (trim.ts).
//
//   node --conditions=liuhen-source --import tsx scripts/evidence-example.mjs [out-dir]
//
// Writes to out-dir (default: a new temporary directory):
//   footage/rec-ex_000000.mp4 (+ .chain.jsonl, device.pub.pem)  the folder liuhen-verify checks
//   as-written.mp4                                              the segment before the cut
//   segments.csv, chain-head.json
// The track timings are read here with a parser of its own (not the package's), and each chained
// start/end is checked against them, so the page's rule is tested on every run.
// ffmpeg output is bit-exact (-fflags/-flags +bitexact, one thread): the same ffmpeg build gives
// the same bytes, entries and signatures.
import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
import {
  canonicalJson,
  chainClosedSegment,
  createChainWriter,
  entryHash,
  publicKeyFingerprint,
  readChainFile,
  segmentLayout,
  trimSegment,
  verifyFolder,
} from '@liuhen/evidence';

const out = resolve(process.argv[2] ?? mkdtempSync(join(tmpdir(), 'liuhen-evidence-example-')));
const footage = join(out, 'footage');
mkdirSync(footage, { recursive: true });

// ---- 1. record: the recorder's segment muxer options, a tiny picture, bit-exact ----
const name = 'rec-ex_000000.mp4';
const seg = join(footage, name);
const ff = spawnSync(
  resolveFfmpeg(),
  [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=1000:sample_rate=16000'],
    ...['-map', '0:v:0', '-map', '1:a:0', '-vf', 'format=yuv420p'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-profile:v', 'main'],
    ...['-b:v', '100k', '-maxrate', '100k', '-bufsize', '200k', '-g', '10', '-keyint_min', '10', '-sc_threshold', '0'],
    ...['-c:a', 'aac', '-b:a', '32k', '-ar', '16000', '-ac', '1'],
    ...['-threads', '1', '-fflags', '+bitexact', '-flags', '+bitexact+global_header', '-t', '3'],
    ...['-f', 'segment', '-segment_time', '60', '-segment_format', 'mp4'],
    ...[
      '-segment_format_options',
      'movflags=+frag_keyframe+empty_moov+default_base_moof:frag_duration=1000000:flush_packets=1',
    ],
    ...['-reset_timestamps', '1', '-segment_start_number', '0'],
    ...['-segment_list', join(out, 'segments.csv'), '-segment_list_type', 'csv'],
    join(footage, 'rec-ex_%06d.mp4'),
  ],
  { encoding: 'utf8' },
);
if (ff.status !== 0) throw new Error(`ffmpeg failed: ${ff.stderr}`);
copyFileSync(seg, join(out, 'as-written.mp4'));
const asWritten = readFileSync(seg);

// ---- 2. the throwaway key: Ed25519 from a published seed (never use it for anything else) ----
const seed = createHash('sha256').update('liuhen evidence example key').digest();
const privateKey = createPrivateKey({
  key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
  format: 'der',
  type: 'pkcs8',
});
const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' });
const keyId = publicKeyFingerprint(privateKey);
writeFileSync(join(footage, 'device.pub.pem'), publicKeyPem);

// ---- 3. chain it as the recorder does, then cut fragment 0 out ----
const T0 = Date.parse('2025-11-26T02:00:00.000Z'); // the segment's start (media time 0), device clock
const meta = { officerId: '33010099', clockOffsetMs: 120, segmentStartMs: T0 };
const headFile = join(out, 'chain-head.json');
const writer = await createChainWriter({
  deviceId: 'rec-ex',
  keyPair: { privateKey, fingerprint: keyId },
  headFile,
  fsync: false,
  now: () => T0 + 4000,
});
await chainClosedSegment(writer, seg, meta);
// A recording whose window (press − pre-record) opens 1.5 s into the segment claims fragments 1–3.
const windowFrom = T0 + 1500;
const CUT_REASON = 'outside the recording window (press − pre-record to stop + post-record) 录像时段外';
await trimSegment(writer, seg, (span) => span.end >= windowFrom, CUT_REASON, {}, { fsync: false });
await writer.close();

const chainText = readFileSync(`${seg}.chain.jsonl`, 'utf8');
const entries = (await readChainFile(`${seg}.chain.jsonl`)).entries;
const report = await verifyFolder(footage, {
  publicKeys: [{ key: createPublicKey(privateKey), fingerprint: keyId }],
});

// ---- 4. the track timings, by a parser of this script's own ----
function boxes(buf, start, end) {
  const list = [];
  for (let o = start; o + 8 <= end;) {
    const size = buf.readUInt32BE(o);
    if (size < 8) break; // 64-bit and to-end sizes do not occur in these small boxes
    list.push({ type: buf.toString('latin1', o + 4, o + 8), start: o, end: o + size, body: o + 8 });
    o += size;
  }
  return list;
}
const find = (buf, box, type) => boxes(buf, box.body, box.end).find((b) => b.type === type);
const all = (buf, box, type) => boxes(buf, box.body, box.end).filter((b) => b.type === type);
const top = boxes(asWritten, 0, asWritten.length);
const moov = top.find((b) => b.type === 'moov');
const tracks = new Map();
for (const trak of all(asWritten, moov, 'trak')) {
  const tkhd = find(asWritten, trak, 'tkhd');
  const mdia = find(asWritten, trak, 'mdia');
  const mdhd = find(asWritten, mdia, 'mdhd');
  const hdlr = find(asWritten, mdia, 'hdlr');
  const v1 = (b) => asWritten[b.body] === 1;
  const id = asWritten.readUInt32BE(tkhd.body + (v1(tkhd) ? 20 : 12));
  const timescale = asWritten.readUInt32BE(mdhd.body + (v1(mdhd) ? 20 : 12));
  tracks.set(id, { timescale, handler: asWritten.toString('latin1', hdlr.body + 8, hdlr.body + 12) });
}
const fragments = top
  .filter((b) => b.type === 'moof')
  .map((moof) => {
    const trafs = all(asWritten, moof, 'traf').map((traf) => {
      const tfhd = find(asWritten, traf, 'tfhd');
      const tfdt = find(asWritten, traf, 'tfdt');
      const trackId = asWritten.readUInt32BE(tfhd.body + 4);
      const tfhdFlags = asWritten.readUInt32BE(tfhd.body) & 0xffffff;
      let p = tfhd.body + 8 + (tfhdFlags & 1 ? 8 : 0) + (tfhdFlags & 2 ? 4 : 0);
      const defaultDuration = tfhdFlags & 8 ? asWritten.readUInt32BE(p) : 0; // ffmpeg needs no trex default
      const decode =
        asWritten[tfdt.body] === 1
          ? Number(asWritten.readBigUInt64BE(tfdt.body + 4))
          : asWritten.readUInt32BE(tfdt.body + 4);
      let duration = 0;
      for (const trun of all(asWritten, traf, 'trun')) {
        const flags = asWritten.readUInt32BE(trun.body) & 0xffffff;
        const count = asWritten.readUInt32BE(trun.body + 4);
        p = trun.body + 8 + (flags & 1 ? 4 : 0) + (flags & 4 ? 4 : 0);
        const stride = 4 * [0x100, 0x200, 0x400, 0x800].filter((f) => flags & f).length;
        if (!(flags & 0x100)) duration += count * defaultDuration;
        else for (let i = 0; i < count; i++, p += stride) duration += asWritten.readUInt32BE(p);
      }
      const { timescale, handler } = tracks.get(trackId);
      return { trackId, handler, timescale, decode, duration };
    });
    const start = Math.min(...trafs.map((t) => t.decode / t.timescale));
    const end = Math.max(...trafs.map((t) => (t.decode + t.duration) / t.timescale));
    return { moof, trafs, start, end };
  });

// ---- 5. check the page's rule against the chain, and print what the page shows ----
const origin = fragments[0].start;
const iso = (ms) => new Date(Math.round(ms)).toISOString();
const media = entries.filter((e) => e.kind === 'fragment');
fragments.forEach((f, i) => {
  const e = media.find((m) => m.fragmentIndex === i);
  const want = [
    iso(T0 + Math.round((f.start - origin) * 1e6) / 1e3),
    iso(T0 + Math.round((f.end - origin) * 1e6) / 1e3),
  ];
  if (e.start !== want[0] || e.end !== want[1]) {
    throw new Error(`fragment ${i}: chained ${e.start}–${e.end}, the rule gives ${want.join('–')}`);
  }
});
if (!report.ok) throw new Error(`the example does not verify: ${report.problems.map((p) => p.message).join('; ')}`);

const say = (s = '') => console.log(s);
const hms = (iso) => iso.slice(11, 23);
const sha = (buf) => createHash('sha256').update(buf).digest('hex');
say(`# evidence example in ${out}`);
say(`${spawnSync(resolveFfmpeg(), ['-version'], { encoding: 'utf8' }).stdout.split('\n')[0]}`);
say(`segments.csv: ${readFileSync(join(out, 'segments.csv'), 'utf8').trim()}`);
say(`\n## key: seed SHA-256("liuhen evidence example key") = ${seed.toString('hex')}`);
say(publicKeyPem.trim());
say(`keyId ${keyId}`);
say(`\n## as written: ${asWritten.length} bytes, SHA-256 ${sha(asWritten)}`);
say(top.map((b) => `${b.type} ${b.start}–${b.end}`).join(', '));
const trackIds = [...tracks.keys()];
const label = (h) => ({ vide: 'video', soun: 'audio' })[h] ?? h;
say(
  `\n| fragment | bytes | ${trackIds.map((id) => `${label(tracks.get(id).handler)}: tfdt + Σ durations (÷ ${tracks.get(id).timescale})`).join(' | ')} | start | end |`,
);
say(`|${' --- |'.repeat(4 + trackIds.length)}`);
fragments.forEach((f, i) => {
  const end = i + 1 < fragments.length ? fragments[i + 1].moof.start : asWritten.length;
  const cells = trackIds.map((id) => {
    const t = f.trafs.find((x) => x.trackId === id);
    return t
      ? `${t.decode} + ${t.duration} = ${t.decode / t.timescale}–${(t.decode + t.duration) / t.timescale} s`
      : '—';
  });
  const e = media.find((m) => m.fragmentIndex === i);
  say(`| ${i} | ${f.moof.start}–${end} | ${cells.join(' | ')} | ${hms(e.start)} | ${hms(e.end)} |`);
});
say('\n## chain file (one line per entry)');
process.stdout.write(chainText);
say('\n| seq | kind | fragmentIndex | byteStart–byteEnd | start | end | sha256 |');
say(`|${' --- |'.repeat(7)}`);
for (const e of entries) {
  say(
    `| ${e.seq} | ${e.kind} | ${e.fragmentIndex} | ${e.byteStart}–${e.byteEnd} | ${hms(e.start)} | ${hms(e.end)} | \`${e.sha256.slice(0, 12)}…\` |`,
  );
}
const one = entries.find((e) => e.kind === 'fragment' && e.fragmentIndex === 1);
const { sig, ...unsigned } = one;
say(`\n## entry seq ${one.seq}, canonical JSON without sig:`);
say(canonicalJson(unsigned));
say(`entry hash  ${entryHash(one)}`);
say(`sig         ${sig}`);
say(`bytes       ${sha(asWritten.subarray(one.byteStart, one.byteEnd))}`);
say(`next prev   ${entries.find((e) => e.seq === one.seq + 1).prev}`);
const kept = readFileSync(seg);
say(`\n## as kept: ${kept.length} bytes, SHA-256 ${sha(kept)}`);
for (const p of segmentLayout(entries.map((e) => ({ e }))).kept) {
  const e = p.part.e;
  say(
    `seq ${e.seq} ${e.kind} ${e.fragmentIndex}: chained as ${e.byteStart}–${e.byteEnd}, now ${p.fileStart}–${p.fileEnd}`,
  );
}
say(`chain head ${JSON.stringify(JSON.parse(readFileSync(headFile, 'utf8')))}`);
say(`liuhen-verify: ${report.ok ? 'VERIFIED' : 'FAILED'}`);
for (const p of report.problems) say(`  [${p.severity}] ${p.label}: ${p.message}`);
