/** mock-firmata ships no types: the part the tests use (an IO plugin whose pin calls only log). */
declare module 'mock-firmata' {
  import type { EventEmitter } from 'node:events';

  interface MockFirmata extends EventEmitter {
    readonly isReady: boolean;
    digitalRead(pin: number | string, cb: (value: number) => void): void;
    digitalWrite(pin: number | string, value: number): void;
    analogRead(pin: number, cb: (value: number) => void): void;
  }
  const mocks: { Firmata: new (opts?: Record<string, unknown>) => MockFirmata };
  export = mocks;
}
