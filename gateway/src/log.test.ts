import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from './config.js';
import { createLogger, resolveLogFormat, type LoggerOptions } from './log.js';

afterEach(() => vi.useRealTimers());

function capture(opts: LoggerOptions) {
  const lines: string[] = [];
  const log = createLogger(opts, { write: (l: string) => void lines.push(l) });
  const json = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines, json };
}

describe('log format', () => {
  it('is pretty at a terminal and JSON otherwise, unless forced', () => {
    expect(resolveLogFormat('auto', { isTTY: true, destination: false })).toBe('pretty');
    expect(resolveLogFormat(undefined, { isTTY: true, destination: false })).toBe('pretty');
    expect(resolveLogFormat('auto', { isTTY: false, destination: false })).toBe('json');
    // A destination of the caller's (a test, a collector) gets JSON even at a terminal.
    expect(resolveLogFormat('auto', { isTTY: true, destination: true })).toBe('json');
    expect(resolveLogFormat('json', { isTTY: true, destination: false })).toBe('json');
    expect(resolveLogFormat('pretty', { isTTY: false, destination: false })).toBe('pretty');
  });

  it('writes one JSON object a line when json', () => {
    const { log, json } = capture({ level: 'info', format: 'json', isTTY: true });
    log.info({ deviceId: 'sim-001' }, 'recorder online');
    expect(json()).toEqual([
      expect.objectContaining({ level: 30, svc: 'gateway', deviceId: 'sim-001', msg: 'recorder online' }),
    ]);
  });

  it('writes a readable line when pretty', () => {
    const { log, lines } = capture({ level: 'info', format: 'pretty' });
    log.warn({ deviceId: 'sim-001' }, 'recorder offline');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: recorder offline \{"deviceId":"sim-001"\}\n$/);
    expect(() => JSON.parse(lines[0]!) as unknown).toThrow();
  });

  it('redacts secrets in either format', () => {
    for (const format of ['json', 'pretty'] as const) {
      const { log, lines } = capture({ level: 'info', format });
      log.info(
        { password: 'hunter2-hunter2', req: { headers: { authorization: 'Bearer abc.def', cookie: 'sid=s3cr3t' } } },
        'login',
      );
      expect(lines.join('')).not.toMatch(/hunter2|abc\.def|s3cr3t/);
      expect(lines.join('')).toContain('[redacted]');
    }
  });

  it('is chosen in the config: log.format, LIUHEN_LOG_FORMAT', () => {
    expect(loadConfig({ env: {} }).log).toMatchObject({ format: 'auto', repeatsPerMinute: 10 });
    expect(loadConfig({ env: { LIUHEN_LOG_FORMAT: 'json' } }).log.format).toBe('json');
    expect(loadConfig({ env: { LIUHEN_LOG_FORMAT: 'pretty' } }).log.format).toBe('pretty');
    expect(() => loadConfig({ env: { LIUHEN_LOG_FORMAT: 'fancy' } })).toThrow(/log\.format|LIUHEN_LOG_FORMAT/);
  });
});

