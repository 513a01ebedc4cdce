/**
 * createHardware picks the driver from profile.io.kind. The firmata path runs
 * johnny-five and firmata.js over a real serialport 13 stream (mock binding)
 * to an emulated StandardFirmata board; serial-mcu and GPS use the same binding.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SerialPortMock } from 'serialport';
import { getProfile, type HardwareProfile } from '@liuhen/device-profiles';
import { createHardware, loadRaspiIO, SimHardware, type RecorderHardware } from '../../src/hardware/index.js';
import { checksum } from '../../src/hardware/mcu-protocol.js';
import { emulateStandardFirmata, type FirmataEmulator } from './firmata-emulator.js';

async function waitFor(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const ports = new Map<string, SerialPortMock>();
const openSerial = (path: string, baudRate: number) => {
  const p = new SerialPortMock({ path, baudRate });
  ports.set(path, p);
  return p;
};

let hw: RecorderHardware | null = null;
beforeEach(() => {
  ports.clear();
});
afterEach(async () => {
  await hw?.close();
  hw = null;
  SerialPortMock.binding.reset();
});

describe('createHardware', () => {
  it('sim: an in-memory recorder', async () => {
    hw = await createHardware(getProfile('sim'));
    expect(hw).toBeInstanceOf(SimHardware);
    expect(hw.kind).toBe('sim');
    const sim = hw as SimHardware;
    let presses = 0;
    hw.on('press', () => presses++);
    sim.press();
    hw.setCue('recording');
    expect(presses).toBe(1);
    expect(sim.leds).toEqual({ red: true, green: false, amber: false });
  });

  it('raspi-io on a non-ARM machine: a clear error', async () => {
    await expect(createHardware(getProfile('raspi-4'), { arch: 'x64' })).rejects.toThrow(
      /raspi-io is only available on a Raspberry Pi \(arm\/arm64\); this machine is x64/,
    );
  });

  it('raspi-io on a Pi 5: refuses, since pigpio cannot drive its GPIO', async () => {
    await expect(loadRaspiIO({ arch: 'arm64', deviceModel: 'Raspberry Pi 5 Model B Rev 1.0' })).rejects.toThrow(
      /Raspberry Pi 5/,
    );
  });

  it.skipIf(process.arch !== 'x64')('raspi-io missing (optional dependency skipped on x64): says so', async () => {
    await expect(loadRaspiIO({ arch: 'arm64', deviceModel: 'Raspberry Pi 4 Model B Rev 1.5' })).rejects.toThrow(
      /raspi-io is not installed/,
    );
  });

  it('a pin-driven kind with pins null is refused', async () => {
    const broken: HardwareProfile = { ...getProfile('firmata-devkit'), pins: null };
    await expect(createHardware(broken, { openSerial })).rejects.toThrow(/needs pins/);
  });

  it('a serial port that does not exist: the error names it', async () => {
    const profile: HardwareProfile = {
      ...getProfile('firmata-devkit'),
      io: { kind: 'serial-mcu', port: '/dev/NOPE', baudRate: 115200 },
    };
    await expect(createHardware(profile, { openSerial })).rejects.toThrow(/cannot open serial port \/dev\/NOPE/);
  });

  it('firmata: johnny-five over serialport to a StandardFirmata board; buttons and LEDs work', async () => {
    const profile = getProfile('firmata-devkit');
    const pins = profile.pins!;
    const path = profile.io.kind === 'firmata' ? profile.io.port : '';
    SerialPortMock.binding.createPort(path, { echo: false, record: true });
    let board: FirmataEmulator | null = null;
    const emulated = (p: string, baud: number) => {
      const port = openSerial(p, baud);
      port.once('open', () => (board = emulateStandardFirmata(port)));
      return port;
    };
    hw = await createHardware(profile, { openSerial: emulated });
    expect(hw.kind).toBe('firmata');
    if (!board) throw new Error('the board was never opened');
    const { outputs } = board as FirmataEmulator;
    const setInput = (pin: number, v: number) => (board as FirmataEmulator).setInput(pin, v);

    hw.setCue('recording');
    await waitFor(() => outputs.get(pins.ledRed as number) === 1, 'red LED on');
    expect(outputs.get(pins.ledGreen as number)).toBe(0);
    expect(outputs.get(pins.ledAmber as number)).toBe(0);

    let presses = 0;
    hw.on('press', () => presses++);
    setInput(pins.recordButton as number, 0);
    await new Promise((r) => setTimeout(r, 120));
    setInput(pins.recordButton as number, 1);
    await waitFor(() => presses === 1, 'press over Firmata');
  });

  it('serial-mcu: greets the MCU and decodes its buttons', async () => {
    const profile: HardwareProfile = {
      ...getProfile('firmata-devkit'),
      io: { kind: 'serial-mcu', port: '/dev/MCU', baudRate: 115200 },
    };
    SerialPortMock.binding.createPort('/dev/MCU', { echo: false, record: true });
    hw = await createHardware(profile, { openSerial, pingIntervalMs: 0 });
    expect(hw.kind).toBe('serial-mcu');
    const port = ports.get('/dev/MCU')!;
    await waitFor(() => port.port!.recording.toString().includes('HELLO liuhen-host 1*4D\n'), 'HELLO');
    let presses = 0;
    hw.on('press', () => presses++);
    const line = (b: string) => port.port!.emitData(`${b}*${checksum(b)}\n`);
    line('BTN REC DOWN');
    await new Promise((r) => setTimeout(r, 80));
    line('BTN REC UP');
    await waitFor(() => presses === 1, 'press');
  });

  it('gps option: fixes from a UART come out as gps events', async () => {
    SerialPortMock.binding.createPort('/dev/serial0', { echo: false, record: true });
    hw = await createHardware(getProfile('sim'), { openSerial, gps: { port: '/dev/serial0' } });
    const fixes: unknown[] = [];
    hw.on('gps', (f) => fixes.push(f));
    const port = ports.get('/dev/serial0')!;
    expect(port.baudRate).toBe(9600);
    port.port!.emitData(
      '$GNGGA,083600.00,3016.44610,N,12009.30790,E,1,11,0.91,12.5,M,7.2,M,,*40\r\n' +
        '$GNRMC,083600.00,A,3016.44610,N,12009.30790,E,1.944,87.5,150624,,,A,V*05\r\n',
    );
    await waitFor(() => fixes.length === 1, 'gps fix');
    expect(fixes[0]).toMatchObject({ lat: 30.2741017, lon: 120.1551317, hdop: 0.91 });
    await hw.close();
    hw = null;
    expect(port.isOpen).toBe(false);
  });
});
