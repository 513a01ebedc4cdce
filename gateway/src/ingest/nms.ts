/**
 * RTMP ingest on node-media-server 4. We own the TCP listener (ephemeral
 * ports, clear errors instead of NMS's process.exit) and drive NMS's session
 * and broadcast classes directly, which also lets us fix two NMS traps:
 *  - prePublish cannot refuse: we close a refused session right after publish;
 *  - a stale publisher (dropped without FIN) blocks the path: a new publish
 *    for the same device takes over at once.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { createServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocketServer as WebSocketServerType } from 'ws';
import { deviceIdFromStreamPath, streamPath } from '@liuhen/device-profiles';
import { closeServer, listen } from '../listen.js';
import type { Logger } from '../log.js';
import type { FlvSink, Ingest, IngestEvents, IngestOptions } from './ingest.js';
import { DEFAULT_PRE_PUBLISH_LIMITS, guardPrePublish } from './rtmp-guard.js';

const require = createRequire(import.meta.url);

/* Minimal views of the NMS internals we use (NMS is untyped CommonJS). */
interface NmsSession {
  id: string;
  ip: string;
  protocol: string;
  streamPath: string;
  /** The publish stream name's query string, parsed (`live/<id>?exp=…&sig=…`). */
  streamQuery?: Record<string, unknown>;
  isPublisher: boolean;
  endTime: number;
  /** RTMP sessions only: the publisher's connection. */
  socket?: Socket;
  close(): void;
  sendBuffer(buf: Buffer): void;
}
interface NmsBroadcast {
  publisher: NmsSession | null;
  subscribers: Map<string, NmsSession>;
  publishGraceMs: number;
  postPlay(session: NmsSession): string | null;
  donePlay(session: NmsSession): void;
  _finishPublish(): void;
}
interface NmsContext {
  config: Record<string, unknown>;
  sessions: Map<string, NmsSession>;
  broadcasts: Map<string, NmsBroadcast>;
  eventEmitter: EventEmitter;
}

const Context = require('node-media-server/src/core/context.js') as NmsContext;
const RtmpSession = require('node-media-server/src/session/rtmp_session.js') as new (socket: Socket) => NmsSession & {
  run(): void;
  rtmp: Parameters<typeof guardPrePublish>[0];
};
const FlvSession = require('node-media-server/src/session/flv_session.js') as new (
  req: unknown,
  res: unknown,
) => NmsSession & { run(): void };
const BroadcastServer = require('node-media-server/src/server/broadcast_server.js') as new (
  path: string,
) => NmsBroadcast;
// The same ws module NMS checks with instanceof, not a second copy.
const { WebSocketServer } = createRequire(require.resolve('node-media-server'))('ws') as {
  WebSocketServer: typeof WebSocketServerType;
};
const nmsLogger = require('node-media-server/src/core/logger.js') as { log: (msg: string, level?: string) => void };

let instances = 0;

/** A sink gets what arrived at most this long ago, or as soon as this much is waiting. */
const SINK_FLUSH_MS = 100;
const SINK_FLUSH_BYTES = 64 * 1024;

/**
 * Hands a sink the stream in batches instead of one FLV tag at a time. NMS sends every tag (about 70 a
 * second for a 25 fps stream with AAC) on its own; written one by one into a station recorder's stdin,
 * that is a pipe write per tag in the gateway and a wake-up per tag in ffmpeg, the largest part of what a
 * recorded stream costs. Batched, the same bytes go over in about ten writes a second, in order, and
 * everything waiting is handed over before the sink is ended.
 */
function batchedSink(sink: FlvSink): FlvSink {
  let chunks: Buffer[] = [];
  let bytes = 0;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (chunks.length === 0) return;
    const out = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, bytes);
    chunks = [];
    bytes = 0;
    sink.write(out);
  };
  return {
    write(chunk: Buffer) {
      chunks.push(chunk);
      bytes += chunk.length;
      if (bytes >= SINK_FLUSH_BYTES) flush();
      else if (!timer) {
        timer = setTimeout(flush, SINK_FLUSH_MS);
        timer.unref();
      }
    },
    end() {
      flush();
      sink.end();
    },
  };
}

