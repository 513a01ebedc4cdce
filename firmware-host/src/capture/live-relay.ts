/**
 * The live RTMP stream, taken from the continuous encoder's FLV output with
 * `-c copy`: no second encoder on the recorder. Best effort: when the network
 * or the station drops it, it reconnects with backoff and rejoins at the next
 * keyframe; the local recording never depends on it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { backoffDelay } from '../backoff.js';
import { FlvTagReader, type FlvTag } from './flv-tags.js';

export interface LiveRelayOptions {
  ffmpegPath: string;
  rtmpUrl: () => string;
  log: (msg: string) => void;
  maxBackoffMs?: number;
  /** Sees every tag of the encoder output, streaming or not (the camera/microphone self-test). */
  onTag?: (tag: FlvTag) => void;
}

export interface LiveRelay {
  /** Feed the encoder's FLV output, always (the relay keeps codec headers current). */
  write(chunk: Buffer): void;
  /**
   * The encoder restarted: what follows is a new FLV stream (its own header,
   * codec configuration, timestamps from zero). Without this the reader would
   * take the new header for a tag and wait forever for its bytes.
   */
  newStream(): void;
  start(): void;
  stop(): Promise<void>;
  readonly streaming: boolean;
}

export function createLiveRelay(opts: LiveRelayOptions): LiveRelay {
  let reader = new FlvTagReader();
  let meta: FlvTag | null = null;
  let videoConfig: FlvTag | null = null;
  let audioConfig: FlvTag | null = null;
  let wanted = false;
  let child: ChildProcess | null = null;
  let joined = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | null = null;
  let startedAt = 0;
  let baseTs = 0;

  const retimed = (tag: FlvTag): Buffer => {
    // Start the relayed stream's clock at zero, as a fresh publisher would.
    const t = Math.max(0, tag.timestamp - baseTs);
    const b = Buffer.from(tag.bytes);
    b.writeUIntBE(t & 0xffffff, 4, 3);
    b[7] = (t >>> 24) & 0xff;
    return b;
  };

  const spawnRelay = () => {
    startedAt = Date.now();
    joined = false;
    const c = spawn(
      opts.ffmpegPath,
      ['-hide_banner', '-loglevel', 'error', '-f', 'flv', '-i', 'pipe:0', '-c', 'copy', '-f', 'flv', opts.rtmpUrl()],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    child = c;
    let err = '';
    c.stderr?.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-1000)));
    c.stdin?.on('error', () => undefined);
    c.on('exit', (code, signal) => {
      // After a quick stop and start the old relay exits late: only the current one counts.
      if (child !== c) return;
      child = null;
      if (!wanted) return;
      if (Date.now() - startedAt > 10_000) attempt = 0;
      const delay = backoffDelay(attempt++, 500, opts.maxBackoffMs ?? 10_000);
      opts.log(
        `live stream dropped (${signal ?? `exit ${code}`}: ${err.trim().split('\n').pop() ?? ''}); retrying in ${delay} ms`,
      );
      retry = setTimeout(() => {
        retry = null;
        if (wanted) spawnRelay();
      }, delay);
    });
  };

  const send = (b: Buffer) => {
    if (child?.stdin && !child.stdin.destroyed && child.stdin.writableLength < 8 * 1024 * 1024) child.stdin.write(b);
  };

  return {
    get streaming() {
      return child !== null && joined;
    },
    write(chunk: Buffer) {
      for (const tag of reader.push(chunk)) {
        opts.onTag?.(tag);
        if (tag.type === 'script') meta = tag;
        else if (tag.config && tag.type === 'video') videoConfig = tag;
        else if (tag.config && tag.type === 'audio') audioConfig = tag;
        if (!child) continue;
        if (!joined) {
          if (!tag.keyframe || tag.config || !reader.header || !videoConfig) continue;
          baseTs = tag.timestamp;
          send(reader.header);
          for (const t of [meta, videoConfig, audioConfig]) if (t) send(retimed({ ...t, timestamp: baseTs }));
          joined = true;
        }
        if (!tag.config && tag.type !== 'script') send(retimed(tag));
      }
    },
    newStream() {
      reader = new FlvTagReader();
      meta = videoConfig = audioConfig = null;
      // A joined relay cannot splice the new stream in (timestamps restart at zero):
      // end it; its exit handler reconnects and rejoins at the new stream's first keyframe.
      if (child && joined) child.stdin?.end();
    },
    start() {
      if (wanted) return;
      wanted = true;
      attempt = 0;
      child = null;
      spawnRelay();
    },
    async stop() {
      wanted = false;
      if (retry) clearTimeout(retry);
      retry = null;
      const c = child;
      if (!c) return;
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => c.kill('SIGKILL'), 3000);
        c.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        c.stdin?.end();
      });
    },
  };
}
