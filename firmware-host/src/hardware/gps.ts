/**
 * GPS module on a UART: NMEA lines in, one `GpsFix` per receiver epoch out.
 * A receiver sends RMC and GGA for the same second in either order; the
 * assembler waits for both (or for the next second) so a fix carries HDOP
 * and the date together.
 */
import { EventEmitter } from 'node:events';
import { createLineSplitter } from './lines.js';
import { parseNmea, type NmeaSentence } from './nmea.js';
import type { AnySerialPort } from './serial.js';
import type { GpsFix } from './types.js';

const KNOT_MPS = 1852 / 3600;
const DAY_MS = 86_400_000;

type Rmc = Extract<NmeaSentence, { kind: 'RMC' }>;
type Gga = Extract<NmeaSentence, { kind: 'GGA' }>;

export interface FixAssemblerOptions {
  /** Wall clock, only for the date of a GGA-only receiver before any RMC (default Date.now). */
  now?: () => number;
}

/** Feed parsed sentences; `onFix` gets a fix per epoch that has a valid position. */
export function createFixAssembler(
  onFix: (fix: GpsFix) => void,
  opts: FixAssemblerOptions = {},
): (s: NmeaSentence) => void {
  const now = opts.now ?? Date.now;
  let epoch: { timeMs: number; rmc?: Rmc; gga?: Gga; done: boolean } | null = null;
  let lastDate: { y: number; m: number; d: number } | null = null;

  const dayStart = (timeMs: number): number => {
    if (lastDate) return Date.UTC(lastDate.y, lastDate.m - 1, lastDate.d);
    const t = now();
    let start = t - (t % DAY_MS);
    // Just after midnight by the local clock, a fix from just before midnight belongs to yesterday.
    if (timeMs - (t - start) > DAY_MS / 2) start -= DAY_MS;
    return start;
  };

  const emit = (e: NonNullable<typeof epoch>) => {
    if (e.done) return;
    const { rmc, gga } = e;
    let lat: number | null = null;
    let lon: number | null = null;
    if (rmc) {
      if (!rmc.valid) return;
      lat = rmc.lat;
      lon = rmc.lon;
    } else if (gga && gga.quality > 0) {
      lat = gga.lat;
      lon = gga.lon;
    }
    if (lat === null || lon === null) return;
    e.done = true;
    const fix: GpsFix = { lat, lon, fixAt: new Date(dayStart(e.timeMs) + e.timeMs) };
    if (gga?.hdop != null) fix.hdop = gga.hdop;
    if (gga?.satellites != null) fix.satellites = gga.satellites;
    if (gga?.altitudeM != null) fix.altitudeM = gga.altitudeM;
    if (rmc?.speedKnots != null) fix.speedMps = Math.round(rmc.speedKnots * KNOT_MPS * 100) / 100;
    onFix(fix);
  };

  return (s) => {
    if (s.kind === 'RMC' && s.date) lastDate = s.date;
    if (!epoch || epoch.timeMs !== s.timeMs) {
      if (epoch) emit(epoch);
      epoch = { timeMs: s.timeMs, done: false };
    }
    if (s.kind === 'RMC') epoch.rmc = s;
    else epoch.gga = s;
    if (epoch.rmc && epoch.gga) emit(epoch);
  };
}

export interface GpsStats {
  sentences: number;
  badChecksum: number;
  malformed: number;
}

export interface GpsReceiverOptions {
  log?: (msg: string) => void;
  now?: () => number;
}

export class GpsReceiver extends EventEmitter<{ fix: [GpsFix]; fault: [string] }> {
  readonly port: AnySerialPort;
  readonly stats: GpsStats = { sentences: 0, badChecksum: 0, malformed: 0 };
  readonly #log: (msg: string) => void;
  readonly #onData: (chunk: Buffer) => void;
  readonly #onError: (err: Error) => void;

  constructor(port: AnySerialPort, opts: GpsReceiverOptions = {}) {
    super();
    this.port = port;
    this.#log = opts.log ?? (() => undefined);
    const assemble = createFixAssembler((fix) => this.emit('fix', fix), opts.now ? { now: opts.now } : {});
    const split = createLineSplitter(
      (line) => {
        if (!line.startsWith('$')) return;
        const r = parseNmea(line);
        if (r.ok) {
          this.stats.sentences++;
          assemble(r.sentence);
        } else if (r.error === 'checksum') {
          this.stats.badChecksum++;
          // One in a while is line noise; a steady stream means a wrong baud rate or a loose wire.
          if (this.stats.badChecksum % 100 === 1)
            this.#log(`gps: bad checksum (${r.detail}), ${this.stats.badChecksum} so far`);
        } else if (r.error === 'format') {
          this.stats.malformed++;
        }
      },
      { maxLength: 200 },
    );
    this.#onData = (chunk) => split(chunk);
    this.#onError = (err) => this.emit('fault', `gps ${port.path}: ${err.message}`);
    port.on('data', this.#onData);
    port.on('error', this.#onError);
  }

  async close(): Promise<void> {
    const port = this.port;
    port.off('data', this.#onData);
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    port.off('error', this.#onError);
    this.removeAllListeners();
  }
}
