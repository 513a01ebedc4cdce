/**
 * The serial-MCU driver over real serialport 13 with the mock binding: MCU
 * lines are pushed in with `emitData`, host lines are read back from the
 * port's `recording`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SerialPortMock } from 'serialport';
import { SerialMcuHardware } from '../../src/hardware/serial-mcu.js';
import { checksum } from '../../src/hardware/mcu-protocol.js';

const PATH = '/dev/ROBOT';
// Short timings keep the test quick; the long press still leaves wide margins for a loaded CI machine.
const fast = { debounceMs: 10, longPressMs: 600 };

async function waitFor(cond: () => boolean, what: string, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Rig {
  port: SerialPortMock;
  hw: SerialMcuHardware;
  logs: string[];
  faults: string[];
  /** Sends a line from the MCU, framed with its checksum unless `raw`. */
  mcu(body: string, raw?: boolean): void;
  /** Host → MCU lines written so far. */
  written(): string[];
}

async function rig(opts: { pingIntervalMs?: number } = {}): Promise<Rig> {
  const port = new SerialPortMock({ path: PATH, baudRate: 115200 });
  await new Promise<void>((resolve, reject) => {
    port.once('open', () => resolve());
    port.once('error', reject);
  });
  const logs: string[] = [];
  const faults: string[] = [];
  const hw = new SerialMcuHardware(port, {
    button: fast,
    pingIntervalMs: opts.pingIntervalMs ?? 0,
    log: (m) => logs.push(m),
  });
  hw.on('fault', (f) => faults.push(f));
  return {
    port,
    hw,
    logs,
    faults,
    mcu(body, raw = false) {
      port.port!.emitData(raw ? body : `${body}*${checksum(body)}\n`);
    },
    written() {
      return (port.port?.recording.toString('latin1') ?? '').split('\n').filter(Boolean);
    },
  };
}

describe('serial-MCU driver', () => {
  let r: Rig;
  beforeEach(async () => {
    SerialPortMock.binding.createPort(PATH, { echo: false, record: true });
    r = await rig();
  });
  afterEach(async () => {
    await r.hw.close();
    SerialPortMock.binding.reset();
  });

  it('greets the MCU on open', async () => {
    await waitFor(() => r.written().length > 0, 'HELLO');
    expect(r.written()[0]).toBe('HELLO liuhen-host 1*4D');
  });

  it('on the MCU HELLO, re-sends the lights and asks for the battery', async () => {
    r.hw.setCue('recording');
    r.mcu('HELLO liuhen-mcu 1 rec-mcu-0.3');
    await waitFor(() => r.hw.mcu !== null && r.written().includes('BAT?*68'), 'resync');
    expect(r.hw.mcu).toEqual({ version: 1, firmware: 'rec-mcu-0.3' });
    const lights = ['LED RED ON*1F', 'LED GREEN OFF*59', 'LED AMBER OFF*5B'];
    // Greeting, the cue, then after the MCU's HELLO the same lights again and a battery query.
    expect(r.written()).toEqual(['HELLO liuhen-host 1*4D', ...lights, ...lights, 'BAT?*68']);
  });

  it('turns BTN REC edges into press (short) and mark (long), and BTN MARK into mark', async () => {
    const events: string[] = [];
    r.hw.on('press', () => events.push('press'));
    r.hw.on('mark', () => events.push('mark'));
    r.mcu('BTN REC DOWN');
    await sleep(60);
    r.mcu('BTN REC UP');
    await waitFor(() => events.length === 1, 'press');
    expect(events).toEqual(['press']);

    r.mcu('BTN REC DOWN');
    await waitFor(() => events.length === 2, 'mark while held');
    expect(events).toEqual(['press', 'mark']);
    r.mcu('BTN REC UP');
    await sleep(60);
    expect(events).toEqual(['press', 'mark']);

    r.mcu('BTN MARK DOWN');
    await waitFor(() => events.length === 3, 'mark button');
    r.mcu('BTN MARK UP');
    expect(events).toEqual(['press', 'mark', 'mark']);
  });

  it('reports the battery and the holster switch', async () => {
    const batteries: unknown[] = [];
    const triggers: string[] = [];
    r.hw.on('battery', (b) => batteries.push(b));
    r.hw.on('trigger', (t) => triggers.push(t.input));
    r.mcu('BAT 87 3.91 CHG');
    r.mcu('BAT 12 3.55 DIS');
    await waitFor(() => batteries.length === 2, 'battery');
    expect(batteries).toEqual([
      { percent: 87, volts: 3.91, charging: true },
      { percent: 12, volts: 3.55, charging: false },
    ]);
    expect(r.hw.lastBattery()).toEqual({ percent: 12, volts: 3.55, charging: false });
    r.mcu('SW HOLSTER CLOSED');
    await sleep(40);
    r.mcu('SW HOLSTER OPEN');
    await waitFor(() => triggers.length === 1, 'trigger');
    expect(triggers).toEqual(['holster']);
  });

  it('logs and ignores malformed and unknown lines, and keeps working', async () => {
    let presses = 0;
    r.hw.on('press', () => presses++);
    r.mcu('BTN REC DOWN*00\n', true); // bad checksum
    r.mcu('BTN REC DOWN\n', true); // no checksum
    r.mcu('\u0001\u00ff\u00fe garbage\n', true); // line noise
    r.mcu('REBOOT NOW'); // unknown, well framed
    r.mcu('BTN REC SIDEWAYS'); // known, bad argument
    r.mcu('x'.repeat(500) + '\n', true); // overlong
    await waitFor(() => r.logs.filter((l) => l.startsWith('mcu: ')).length >= 6, 'logs');
    expect(r.logs.some((l) => l.includes('checksum'))).toBe(true);
    expect(r.logs.some((l) => l.includes('unknown'))).toBe(true);
    expect(r.logs.some((l) => l.includes('overlong'))).toBe(true);
    await sleep(50);
    expect(presses).toBe(0);
    r.mcu('BTN REC DOWN');
    await sleep(40);
    r.mcu('BTN REC UP');
    await waitFor(() => presses === 1, 'press after garbage');
  });

  it('sends cues as LED lines (only changes) and patterns as VIB/BEEP trains', async () => {
    r.hw.setCue('standby');
    r.hw.setCue(['standby', 'alert']);
    r.hw.vibrate('start');
    r.hw.beep('stop');
    await waitFor(() => r.written().includes('BEEP 150 100 150*03'), 'BEEP');
    expect(r.written().slice(1)).toEqual([
      'LED RED OFF*51',
      'LED GREEN ON*17',
      'LED AMBER OFF*5B',
      'LED AMBER ON*15',
      'VIB 400*49',
      'BEEP 150 100 150*03',
    ]);
  });

  it('an ERR from the MCU becomes a fault', async () => {
    r.mcu('ERR CHECKSUM');
    await waitFor(() => r.faults.length > 0, 'fault');
    expect(r.faults[0]).toBe('mcu: ERR CHECKSUM');
  });

  it('ignores an MCU that speaks another protocol version, with a fault', async () => {
    let presses = 0;
    r.hw.on('press', () => presses++);
    r.mcu('HELLO liuhen-mcu 2');
    await waitFor(() => r.faults.length > 0, 'fault');
    expect(r.faults[0]).toMatch(/protocol 2/);
    r.mcu('BTN REC DOWN');
    await sleep(40);
    r.mcu('BTN REC UP');
    await sleep(60);
    expect(presses).toBe(0);
  });

  it('close switches the LEDs off and closes the port', async () => {
    r.hw.setCue('recording');
    await r.hw.close();
    expect(r.port.isOpen).toBe(false);
    // Green and amber were already off: only red needs a line.
    expect(r.written().slice(-4)).toEqual(['LED RED ON*1F', 'LED GREEN OFF*59', 'LED AMBER OFF*5B', 'LED RED OFF*51']);
  });
});

