/**
 * The released copy: the source re-encoded (H.264/AAC MP4, faststart) with the plan's regions
 * blurred and its spans muted, and `<output>.redaction.json` beside it binding the copy's SHA-256
 * to the source's. The source is only ever read (ffmpeg's input, a read-only hash stream); the
 * copy is written under a temporary name and linked into place, so an existing file is never
 * overwritten, not even one created while ffmpeg ran, and a failed or aborted run leaves nothing.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, link, mkdtemp, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
import { filterScript } from './filter-graph.js';
import { sha256File } from './hash.js';
import { activeRegions, manifestPathFor, planProblems, type RedactionManifest, type RedactionPlan } from './plan.js';
import { probeSource } from './probe.js';
import { start, tail, throwIfAborted } from './processes.js';

/** Quality of the released copy: visually lossless enough for publication, quick to encode. */
const VIDEO_CODEC = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p'];
const AUDIO_CODEC = ['-c:a', 'aac', '-b:a', '128k'];
const TOOL_VERSION = 'liuhen video-redaction 1';

const versions = new Map<string, Promise<string>>();
/** `ffmpeg version …` of the binary, for the manifest (one run per binary). */
function ffmpegVersion(ffmpeg: string): Promise<string> {
  let v = versions.get(ffmpeg);
  if (!v) {
    v = (async () => {
      const p = start(ffmpeg, ['-hide_banner', '-version'], { stdout: 'pipe' });
      let out = '';
      p.child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
      await p.exited;
      return /ffmpeg version (\S+)/.exec(out)?.[1] ?? 'unknown';
    })();
    versions.set(ffmpeg, v);
  }
  return v;
}

const exists = (p: string) =>
  access(p, constants.F_OK).then(
    () => true,
    () => false,
  );

async function checkPaths(input: string, output: string): Promise<void> {
  if (resolve(input) === resolve(output))
    throw new Error(`the redacted copy cannot replace the original (${input}): choose another output path`);
  const st = await stat(input).catch(() => null);
  if (!st?.isFile()) throw new Error(`no footage file at ${input}`);
  if (await exists(output)) throw new Error(`${output} already exists: the redacted copy never overwrites a file`);
  if (await exists(manifestPathFor(output)))
    throw new Error(`${manifestPathFor(output)} already exists: remove it or choose another output path`);
  const dir = await stat(dirname(resolve(output))).catch(() => null);
  if (!dir?.isDirectory()) throw new Error(`the folder of ${output} does not exist: create it first`);
}

export async function renderRedacted(
  input: string,
  output: string,
  plan: RedactionPlan,
  opts: { signal?: AbortSignal } = {},
): Promise<{ sha256: string; bytes: number; sourceSha256: string; manifest: RedactionManifest }> {
  const { signal } = opts;
  throwIfAborted(signal);
  await checkPaths(input, output);
  const ffmpeg = resolveFfmpeg();
  const source = await probeSource(ffmpeg, input, signal);
  const problems = planProblems(plan, source);
  if (problems.length > 0) throw new Error(`the redaction plan cannot be used:\n- ${problems.join('\n- ')}`);

  const scratch = await mkdtemp(join(dirname(resolve(output)), '.redaction-'));
  const partial = join(scratch, `${basename(output)}.${randomBytes(4).toString('hex')}.partial.mp4`);
  try {
    const script = join(scratch, 'filters.txt');
    await writeFile(script, filterScript(activeRegions(plan, source), plan.mutedSpans, source));
    const hasAudio = source.audioSampleRate !== null;
    const encoder = start(
      ffmpeg,
      [
        ...['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', '-n', '-i', input],
        ...['-filter_complex_script', script, '-map', '[vout]', ...(hasAudio ? ['-map', '[aout]'] : ['-an'])],
        ...VIDEO_CODEC,
        ...(hasAudio ? AUDIO_CODEC : []),
        // Nothing of the recorder's metadata (device, officer, place) goes out with the copy.
        ...['-map_metadata', '-1', '-map_chapters', '-1', '-sn', '-dn'],
        ...['-movflags', '+faststart', '-f', 'mp4', partial],
      ],
      { signal },
    );
    // The source is hashed while ffmpeg encodes: both only read it.
    const [code, src, version] = await Promise.all([encoder.exited, sha256File(input, signal), ffmpegVersion(ffmpeg)]);
    if (code !== 0)
      throw new Error(`ffmpeg could not render the redacted copy: ${tail(encoder.stderr()) || `exit ${code}`}`);
    throwIfAborted(signal);
    const out = await sha256File(partial, signal);
    throwIfAborted(signal);

    const manifest: RedactionManifest = {
      source: src,
      output: out,
      plan,
      tool: `${TOOL_VERSION} (ffmpeg ${version}; libx264 veryfast crf 20, aac 128k; blur: shrink + boxblur x3)`,
      createdAt: new Date().toISOString(),
    };
    // link() fails if the name was taken meanwhile: no overwrite even in a race.
    await link(partial, output);
    try {
      await writeFile(manifestPathFor(output), JSON.stringify(manifest, null, 2) + '\n', { flag: 'wx' });
    } catch (e) {
      await unlink(output);
      throw e;
    }
    return { sha256: out.sha256, bytes: out.bytes, sourceSha256: src.sha256, manifest };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
