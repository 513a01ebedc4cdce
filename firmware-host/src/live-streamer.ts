/**
 * Keeps one ffmpeg live push running while wanted, restarting it with backoff
 * when the network or the station drops it. The live stream is best effort:
 * the recording itself does not depend on it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { backoffDelay } from './backoff.js';

export interface LiveStreamerOptions {
  ffmpegPath: string;
  args: () => string[];
  log: (msg: string) => void;
  /** Set to limit the backoff in tests. */
  maxBackoffMs?: number;
}

export class LiveStreamer extends EventEmitter {
  private child: ChildProcess | null = null;
  private wanted = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private stderrTail = '';

  constructor(private readonly opts: LiveStreamerOptions) {
    super();
  }

  get running(): boolean {
    return this.child !== null;
  }

  start(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.attempt = 0;
    // The previous push may still be exiting (a quick stop and start): it goes on its own.
    this.child = null;
    this.spawnOnce();
  }

  /** Stops the push and resolves when ffmpeg has exited (SIGKILL after 3 s). */
  async stop(): Promise<void> {
    this.wanted = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      // SIGINT lets ffmpeg flush and close the RTMP session cleanly.
      child.kill('SIGINT');
    });
  }

  private spawnOnce(): void {
    const startedAt = Date.now();
    const child = spawn(this.opts.ffmpegPath, this.opts.args(), { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    this.stderrTail = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      this.stderrTail = (this.stderrTail + d).slice(-2000);
    });
    child.on('error', (err) => this.opts.log(`live push could not start: ${err.message}`));
    child.on('exit', (code, signal) => {
      this.emit('exit', code, signal);
      // A stop then a quick start leaves the old child exiting after the new one
      // spawned: only the current child may clear itself or schedule a restart.
      if (this.child !== child) return;
      this.child = null;
      if (!this.wanted) return;
      // A push that ran for a while was healthy: start the backoff over.
      if (Date.now() - startedAt > 10_000) this.attempt = 0;
      const delay = backoffDelay(this.attempt++, 500, this.opts.maxBackoffMs ?? 10_000);
      this.opts.log(
        `live push stopped (${signal ?? `exit ${code}`}): ${this.stderrTail.trim().split('\n').pop() ?? ''}; retrying in ${delay} ms`,
      );
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (this.wanted) this.spawnOnce();
      }, delay);
    });
    this.emit('spawn');
  }
}