describe('serial-MCU liveness', () => {
  beforeEach(() => {
    SerialPortMock.binding.createPort(PATH, { echo: false, record: true });
  });
  afterEach(() => {
    SerialPortMock.binding.reset();
  });

  it('pings, reports a silent MCU once, and notices it come back', async () => {
    const r = await rig({ pingIntervalMs: 20 });
    // Silence is three pings in a row unanswered, however late the host's timer runs on a loaded machine.
    await waitFor(() => r.faults.length > 0, 'silence fault', 10_000);
    expect(r.faults).toHaveLength(1);
    expect(r.faults[0]).toMatch(/^mcu silent: 3 pings unanswered, nothing heard for \d+ ms$/);
    await waitFor(() => r.written().filter((l) => l === 'PING*10').length >= 4, 'pings after the fault', 10_000);
    expect(r.faults).toHaveLength(1);
    r.mcu('PONG');
    await waitFor(() => r.logs.includes('mcu: link back'), 'link back', 10_000);
    await r.hw.close();
  });

  it('a host that stalls does not find an answering MCU silent', async () => {
    const r = await rig({ pingIntervalMs: 20 });
    // The MCU answers every PING at once, as it must (within 100 ms).
    let pongs = 0;
    const write = r.port.write.bind(r.port) as (chunk: string) => boolean;
    (r.port as unknown as { write: (chunk: string) => boolean }).write = (chunk: string) => {
      const ok = write(chunk);
      if (chunk.startsWith('PING')) {
        setImmediate(() => {
          if (!r.port.port) return;
          pongs += 1;
          r.mcu('PONG');
        });
      }
      return ok;
    };
    await waitFor(() => pongs >= 2, 'answered pings');
    // The host is stuck for ten ping periods (a long GC, a slow SD card, a busy Pi): the first
    // tick after it comes late, with nothing new heard; that is one unanswered ping, not silence.
    const until = performance.now() + 200;
    while (performance.now() < until) {
      /* busy */
    }
    const after = pongs;
    await waitFor(() => pongs >= after + 5, 'pings answered after the stall');
    expect(r.faults).toEqual([]);
    await r.hw.close();
  });
});
