import { EventEmitter } from 'node:events';

/**
 * The record and mark buttons as the agent sees them: `press` (short press of
 * the record button) and `mark` (long press: an important mark). Each hardware
 * driver turns its own pin or serial input into these; the sim is driven by
 * code (MQTT `set` commands, the stdin CLI).
 */
export interface Buttons extends EventEmitter<{ press: []; mark: [] }> {
  close(): Promise<void>;
}

export class SimButtons extends EventEmitter<{ press: []; mark: [] }> implements Buttons {
  press(): void {
    this.emit('press');
  }
  mark(): void {
    this.emit('mark');
  }
  async close(): Promise<void> {
    this.removeAllListeners();
  }
}
