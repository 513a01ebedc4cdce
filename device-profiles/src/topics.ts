/**
 * The MQTT topic tree shared by recorders and the station, Frigate-style:
 *
 *   liuhen/devices/<id>/availability   retained  {v,status}; the device sets "offline" as its last will
 *   liuhen/devices/<id>/state          retained  full device state, QoS 1
 *   liuhen/devices/<id>/events         stream    record started/stopped, ... with a per-device seq
 *   liuhen/devices/<id>/set            command   to the device; answered by a new `state`
 *   liuhen/devices/<id>/time           request   clock sync: the device's send time
 *   liuhen/devices/<id>/time-reply     reply     the station's receive and send times (NTP-style)
 *   liuhen/devices/<id>/telemetry      stream    health every few seconds: battery, storage, clock, GPS, self-test, offload
 *   liuhen/devices/<id>/policy         retained  from the station: whether the holder is on an open full-process step (confirm-to-stop)
 *   liuhen/gateway/availability        retained  the station's own availability
 *   liuhen/alerts/<id>/<rule>          retained  the station's alerts about a device, for other systems
 */
import { isDeviceId } from './ids.js';

export const TOPIC_ROOT = 'liuhen';

export const DEVICE_TOPIC_KINDS = [
  'availability',
  'state',
  'events',
  'set',
  'time',
  'time-reply',
  'telemetry',
  'policy',
] as const;
export type DeviceTopicKind = (typeof DEVICE_TOPIC_KINDS)[number];

/**
 * Kinds only the station publishes, whoever the client is (an anonymous one
 * included): the broker refuses them from every MQTT client. Retained, so a
 * forged message would outlive its sender.
 */
export const STATION_ONLY_KINDS: readonly DeviceTopicKind[] = ['policy'];

export const topics = {
  availability: (deviceId: string) => `${TOPIC_ROOT}/devices/${deviceId}/availability`,
  state: (deviceId: string) => `${TOPIC_ROOT}/devices/${deviceId}/state`,
  events: (deviceId: string) => `${TOPIC_ROOT}/devices/${deviceId}/events`,
  set: (deviceId: string) => `${TOPIC_ROOT}/devices/${deviceId}/set`,
  time: (deviceId: string) => `${TOPIC_ROOT}/devices/${deviceId}/time`,
  'time-reply': (deviceId: string) => `${TOPIC_ROOT}/devices/${deviceId}/time-reply`,
  telemetry: (deviceId: string) => `${TOPIC_ROOT}/devices/${deviceId}/telemetry`,
  /** Published by the station only; retained per device: the recorder's confirm-to-stop policy. */
  policy: (deviceId: string) => `${TOPIC_ROOT}/devices/${deviceId}/policy`,
  gatewayAvailability: () => `${TOPIC_ROOT}/gateway/availability`,
  /** Published by the station only; retained per device and rule. */
  alert: (deviceId: string, rule: string) => `${TOPIC_ROOT}/alerts/${deviceId}/${rule}`,
  allAlerts: () => `${TOPIC_ROOT}/alerts/#`,
  /** Wildcard the station subscribes to for everything devices publish. */
  allDevices: () => `${TOPIC_ROOT}/devices/+/+`,
} as const;

export interface ParsedDeviceTopic {
  deviceId: string;
  kind: DeviceTopicKind;
}

/** Splits `liuhen/devices/<id>/<kind>`; returns null for any other topic. */
export function parseDeviceTopic(topic: string): ParsedDeviceTopic | null {
  const parts = topic.split('/');
  if (parts.length !== 4 || parts[0] !== TOPIC_ROOT || parts[1] !== 'devices') return null;
  const [, , deviceId, kind] = parts as [string, string, string, string];
  if (!isDeviceId(deviceId)) return null;
  if (!(DEVICE_TOPIC_KINDS as readonly string[]).includes(kind)) return null;
  return { deviceId, kind: kind as DeviceTopicKind };
}
