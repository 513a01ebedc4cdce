/**
 * Protocol version carried as `v` in every MQTT payload. Bump it only for a
 * breaking change; the gateway rejects payloads whose `v` it does not know.
 */
export const PROTOCOL_VERSION = 1 as const;
