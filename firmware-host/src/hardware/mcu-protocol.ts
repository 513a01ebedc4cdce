/**
 * The liuhen MCU line protocol, version 1 (docs/serial-protocol.md): ASCII
 * lines, `\n`-terminated, each ending in `*HH`, the XOR of the bytes before
 * the `*` in two uppercase hex digits (as in NMEA 0183). Pure functions: parse
 * and format both directions.
 */
import type { LedColor } from './types.js';

export const MCU_PROTOCOL_VERSION = 1;
/** Longest line body (without `*HH` and the terminator). */
export const MAX_BODY_LENGTH = 96;
/** Most values in a VIB/BEEP pulse train, and the longest single value in ms. */
export const MAX_PULSES = 9;
export const MAX_PULSE_MS = 5000;

export type McuButton = 'REC' | 'MARK';
export type BatteryState = 'CHG' | 'DIS' | 'FULL';

/** MCU → host. */
export type McuMessage =
  | { type: 'hello'; version: number; firmware: string | null }
  | { type: 'button'; button: McuButton; down: boolean }
  | { type: 'switch'; name: string; open: boolean }
  | { type: 'battery'; percent: number; volts: number; state: BatteryState }
  | { type: 'pong' }
  | { type: 'error'; reason: string; detail: string }
  | { type: 'log'; text: string };

/** Host → MCU. */
export type HostCommand =
  | { type: 'hello'; version: number }
  | { type: 'led'; led: LedColor; on: boolean }
  | { type: 'vibrate'; pulses: readonly number[] }
  | { type: 'beep'; pulses: readonly number[] }
  | { type: 'ping' }
  | { type: 'battery?' };

export type LineError = 'checksum' | 'syntax' | 'unknown';
export type Parsed<T> = { ok: true; msg: T } | { ok: false; error: LineError; detail: string };

export function checksum(body: string): string {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
  return x.toString(16).toUpperCase().padStart(2, '0');
}

/** `body` → `body*HH\n`. */
export function frame(body: string): string {
  return `${body}*${checksum(body)}\n`;
}

const fail = (error: LineError, detail: string): { ok: false; error: LineError; detail: string } => ({
  ok: false,
  error,
  detail,
});

/** Checks the framing and checksum and gives the tokens of the body. */
export function unframe(
  line: string,
): { ok: true; body: string; tokens: string[] } | { ok: false; error: LineError; detail: string } {
  const m = /^([\x20-\x29\x2B-\x7E]{1,96})\*([0-9A-F]{2})$/.exec(line);
  if (!m) {
    if (!/^[\x20-\x7E]*$/.test(line)) return fail('syntax', 'non-printable or non-ASCII bytes');
    if (!/\*[0-9A-F]{2}$/.test(line)) return fail('syntax', 'missing *HH checksum');
    return fail('syntax', `body empty or longer than ${MAX_BODY_LENGTH} characters`);
  }
  const body = m[1]!;
  const want = checksum(body);
  if (m[2] !== want) return fail('checksum', `got ${m[2]}, computed ${want}`);
  if (!/^\S+( \S+)*$/.test(body)) return fail('syntax', 'tokens must be separated by single spaces');
  return { ok: true, body, tokens: body.split(' ') };
}

const INT = /^(0|[1-9]\d{0,3})$/;

