/**
 * A StandardFirmata 2.5 board on the far side of a `SerialPortMock`: enough of
 * the wire protocol (version, firmware, capability and analog-mapping
 * replies, pin modes, digital port messages) for firmata.js and johnny-five to
 * connect over a real serialport 13 stream, as they would to an Arduino Uno.
 */
import type { SerialPortMock } from 'serialport';

const UNO_PINS = 20;
const PWM_PINS = new Set([3, 5, 6, 9, 10, 11]);
const INPUT = 0x00;
const OUTPUT = 0x01;

export interface FirmataEmulator {
  /** Last value the host wrote to each output pin. */
  outputs: Map<number, number>;
  modes: Map<number, number>;
  /** Drive an input pin as the board would report it (1 = high, 0 = low). */
  setInput(pin: number, value: number): void;
}

export function emulateStandardFirmata(port: SerialPortMock): FirmataEmulator {
  const binding = port.port;
  if (!binding) throw new Error('open the port first');
  const outputs = new Map<number, number>();
  const modes = new Map<number, number>();
  // Inputs idle high: buttons and the holster switch sit on pull-ups.
  const inputPorts = [0xff, 0xff, 0xff];
  const send = (bytes: number[]) => binding.emitData(Buffer.from(bytes));

  const firmware = () => {
    const name = [...'StandardFirmata.ino'].flatMap((c) => [c.charCodeAt(0) & 0x7f, c.charCodeAt(0) >> 7]);
    send([0xf0, 0x79, 2, 5, ...name, 0xf7]);
  };
  const capabilities = () => {
    const out = [0xf0, 0x6c];
    for (let pin = 0; pin < UNO_PINS; pin++) {
      if (pin >= 2) out.push(INPUT, 1, OUTPUT, 1, 0x0b, 1);
      if (PWM_PINS.has(pin)) out.push(0x03, 8);
      if (pin >= 14) out.push(0x02, 10);
      out.push(0x7f);
    }
    send([...out, 0xf7]);
  };
  const analogMapping = () => {
    const out = [0xf0, 0x6a];
    for (let pin = 0; pin < UNO_PINS; pin++) out.push(pin >= 14 ? pin - 14 : 0x7f);
    send([...out, 0xf7]);
  };

  let msg: number[] = [];
  const onByte = (b: number) => {
    if (msg.length === 0 && b < 0x80) return; // stray data byte
    msg.push(b);
    const cmd = msg[0]!;
    if (cmd === 0xf0) {
      if (b !== 0xf7) return;
      const id = msg[1];
      msg = [];
      if (id === 0x6b) capabilities();
      else if (id === 0x69) analogMapping();
      else if (id === 0x79) firmware();
      return;
    }
    const len = cmd === 0xf9 || cmd === 0xff ? 1 : (cmd & 0xf0) === 0xc0 || (cmd & 0xf0) === 0xd0 ? 2 : 3;
    if (msg.length < len) return;
    const [c = 0, a = 0, d = 0] = msg;
    msg = [];
    if (c === 0xf9) send([0xf9, 2, 5]);
    else if (c === 0xf4) modes.set(a, d);
    else if (c === 0xf5) outputs.set(a, d);
    else if ((c & 0xf0) === 0x90) {
      const portNo = c & 0x0f;
      const value = a | (d << 7);
      for (let i = 0; i < 8; i++) {
        const pin = portNo * 8 + i;
        if (modes.get(pin) === OUTPUT) outputs.set(pin, (value >> i) & 1);
      }
    }
  };

  const write = binding.write.bind(binding);
  binding.write = async (data: Buffer) => {
    await write(data);
    for (const b of data) onByte(b);
  };

  // What a freshly reset Uno sends: its protocol version, then its firmware name.
  send([0xf9, 2, 5]);
  firmware();

  return {
    outputs,
    modes,
    setInput(pin, value) {
      const portNo = pin >> 3;
      const bit = 1 << (pin & 7);
      inputPorts[portNo] = value ? inputPorts[portNo]! | bit : inputPorts[portNo]! & ~bit;
      const v = inputPorts[portNo]!;
      send([0x90 | portNo, v & 0x7f, (v >> 7) & 0x7f]);
    },
  };
}