describe('repeated warnings', () => {
  it('logs the first ones and folds the rest of the minute into one line with repeated', () => {
    vi.useFakeTimers({ now: 0 });
    const { log, json } = capture({ level: 'info', format: 'json', repeatsPerMinute: 3 });
    for (let i = 0; i < 10; i++) log.warn({ addr: '10.0.0.9' }, 'refused: %s', 'bad token');
    expect(json()).toHaveLength(3);
    expect(json().every((l) => l.msg === 'refused: bad token' && l.repeated === undefined)).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(json()).toHaveLength(4);
    expect(json()[3]).toMatchObject({ level: 40, addr: '10.0.0.9', msg: 'refused: bad token', repeated: 7 });
    // A new minute starts afresh.
    log.warn({ addr: '10.0.0.9' }, 'refused: %s', 'bad token');
    expect(json()).toHaveLength(5);
    expect(json()[4]!.repeated).toBeUndefined();
  });

  it('counts the left-out lines into the next one after the minute, if it comes before the timer', () => {
    vi.useFakeTimers({ now: 0 });
    const { log, json } = capture({ level: 'info', format: 'json', repeatsPerMinute: 1 });
    log.error('disk full');
    log.error('disk full');
    log.error('disk full');
    vi.setSystemTime(61_000); // the clock moved on, the timer has not fired yet
    log.error('disk full');
    expect(json().map((l) => [l.msg, l.repeated])).toEqual([
      ['disk full', undefined],
      ['disk full', 2],
      ['disk full', undefined],
    ]);
    vi.advanceTimersByTime(120_000);
    expect(json()).toHaveLength(3);
  });

  it('leaves info and below, and lines that differ, alone', () => {
    vi.useFakeTimers({ now: 0 });
    const { log, json } = capture({ level: 'debug', format: 'json', repeatsPerMinute: 2 });
    for (let i = 0; i < 5; i++) log.info('tick');
    for (let i = 0; i < 5; i++) log.debug('tock');
    for (let i = 0; i < 5; i++) log.warn({ deviceId: `sim-00${i}` }, 'offline');
    for (let i = 0; i < 5; i++) log.warn(`offline ${i}`);
    const child = log.child({ deviceId: 'sim-009' });
    for (let i = 0; i < 2; i++) child.warn('offline');
    expect(json()).toHaveLength(22);
    vi.advanceTimersByTime(60_000);
    expect(json()).toHaveLength(22);
  });

  it('folds by a chosen key, and across a logger and its children', () => {
    vi.useFakeTimers({ now: 0 });
    const { log, json } = capture({ level: 'info', format: 'json', repeatsPerMinute: 2 });
    for (let i = 0; i < 6; i++) log.warn({ foldKey: '10.0.0.9', port: 40_000 + i }, 'refused');
    const child = log.child({ deviceId: 'sim-001' });
    for (let i = 0; i < 4; i++) (i % 2 ? child : log.child({ deviceId: 'sim-001' })).warn('no telemetry');
    for (let i = 0; i < 3; i++) log.warn(new Error('boom'));
    expect(json()).toHaveLength(6);
    vi.advanceTimersByTime(60_000);
    const folded = json().slice(6);
    expect(folded).toEqual([
      expect.objectContaining({ msg: 'refused', repeated: 4, port: 40_005 }),
      expect.objectContaining({ msg: 'no telemetry', deviceId: 'sim-001', repeated: 2 }),
      expect.objectContaining({ msg: 'boom', repeated: 1, err: expect.objectContaining({ message: 'boom' }) }),
    ]);
  });

  it('folds lines that differ only by the request id', () => {
    vi.useFakeTimers({ now: 0 });
    const { log, json } = capture({ level: 'info', format: 'json', repeatsPerMinute: 2 });
    for (let i = 0; i < 5; i++) log.child({ reqId: `req-${i}` }).warn({ deviceId: 'sim-001' }, 'hand-out refused');
    for (let i = 0; i < 5; i++) log.warn({ reqId: `req-${i}`, deviceId: 'sim-002' }, 'hand-out refused');
    expect(json()).toHaveLength(4);
    vi.advanceTimersByTime(60_000);
    expect(json().slice(4)).toEqual([
      expect.objectContaining({ reqId: 'req-4', deviceId: 'sim-001', repeated: 3 }),
      expect.objectContaining({ reqId: 'req-4', deviceId: 'sim-002', repeated: 3 }),
    ]);
  });

  it('folds in the pretty format too, and can be turned off', () => {
    vi.useFakeTimers({ now: 0 });
    const pretty = capture({ level: 'info', format: 'pretty', repeatsPerMinute: 1 });
    for (let i = 0; i < 4; i++) pretty.log.warn('recorder clock off');
    vi.advanceTimersByTime(60_000);
    expect(pretty.lines).toHaveLength(2);
    expect(pretty.lines[1]).toMatch(/WARN: recorder clock off \{"repeated":3\}/);
    const off = capture({ level: 'info', format: 'json', repeatsPerMinute: 0 });
    for (let i = 0; i < 50; i++) off.log.warn('recorder clock off');
    expect(off.lines).toHaveLength(50);
  });

  it('forgets the oldest keys past its bound, counting what they left out', () => {
    vi.useFakeTimers({ now: 0 });
    const { log, json } = capture({ level: 'info', format: 'json', repeatsPerMinute: 1 });
    log.warn('first');
    log.warn('first');
    for (let i = 0; i < 1_000; i++) log.warn(`other ${i}`);
    // 'first' was pushed out: its left-out line is logged then, not lost.
    expect(
      json()
        .filter((l) => l.msg === 'first')
        .map((l) => l.repeated),
    ).toEqual([undefined, 1]);
  });
});
