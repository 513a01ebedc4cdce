/**
 * What the gateway needs from a live-video ingest. node-media-server is the
 * embedded implementation (nms.ts); an nginx-rtmp or MediaMTX front end can
 * implement the same interface for a larger station.
 */
import type { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** Receives the raw FLV byte stream (header, then tags) of one live stream. */
export interface FlvSink {
  write(chunk: Buffer): void;
  /** The stream ended (publisher gone for good, or the ingest closed). */
  end(): void;
}

export interface IngestEvents {
  /** A device started publishing; `sessionId` identifies this publish. */
  publish: [deviceId: string, sessionId: string];
  /** The publish ended for good (after any reconnect grace). */
  unpublish: [deviceId: string, sessionId: string];
  /** Every accepted publish, including a reconnect that continues the same stream. */
  accepted: [deviceId: string, sessionId: string, resumed: boolean];
  /** A publish was refused; `reason` says why. */
  refused: [streamPath: string, reason: string];
}

export interface Ingest extends EventEmitter<IngestEvents> {
  readonly port: number;
  isLive(deviceId: string): boolean;
  liveDevices(): string[];
  /** Attaches a sink that receives the stream from now until it ends. */
  attachSink(deviceId: string, sink: FlvSink): void;
  /** Serves the live stream as HTTP-FLV on this response. */
  play(deviceId: string, req: IncomingMessage, res: ServerResponse): void;
  /**
   * Serves the live stream as FLV over a WebSocket (an HTTP upgrade). Browsers
   * allow only six HTTP/1.1 connections per host, so a board with many live
   * tiles must not hold one long HTTP response per tile.
   */
  playUpgrade(deviceId: string, req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Ends a stream at once (the device said it stopped), skipping the reconnect grace. */
  endStream(deviceId: string): void;
  close(): Promise<void>;
}

export interface IngestOptions {
  host: string;
  port: number;
  reconnectGraceSeconds: number;
  /** A connection that has not started an accepted publish this long after it opened is closed. */
  publishDeadlineSeconds?: number;
  /** A connection sending more than this before its publish is accepted is closed. */
  prePublishMaxBytes?: number;
  /** Connections without an accepted publish held at once; more are closed on arrival. */
  maxPendingConnections?: number;
  /** Null lets the device publish; otherwise the reason it is refused (logged). `query` is the stream name's query string. */
  publishRefusal: (deviceId: string, query: Record<string, unknown>) => string | null;
}
