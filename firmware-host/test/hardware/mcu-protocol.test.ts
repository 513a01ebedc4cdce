/** The MCU line protocol as pure functions; checksums were computed independently of the code under test. */
import { describe, expect, it } from 'vitest';
import { checksum, formatHostCommand, parseHostLine, parseMcuLine, unframe } from '../../src/hardware/mcu-protocol.js';
import { createLineSplitter } from '../../src/hardware/lines.js';

describe('checksum', () => {
  it('is the XOR of the body in two uppercase hex digits', () => {
    expect(checksum('PING')).toBe('10');
    expect(checksum('LED RED ON')).toBe('1F');
    expect(checksum('BAT 87 3.91 CHG')).toBe('21');
  });
});

describe('host → MCU', () => {
  it('formats commands with checksum and newline', () => {
    expect(formatHostCommand({ type: 'hello', version: 1 })).toBe('HELLO liuhen-host 1*4D\n');
    expect(formatHostCommand({ type: 'led', led: 'red', on: true })).toBe('LED RED ON*1F\n');
    expect(formatHostCommand({ type: 'led', led: 'green', on: false })).toBe('LED GREEN OFF*59\n');
    expect(formatHostCommand({ type: 'vibrate', pulses: [400] })).toBe('VIB 400*49\n');
    expect(formatHostCommand({ type: 'vibrate', pulses: [150, 100, 150] })).toBe('VIB 150 100 150*4C\n');
    expect(formatHostCommand({ type: 'beep', pulses: [80] })).toBe('BEEP 80*3A\n');
    expect(formatHostCommand({ type: 'ping' })).toBe('PING*10\n');
    expect(formatHostCommand({ type: 'battery?' })).toBe('BAT?*68\n');
  });

  it('refuses pulse trains the MCU would reject', () => {
    expect(() => formatHostCommand({ type: 'vibrate', pulses: [] })).toThrow(RangeError);
    expect(() => formatHostCommand({ type: 'vibrate', pulses: [100, 100] })).toThrow(RangeError);
    expect(() => formatHostCommand({ type: 'vibrate', pulses: [6000] })).toThrow(RangeError);
    expect(() => formatHostCommand({ type: 'vibrate', pulses: [0] })).toThrow(RangeError);
    expect(() => formatHostCommand({ type: 'vibrate', pulses: Array(11).fill(10) })).toThrow(RangeError);
  });

  it('round-trips through the MCU-side parser', () => {
    for (const line of ['LED AMBER ON*15', 'VIB 150 100 150*4C', 'PING*10', 'BAT?*68', 'HELLO liuhen-host 1*4D']) {
      const r = parseHostLine(line);
      expect(r.ok).toBe(true);
      if (r.ok) expect(formatHostCommand(r.msg)).toBe(`${line}\n`);
    }
    expect(parseHostLine('LED BLUE ON*1C')).toMatchObject({ ok: false, error: 'checksum' });
    expect(parseHostLine(`LED BLUE ON*${checksum('LED BLUE ON')}`)).toMatchObject({ ok: false, error: 'syntax' });
    expect(parseHostLine(`FLY*${checksum('FLY')}`)).toMatchObject({ ok: false, error: 'unknown' });
  });
});

describe('MCU → host', () => {
  it('parses every message', () => {
    expect(parseMcuLine('HELLO liuhen-mcu 1 rec-mcu-0.3*34')).toEqual({
      ok: true,
      msg: { type: 'hello', version: 1, firmware: 'rec-mcu-0.3' },
    });
    expect(parseMcuLine('BTN REC DOWN*1E')).toEqual({ ok: true, msg: { type: 'button', button: 'REC', down: true } });
    expect(parseMcuLine('BTN REC UP*09')).toEqual({ ok: true, msg: { type: 'button', button: 'REC', down: false } });
    expect(parseMcuLine('BTN MARK DOWN*5F')).toEqual({
      ok: true,
      msg: { type: 'button', button: 'MARK', down: true },
    });
    expect(parseMcuLine('SW HOLSTER OPEN*4B')).toEqual({
      ok: true,
      msg: { type: 'switch', name: 'HOLSTER', open: true },
    });
    expect(parseMcuLine('BAT 87 3.91 CHG*21')).toEqual({
      ok: true,
      msg: { type: 'battery', percent: 87, volts: 3.91, state: 'CHG' },
    });
    expect(parseMcuLine('PONG*16')).toEqual({ ok: true, msg: { type: 'pong' } });
    expect(parseMcuLine('ERR UNKNOWN FOO*4B')).toEqual({
      ok: true,
      msg: { type: 'error', reason: 'UNKNOWN', detail: 'FOO' },
    });
    expect(parseMcuLine('LOG boot ok*56')).toEqual({ ok: true, msg: { type: 'log', text: 'boot ok' } });
  });

  it('rejects a bad checksum', () => {
    expect(parseMcuLine('BTN REC DOWN*1F')).toMatchObject({ ok: false, error: 'checksum' });
    // A flipped bit in the body with the old checksum.
    expect(parseMcuLine('BTN REC DOWM*1E')).toMatchObject({ ok: false, error: 'checksum' });
  });

  it('rejects lines that break the grammar', () => {
    const framed = (body: string) => `${body}*${checksum(body)}`;
    const bad = [
      'BTN REC DOWN', // no checksum
      'BTN REC DOWN*1e', // lowercase hex
      framed('BTN REC  DOWN'), // double space
      framed(' BTN REC DOWN'), // leading space
      framed('BTN REC'), // missing argument
      framed('BTN PWR DOWN'), // unknown button
      framed('BAT 101 3.91 CHG'), // percent out of range
      framed('BAT 87 3,91 CHG'), // decimal comma
      framed('BAT 087 3.91 CHG'), // leading zero
      framed('SW holster OPEN'), // switch names are uppercase
      framed('HELLO liuhen-mcu'), // no version
      framed('PONG 1'),
      framed('A'.repeat(97)), // too long
      '*00', // empty body
      'BTN REC DOWN\u0000*1E', // control byte
      'BTN RÉC DOWN*1E', // non-ASCII
    ];
    for (const line of bad) expect(parseMcuLine(line), line).toMatchObject({ ok: false, error: 'syntax' });
    expect(parseMcuLine(framed('REBOOT NOW'))).toMatchObject({ ok: false, error: 'unknown' });
    // Keywords are case-sensitive: a lowercase one is not a message this version knows.
    expect(parseMcuLine(framed('btn rec down'))).toMatchObject({ ok: false, error: 'unknown' });
  });

  it('unframe splits tokens of a valid line', () => {
    expect(unframe('BAT 12 3.55 DIS*37')).toEqual({
      ok: true,
      body: 'BAT 12 3.55 DIS',
      tokens: ['BAT', '12', '3.55', 'DIS'],
    });
  });
});

describe('line splitter', () => {
  it('splits on \\n across chunks, drops \\r, and discards overlong lines', () => {
    const lines: string[] = [];
    const dropped: number[] = [];
    const feed = createLineSplitter((l) => lines.push(l), { maxLength: 10, onOverflow: (n) => dropped.push(n) });
    feed(Buffer.from('PING*10\r\nPO'));
    feed(Buffer.from('NG*16\n'));
    feed('x'.repeat(30));
    feed('y'.repeat(30) + '\nshort\n');
    feed('exactly10!\n12345678901\n');
    expect(lines).toEqual(['PING*10', 'PONG*16', 'short', 'exactly10!']);
    expect(dropped).toEqual([60, 11]);
  });
});
