/**
 * Splits a byte stream into `\n`-terminated lines (a trailing `\r` is
 * dropped) with a length cap: a device at the wrong baud rate sends garbage
 * that may never contain a newline, and an unbounded buffer would grow for the
 * whole shift. Overlong input is discarded up to the next newline.
 */

export interface LineSplitterOptions {
  /** Longest line kept, without the terminator (default 256). */
  maxLength?: number;
  /** Called with the number of bytes dropped from an overlong line. */
  onOverflow?: (dropped: number) => void;
}

export function createLineSplitter(
  onLine: (line: string) => void,
  opts: LineSplitterOptions = {},
): (chunk: Buffer | string) => void {
  const max = opts.maxLength ?? 256;
  let buf = '';
  let dropping = 0;
  return (chunk) => {
    let s = typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    while (s.length > 0) {
      const nl = s.indexOf('\n');
      const part = nl === -1 ? s : s.slice(0, nl);
      s = nl === -1 ? '' : s.slice(nl + 1);
      if (dropping > 0) {
        dropping += part.length;
      } else {
        buf += part;
        // +1 leaves room for a trailing \r
        if (buf.length > max + 1) {
          dropping = buf.length;
          buf = '';
        }
      }
      if (nl === -1) break;
      const line = buf.endsWith('\r') ? buf.slice(0, -1) : buf;
      buf = '';
      if (dropping > 0 || line.length > max) {
        opts.onOverflow?.(dropping || line.length);
        dropping = 0;
      } else {
        onLine(line);
      }
    }
  };
}
