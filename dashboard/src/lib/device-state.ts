// How the dashboard reads a recorder's state: what a tile shows, what the board filters by.
import type { Device, DeviceState } from './api/types';

/** The state a tile shows: an offline device is offline whatever it last reported. */
export function displayState(device: Device): DeviceState {
  return device.online ? device.state : 'offline';
}

/** What the supervisor's board counts and filters by; "out" and "alerting" overlap the states. */
export const BOARD_FILTERS = ['out', 'recording', 'standby', 'offline', 'alerting'] as const;
export type BoardFilter = (typeof BOARD_FILTERS)[number];

export function matchesBoardFilter(device: Device, filter: BoardFilter): boolean {
  switch (filter) {
    case 'out':
      return device.holder !== null;
    case 'alerting':
      return device.activeAlerts > 0;
    default:
      return displayState(device) === filter;
  }
}

/** The badge number the device is with: its holder from the desk, else what the recorder reports. */
export function officerOf(device: Device): string | null {
  return device.holder?.officerId ?? device.officerId;
}
