/**
 * Serial ports for the drivers (Firmata, the MCU line protocol, GPS). Drivers
 * take an already constructed port so tests can hand them a `SerialPortMock`.
 */
import { SerialPort, type SerialPortMock } from 'serialport';

/** A real port or the mock one; both are serialport 13 streams. */
export type AnySerialPort = SerialPort | SerialPortMock;

export type OpenSerial = (path: string, baudRate: number) => AnySerialPort;

/** Opens a real serial port (asynchronously: errors arrive as the port's `error` event). */
export const openSerialPort: OpenSerial = (path, baudRate) => new SerialPort({ path, baudRate, autoOpen: true });

export interface SerialPortSummary {
  path: string;
  manufacturer?: string;
}

/**
 * The serial ports the OS knows, for error messages. On Linux `SerialPort.list()`
 * spawns `udevadm info -e`; where udevadm is missing (slim containers, minimal
 * images) it rejects with `spawn udevadm ENOENT`, and an unawaited rejection
 * takes the whole agent down. This never rejects: it gives [] and the reason.
 */
export async function listSerialPorts(timeoutMs = 3000): Promise<{ ports: SerialPortSummary[]; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`listing ports took over ${timeoutMs} ms`)), timeoutMs);
    });
    const ports = await Promise.race([SerialPort.list(), timeout]);
    return {
      ports: ports.map((p) => ({ path: p.path, ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}) })),
    };
  } catch (err) {
    return { ports: [], error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once the port is open, rejects with a message naming the port (and the ports that exist). */
export function whenOpen(port: AnySerialPort): Promise<void> {
  if (port.isOpen) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onOpen = () => {
      port.off('error', onError);
      resolve();
    };
    const onError = (err: Error) => {
      port.off('open', onOpen);
      void listSerialPorts().then(({ ports, error }) => {
        const known = ports.length ? ports.map((p) => p.path).join(', ') : error ? `unknown (${error})` : 'none';
        reject(new Error(`cannot open serial port ${port.path}: ${err.message}; ports found: ${known}`));
      });
    };
    port.once('open', onOpen);
    port.once('error', onError);
  });
}

/** Flushes pending writes, then closes; never rejects (closing a dead port is not an error worth raising). */
export async function closePort(port: AnySerialPort): Promise<void> {
  if (!port.isOpen) return;
  await new Promise<void>((resolve) => port.drain(() => resolve()));
  await new Promise<void>((resolve) => port.close(() => resolve()));
}