export function parseMcuLine(line: string): Parsed<McuMessage> {
  const u = unframe(line);
  if (!u.ok) return u;
  const [cmd, ...args] = u.tokens;
  const rest = () => u.body.slice(cmd!.length + 1);
  switch (cmd) {
    case 'HELLO': {
      if (args.length < 2 || args.length > 3 || args[0] !== 'liuhen-mcu' || !INT.test(args[1]!)) {
        return fail('syntax', 'expected HELLO liuhen-mcu <version> [<firmware>]');
      }
      return { ok: true, msg: { type: 'hello', version: Number(args[1]), firmware: args[2] ?? null } };
    }
    case 'BTN': {
      const [button, edge] = args;
      if (args.length !== 2 || (button !== 'REC' && button !== 'MARK') || (edge !== 'DOWN' && edge !== 'UP')) {
        return fail('syntax', 'expected BTN <REC|MARK> <DOWN|UP>');
      }
      return { ok: true, msg: { type: 'button', button, down: edge === 'DOWN' } };
    }
    case 'SW': {
      const [name, level] = args;
      if (args.length !== 2 || !/^[A-Z][A-Z0-9_]{0,15}$/.test(name!) || (level !== 'OPEN' && level !== 'CLOSED')) {
        return fail('syntax', 'expected SW <NAME> <OPEN|CLOSED>');
      }
      return { ok: true, msg: { type: 'switch', name: name!, open: level === 'OPEN' } };
    }
    case 'BAT': {
      const [pct, volts, state] = args;
      if (
        args.length !== 3 ||
        !INT.test(pct!) ||
        Number(pct) > 100 ||
        !/^\d{1,2}\.\d{1,3}$/.test(volts!) ||
        (state !== 'CHG' && state !== 'DIS' && state !== 'FULL')
      ) {
        return fail('syntax', 'expected BAT <0-100> <volts> <CHG|DIS|FULL>');
      }
      return { ok: true, msg: { type: 'battery', percent: Number(pct), volts: Number(volts), state } };
    }
    case 'PONG':
      if (args.length) return fail('syntax', 'PONG takes no arguments');
      return { ok: true, msg: { type: 'pong' } };
    case 'ERR':
      if (!args.length || !/^[A-Z][A-Z_]*$/.test(args[0]!)) return fail('syntax', 'expected ERR <REASON> [<detail>]');
      return { ok: true, msg: { type: 'error', reason: args[0]!, detail: args.slice(1).join(' ') } };
    case 'LOG':
      if (!args.length) return fail('syntax', 'expected LOG <text>');
      return { ok: true, msg: { type: 'log', text: rest() } };
    default:
      return fail('unknown', `unknown message ${cmd}`);
  }
}

const LED_TOKENS: Record<LedColor, string> = { red: 'RED', green: 'GREEN', amber: 'AMBER' };

function pulseTokens(pulses: readonly number[]): string {
  if (pulses.length === 0 || pulses.length > MAX_PULSES || pulses.length % 2 === 0) {
    throw new RangeError(`a pulse train has an odd count of 1..${MAX_PULSES} values`);
  }
  for (const p of pulses) {
    if (!Number.isInteger(p) || p < 1 || p > MAX_PULSE_MS)
      throw new RangeError(`pulse ${p} ms out of 1..${MAX_PULSE_MS}`);
  }
  return pulses.join(' ');
}

/** The body of a host command, unframed. */
export function hostCommandBody(cmd: HostCommand): string {
  switch (cmd.type) {
    case 'hello':
      return `HELLO liuhen-host ${cmd.version}`;
    case 'led':
      return `LED ${LED_TOKENS[cmd.led]} ${cmd.on ? 'ON' : 'OFF'}`;
    case 'vibrate':
      return `VIB ${pulseTokens(cmd.pulses)}`;
    case 'beep':
      return `BEEP ${pulseTokens(cmd.pulses)}`;
    case 'ping':
      return 'PING';
    case 'battery?':
      return 'BAT?';
  }
}

/** A host command as it goes on the wire: `BODY*HH\n`. */
export function formatHostCommand(cmd: HostCommand): string {
  return frame(hostCommandBody(cmd));
}

/** Host-side lines as an MCU reads them (for MCU simulators and tests). */
export function parseHostLine(line: string): Parsed<HostCommand> {
  const u = unframe(line);
  if (!u.ok) return u;
  const [cmd, ...args] = u.tokens;
  switch (cmd) {
    case 'HELLO':
      if (args.length !== 2 || args[0] !== 'liuhen-host' || !INT.test(args[1]!)) {
        return fail('syntax', 'expected HELLO liuhen-host <version>');
      }
      return { ok: true, msg: { type: 'hello', version: Number(args[1]) } };
    case 'LED': {
      const led = (Object.keys(LED_TOKENS) as LedColor[]).find((c) => LED_TOKENS[c] === args[0]);
      if (args.length !== 2 || !led || (args[1] !== 'ON' && args[1] !== 'OFF')) {
        return fail('syntax', 'expected LED <RED|GREEN|AMBER> <ON|OFF>');
      }
      return { ok: true, msg: { type: 'led', led, on: args[1] === 'ON' } };
    }
    case 'VIB':
    case 'BEEP': {
      const pulses = args.map((a) => (INT.test(a) ? Number(a) : NaN));
      try {
        pulseTokens(pulses);
      } catch (err) {
        return fail('syntax', (err as Error).message);
      }
      return { ok: true, msg: { type: cmd === 'VIB' ? 'vibrate' : 'beep', pulses } };
    }
    case 'PING':
      if (args.length) return fail('syntax', 'PING takes no arguments');
      return { ok: true, msg: { type: 'ping' } };
    case 'BAT?':
      if (args.length) return fail('syntax', 'BAT? takes no arguments');
      return { ok: true, msg: { type: 'battery?' } };
    default:
      return fail('unknown', `unknown command ${cmd}`);
  }
}
