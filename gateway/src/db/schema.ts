/**
 * Table shapes for Kysely. Times are ISO 8601 UTC strings ("...Z"): they sort
 * correctly as text in SQLite and in PostgreSQL alike, so queries need no
 * dialect-specific date handling.
 */
export interface DevicesTable {
  id: string;
  profile: string;
  officer_id: string | null;
  state: 'standby' | 'recording';
  recording_id: string | null;
  recording_since: string | null;
  battery_percent: number | null;
  storage_free_bytes: number | null;
  firmware_version: string | null;
  device_time: string | null;
  /** Device minus station clock from the device's last sync, ms. */
  clock_offset_ms: number | null;
  online: number;
  last_seen: string | null;
  /** Ed25519 public key (SPKI PEM) that signs the device's evidence chain; first registration wins. */
  public_key_pem?: string | null;
  key_fingerprint?: string | null;
  created_at: string;
}

export interface DeviceEventsTable {
  device_id: string;
  seq: number;
  type: string;
  recording_id: string | null;
  officer_id: string | null;
  ts: string;
  received_at: string;
}

export interface RecordingsTable {
  id: string;
  device_id: string;
  officer_id: string | null;
  session_id: string;
  /** Relative to the footage store root. */
  path: string;
  started_at: string;
  ended_at: string;
  duration_seconds: number;
  bytes: number;
  sha256: string;
  source: 'live' | 'device';
  /** 1 when the file was found unindexed after a crash and indexed on restart. */
  recovered: number;
  created_at: string;
}

export interface Database {
  devices: DevicesTable;
  device_events: DeviceEventsTable;
  recordings: RecordingsTable;
}
