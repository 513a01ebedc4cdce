/**
 * Child processes of the video redaction (ffmpeg, the Python face detector): every one is killed
 * (SIGKILL: a half-written redacted copy is worthless, nothing to flush) when the caller's
 * AbortSignal fires, and a failure names the program and the end of what it printed.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Keep only the end of stderr: ffmpeg's reason for failing is in its last lines. */
const STDERR_KEEP = 64 * 1024;

export function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('video redaction aborted');
}

/** Throws the signal's reason if it has fired: checked before each step starts. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

export interface Spawned {
  child: ChildProcess;
  /** Resolves with the exit code (rejects only if the program could not start or the signal fired). */
  exited: Promise<number>;
  /** What the program wrote to stderr so far (its last 64 KiB). */
  stderr(): string;
}

/** Starts `cmd` with stderr collected and the AbortSignal wired to SIGKILL. */
export function start(
  cmd: string,
  args: readonly string[],
  opts: { signal?: AbortSignal | undefined; stdin?: 'pipe' | 'ignore'; stdout?: 'pipe' | 'ignore' },
): Spawned {
  throwIfAborted(opts.signal);
  const spawnOpts: SpawnOptions = { stdio: [opts.stdin ?? 'ignore', opts.stdout ?? 'ignore', 'pipe'] };
  const child = spawn(cmd, args, spawnOpts);
  let err = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    err += d;
    if (err.length > 2 * STDERR_KEEP) err = err.slice(-STDERR_KEEP);
  });
  const kill = () => child.kill('SIGKILL');
  opts.signal?.addEventListener('abort', kill, { once: true });
  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', (e: NodeJS.ErrnoException) => {
      opts.signal?.removeEventListener('abort', kill);
      reject(
        e.code === 'ENOENT'
          ? new Error(`${cmd} not found: install it or set the path to it (FFMPEG_PATH, LIUHEN_PYTHON)`)
          : e,
      );
    });
    child.once('close', (code, sig) => {
      opts.signal?.removeEventListener('abort', kill);
      if (opts.signal?.aborted) reject(abortError(opts.signal));
      else resolve(code ?? (sig ? 128 : 1));
    });
  });
  return { child, exited, stderr: () => err.slice(-STDERR_KEEP) };
}

/** The last lines of a program's stderr, for an error message. */
export function tail(text: string, lines = 6): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/**
 * Which Python runs the detector: `LIUHEN_PYTHON`, else Debian's /usr/bin/python3 (python3-opencv
 * installs cv2 for that interpreter only, and a pyenv or venv `python3` first on PATH would not see it),
 * else `python3` on PATH.
 */
export function resolvePython(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LIUHEN_PYTHON) return env.LIUHEN_PYTHON;
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}
