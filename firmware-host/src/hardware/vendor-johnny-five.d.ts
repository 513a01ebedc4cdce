/**
 * The part of johnny-five 2.x this driver uses (the package ships no types;
 * @types/johnny-five is not a dependency).
 */
declare module 'johnny-five' {
  import type { EventEmitter } from 'node:events';

  namespace five {
    export type PinId = number | string;

    /** An IO plugin (Firmata, raspi-io, mock-firmata): the calls the driver makes directly. */
    export interface IO extends EventEmitter {
      readonly MODES: { INPUT: number; OUTPUT: number; ANALOG: number; PWM: number };
      readonly HIGH: number;
      readonly LOW: number;
      pinMode(pin: PinId, mode: number): void;
      digitalWrite(pin: PinId, value: number): void;
      digitalRead(pin: PinId, cb: (value: number) => void): void;
    }

    export interface BoardOptions {
      io?: unknown;
      /** A serial device path, or an already constructed serial port (used as the Firmata transport). */
      port?: unknown;
      repl?: boolean;
      debug?: boolean;
      /** Install a SIGINT handler that hard-exits the process (default true). */
      sigint?: boolean;
      /** Connect timeout in ms (default 10 s). */
      timeout?: number;
      id?: string;
    }

    export class Board extends EventEmitter {
      constructor(opts?: BoardOptions);
      readonly io: IO;
      readonly isReady: boolean;
    }

    export interface ComponentOptions {
      pin: PinId;
      board?: Board;
    }

    export class Button extends EventEmitter {
      constructor(opts: ComponentOptions & { pullup?: boolean; invert?: boolean; holdtime?: number });
      readonly isDown: boolean;
    }

    export class Switch extends EventEmitter {
      constructor(opts: ComponentOptions & { type?: 'NO' | 'NC'; invert?: boolean });
      readonly isOpen: boolean;
    }

    export class Pin extends EventEmitter {
      constructor(opts: ComponentOptions & { mode?: number; type?: 'digital' | 'analog' });
      static readonly INPUT: number;
      static readonly OUTPUT: number;
      readonly addr: PinId;
      /** The pin as normalized by the IO plugin (e.g. raspi-io's "GPIO17"). */
      readonly pin: PinId;
    }

    export class Sensor extends EventEmitter {
      constructor(opts: ComponentOptions & { freq?: number });
      disable(): void;
    }
  }
  export = five;
}