export async function startNmsIngest(opts: IngestOptions, log: Logger): Promise<Ingest> {
  // NMS keeps its state in a module singleton: one ingest per process.
  if (instances > 0) throw new Error('only one node-media-server ingest can run in a process');
  instances += 1;

  nmsLogger.log = (msg: string, level = 'info') => {
    if (level === 'error') log.warn({ nms: true }, msg);
    else log.debug({ nms: true }, msg);
  };
  Context.config = { bind: opts.host, rtmp: { port: opts.port }, auth: { play: false, publish: false } };

  const emitter = new EventEmitter<IngestEvents>();
  /** deviceId → id of the publish session currently live. */
  const live = new Map<string, string>();
  const sockets = new Set<Socket>();
  const graceMs = opts.reconnectGraceSeconds * 1000;
  /** Until a publish is accepted, a connection lives on a deadline: nobody holds the port idle. */
  const publishDeadlineMs = (opts.publishDeadlineSeconds ?? 20) * 1000;
  /** Sockets still before an accepted publish: their deadline and their guard. */
  const pending = new Map<Socket, { deadline: NodeJS.Timeout; guard: { admit(): void } }>();
  const limits = {
    ...DEFAULT_PRE_PUBLISH_LIMITS,
    ...(opts.prePublishMaxBytes ? { maxBytes: opts.prePublishMaxBytes } : {}),
  };
  const maxPending = opts.maxPendingConnections ?? 64;
  /** A socket's publish was accepted (or it closed): it is off the pre-publish limits. */
  const admitted = (socket: Socket) => {
    const p = pending.get(socket);
    if (!p) return;
    clearTimeout(p.deadline);
    p.guard.admit();
    pending.delete(socket);
  };

  const broadcastFor = (path: string): NmsBroadcast => {
    let b = Context.broadcasts.get(path);
    if (!b) {
      b = new BroadcastServer(path);
      Context.broadcasts.set(path, b);
    }
    return b;
  };

  const refusalOf = (session: NmsSession): string | null => {
    const deviceId = deviceIdFromStreamPath(session.streamPath);
    if (!deviceId) return `stream name ${session.streamPath} is not /live/<deviceId>`;
    return opts.publishRefusal(deviceId, session.streamQuery ?? {});
  };

  const onPrePublish = (session: NmsSession) => {
    const b = Context.broadcasts.get(session.streamPath);
    b!.publishGraceMs = graceMs;
    // Authenticate before anything else: a publish the station refuses (no key, a wrong or
    // expired one) never displaces the stream that is live; postPublish closes it.
    if (refusalOf(session) !== null) return;
    // Take over from a publisher whose socket never closed (network dropped with no FIN).
    if (b?.publisher && b.publisher !== session && b.publisher.endTime === 0) {
      log.info({ stream: session.streamPath }, 'new publish replaces a stale publisher');
      const stale = b.publisher;
      stale.endTime = Date.now();
      b._finishPublish();
      // _finishPublish drops an empty broadcast from the registry, but the new
      // session already holds this one: put it back so sinks and viewers find it.
      Context.broadcasts.set(session.streamPath, b);
      // Drop the connection outright: a graceful close would wait for a peer that may never answer
      // (the socket and its session would linger for minutes), and anything still arriving on it
      // would be mixed into the new publisher's stream.
      if (stale.socket) stale.socket.destroy();
      else stale.close();
    }
  };

  const onPostPublish = (session: NmsSession) => {
    const deviceId = deviceIdFromStreamPath(session.streamPath);
    const reason = refusalOf(session);
    if (reason) {
      log.warn({ stream: session.streamPath, ip: session.ip }, `refused publish: ${reason}`);
      emitter.emit('refused', session.streamPath, reason);
      // NMS has already accepted the publish; closing now is the only way to refuse it.
      setImmediate(() => {
        session.close();
        const b = Context.broadcasts.get(session.streamPath);
        // Release the path now rather than holding it through the reconnect grace (only if it
        // is this refused session's: a live stream on the same path is left alone).
        if (b?.publisher === session) b._finishPublish();
      });
      return;
    }
    if (session.socket) admitted(session.socket);
    const resumed = live.has(deviceId!);
    live.set(deviceId!, session.id);
    if (!resumed) emitter.emit('publish', deviceId!, session.id);
    else log.info({ deviceId }, 'publisher reconnected within the grace window');
    emitter.emit('accepted', deviceId!, session.id, resumed);
  };

  /** Sinks to end when a stream path's publish ends: one listener for all streams, not one each. */
  const sinkEnds = new Map<string, (() => void)[]>();

  const onDonePublish = (session: NmsSession) => {
    const ends = sinkEnds.get(session.streamPath);
    if (ends) {
      sinkEnds.delete(session.streamPath);
      for (const end of ends) end();
    }
    const deviceId = deviceIdFromStreamPath(session.streamPath);
    if (!deviceId || !live.has(deviceId)) return;
    const sessionId = live.get(deviceId)!;
    live.delete(deviceId);
    emitter.emit('unpublish', deviceId, sessionId);
  };

  // Watching goes through the station's HTTP routes, which check who is signed in; NMS would let any
  // RTMP client play any stream, so an RTMP play is refused (logged) as soon as it asks.
  // prePlay comes before NMS sends anything (header, GOP cache): the session gets nothing, then is closed.
  const onPrePlay = (session: NmsSession & { protocol?: string }) => {
    if (session.protocol !== 'rtmp') return;
    log.warn({ stream: session.streamPath, ip: session.ip }, 'refused rtmp play: watch through the station dashboard');
    session.sendBuffer = () => undefined;
    setImmediate(() => session.close());
  };

  Context.eventEmitter.on('prePlay', onPrePlay);
  Context.eventEmitter.on('prePublish', onPrePublish);
  Context.eventEmitter.on('postPublish', onPostPublish);
  Context.eventEmitter.on('donePublish', onDonePublish);

  const server = createServer((socket) => {
    // Before a publish is accepted a connection is nobody: it gets a deadline, a byte budget and
    // a place among a bounded number of such connections, so it cannot hold memory or the port.
    if (pending.size >= maxPending) {
      log.warn(
        { ip: socket.remoteAddress, pending: pending.size },
        'rtmp connection refused: too many without a publish',
      );
      socket.destroy();
      return;
    }
    sockets.add(socket);
    const deadline = setTimeout(() => {
      log.warn(
        { ip: socket.remoteAddress },
        `rtmp connection closed: no accepted publish within ${publishDeadlineMs / 1000} s`,
      );
      socket.destroy();
    }, publishDeadlineMs);
    deadline.unref();
    socket.on('close', () => {
      sockets.delete(socket);
      admitted(socket);
    });
    socket.setNoDelay(true);
    const session = new RtmpSession(socket);
    const guard = guardPrePublish(session.rtmp, socket, limits, (reason) =>
      log.warn({ ip: socket.remoteAddress }, `rtmp connection closed: ${reason}`),
    );
    pending.set(socket, { deadline, guard });
    session.run();
    Context.sessions.set(session.id, session);
  });
  const port = await listen(server, opts.host, opts.port, ['rtmp', 'port']);
  log.info({ port }, 'rtmp ingest listening');

  // No subprotocols: NMS would treat "post"/"publisher" as a WebSocket publish.
  const wss = new WebSocketServer({ noServer: true, handleProtocols: () => false, maxPayload: 1024 });
  let sinkSeq = 0;
  const ingest = Object.assign(emitter, {
    port,
    isLive: (deviceId: string) => live.has(deviceId),
    liveDevices: () => [...live.keys()],
    attachSink(deviceId: string, sink: FlvSink) {
      const path = streamPath(deviceId);
      const b = broadcastFor(path);
      const batch = batchedSink(sink);
      // An internal subscriber: ip "" keeps it out of NMS play events and counts.
      const sub: NmsSession = {
        id: `sink-${++sinkSeq}`,
        ip: '',
        protocol: 'flv',
        streamPath: path,
        isPublisher: false,
        endTime: 0,
        close: () => undefined,
        sendBuffer: (buf: Buffer) => batch.write(buf),
      };
      b.postPlay(sub);
      const ends = sinkEnds.get(path) ?? [];
      ends.push(() => {
        b.donePlay(sub);
        batch.end();
      });
      sinkEnds.set(path, ends);
    },
    play(deviceId: string, req: IncomingMessage, res: ServerResponse) {
      res.writeHead(200, {
        'Content-Type': 'video/x-flv',
        'Cache-Control': 'no-store',
        'Access-Control-Allow-Origin': '*',
      });
      const url = new URL(req.url ?? '/', 'http://x');
      // FlvSession expects an Express-style request.
      const expressLike = Object.assign(req, {
        params: { app: 'live', name: deviceId },
        query: Object.fromEntries(url.searchParams),
        hostname: req.headers.host?.split(':')[0] ?? '',
      });
      const session = new FlvSession(expressLike, res);
      session.run();
      Context.sessions.set(session.id, session);
    },
    playUpgrade(deviceId: string, req: IncomingMessage, socket: Duplex, head: Buffer) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        // FlvSession reads app/name from the URL of a WebSocket request.
        req.url = `/live/${deviceId}.flv`;
        const session = new FlvSession(req, ws);
        session.run();
        Context.sessions.set(session.id, session);
      });
    },
    endStream(deviceId: string) {
      const b = Context.broadcasts.get(streamPath(deviceId));
      if (!b?.publisher) return;
      const pub = b.publisher;
      b._finishPublish();
      if (pub.endTime === 0) pub.close();
    },
    async close() {
      for (const deviceId of [...live.keys()]) ingest.endStream(deviceId);
      for (const s of sockets) s.destroy();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await closeServer(server);
      Context.eventEmitter.off('prePlay', onPrePlay);
      Context.eventEmitter.off('prePublish', onPrePublish);
      Context.eventEmitter.off('postPublish', onPostPublish);
      Context.eventEmitter.off('donePublish', onDonePublish);
      instances -= 1;
    },
  });
  return ingest;
}
