/**
 * Splits an FLV byte stream into its header and tags, so the live relay can
 * join the continuous encoder's output at any keyframe: it replays the
 * stream header, metadata and codec configuration, then forwards tags from
 * the next video keyframe on.
 */
export interface FlvTag {
  type: 'audio' | 'video' | 'script';
  /** Milliseconds, as in the tag header (24 bits + 8 extended). */
  timestamp: number;
  /** The whole tag including its 11-byte header and 4-byte trailing size. */
  bytes: Buffer;
  keyframe: boolean;
  /** AVC or AAC sequence header (codec configuration). */
  config: boolean;
}

const TYPES: Record<number, FlvTag['type']> = { 8: 'audio', 9: 'video', 18: 'script' };

export class FlvTagReader {
  private buf: Buffer = Buffer.alloc(0);
  private headerDone = false;
  header: Buffer | null = null;

  /** Feeds bytes; returns the complete tags they finished. */
  push(chunk: Buffer): FlvTag[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const tags: FlvTag[] = [];
    if (!this.headerDone) {
      if (this.buf.length < 13) return tags;
      if (this.buf.toString('latin1', 0, 3) !== 'FLV') throw new Error('not an FLV stream');
      const headerSize = this.buf.readUInt32BE(5);
      // The header plus the first PreviousTagSize0.
      this.header = Buffer.from(this.buf.subarray(0, headerSize + 4));
      this.buf = this.buf.subarray(headerSize + 4);
      this.headerDone = true;
    }
    let off = 0;
    while (this.buf.length - off >= 11) {
      const dataSize = this.buf.readUIntBE(off + 1, 3);
      const total = 11 + dataSize + 4;
      if (this.buf.length - off < total) break;
      const typeId = this.buf[off]! & 0x1f;
      const ts = this.buf.readUIntBE(off + 4, 3) | (this.buf[off + 7]! << 24);
      const first = this.buf[off + 11];
      const second = this.buf[off + 12];
      const type = TYPES[typeId];
      if (type) {
        tags.push({
          type,
          timestamp: ts >>> 0,
          bytes: Buffer.from(this.buf.subarray(off, off + total)),
          keyframe: type === 'video' && first !== undefined && first >> 4 === 1,
          config:
            (type === 'video' && (first! & 0x0f) === 7 && second === 0) ||
            (type === 'audio' && first! >> 4 === 10 && second === 0),
        });
      }
      off += total;
    }
    this.buf = this.buf.subarray(off);
    return tags;
  }
}
