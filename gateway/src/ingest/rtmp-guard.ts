/**
 * Limits on an RTMP connection before its publish is accepted: until then it is nobody, and
 * node-media-server would otherwise answer any bytes as a handshake and allocate whatever
 * message length each chunk header announces (up to 16 MB, once per chunk stream), from a few
 * bytes of garbage. The guard sits in front of the session's parser, so refused bytes are never
 * parsed: a connection is closed at its first byte if that is not RTMP's version 3, when it sends
 * more than the byte budget, announces a message larger than a command needs, or opens more
 * chunk streams than a publish uses. Once the publish is accepted the recorder is past all of it.
 */
import type { Socket } from 'node:net';

export interface PrePublishLimits {
  /** Bytes a connection may send before its publish is accepted. */
  maxBytes: number;
  /** Largest message (announced length) before the publish: connect, createStream and publish are small. */
  maxMessageBytes: number;
  /** Chunk streams before the publish (a publisher uses a handful). */
  maxChunkStreams: number;
}

export const DEFAULT_PRE_PUBLISH_LIMITS: PrePublishLimits = {
  maxBytes: 256 * 1024,
  maxMessageBytes: 64 * 1024,
  maxChunkStreams: 16,
};

/** The parts of node-media-server's RTMP protocol object the guard wraps (src/protocol/rtmp.js). */
export interface NmsRtmp {
  parserData(data: Buffer): string | null;
  packetAlloc(): void;
  parserPacket: { header: { length: number; type: number } };
  inPackets: Map<number, unknown>;
}

const RTMP_VERSION = 3;

/**
 * Wraps the session's parser. `refuse` is called once, with the reason, when a limit is passed
 * (the caller logs and closes the socket). Returns `admit()`, to call once the publish is accepted.
 */
export function guardPrePublish(
  rtmp: NmsRtmp,
  socket: Socket,
  limits: PrePublishLimits,
  refuse: (reason: string) => void,
): { admit(): void } {
  let admitted = false;
  let refused = false;
  let received = 0;
  const stop = (reason: string) => {
    if (refused) return;
    refused = true;
    refuse(reason);
    socket.destroy();
  };
  const parse = rtmp.parserData.bind(rtmp);
  rtmp.parserData = (data: Buffer) => {
    if (admitted) return parse(data);
    if (refused) return null;
    if (received === 0 && data.length > 0 && data[0] !== RTMP_VERSION)
      stop(`not an RTMP handshake (first byte 0x${data[0]!.toString(16).padStart(2, '0')}, RTMP sends 0x03)`);
    received += data.length;
    if (received > limits.maxBytes) stop(`more than ${limits.maxBytes} bytes before an accepted publish`);
    return refused ? null : parse(data);
  };
  const alloc = rtmp.packetAlloc.bind(rtmp);
  rtmp.packetAlloc = () => {
    if (!admitted) {
      const { header } = rtmp.parserPacket;
      if (header.length > limits.maxMessageBytes)
        stop(`a ${header.length}-byte message before an accepted publish (at most ${limits.maxMessageBytes})`);
      else if (rtmp.inPackets.size > limits.maxChunkStreams)
        stop(`more than ${limits.maxChunkStreams} chunk streams before an accepted publish`);
      if (refused) {
        // The parser is mid-chunk: make this message empty and of no type, so nothing is
        // allocated or handled for it; the rest of the bytes are never parsed.
        header.length = 0;
        header.type = 0;
        return;
      }
    }
    alloc();
  };
  return {
    admit() {
      admitted = true;
    },
  };
}
