/**
 * Schema migrations, in order. Never edit a shipped migration: add a new one.
 * Written with Kysely's schema builder so they run on SQLite and PostgreSQL.
 */
import { SqliteAdapter, sql, type Kysely, type Migration } from 'kysely';

const isSqlite = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof SqliteAdapter;

/** The tables the public portal reads (gateway/src/portal/*-repo.ts): a change to one moves portal_changes. */
export const PORTAL_TABLES = ['publications', 'video_releases', 'disclosure_pages', 'inspection_plans'] as const;

export const migrations: Record<string, Migration> = {
  '0001_devices_recordings': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('devices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('profile', 'text', (c) => c.notNull())
        .addColumn('officer_id', 'text')
        .addColumn('state', 'text', (c) => c.notNull().defaultTo('standby'))
        .addColumn('recording_id', 'text')
        .addColumn('recording_since', 'text')
        .addColumn('battery_percent', 'real')
        .addColumn('storage_free_bytes', 'bigint')
        .addColumn('firmware_version', 'text')
        .addColumn('device_time', 'text')
        .addColumn('online', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_seen', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('device_events')
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('recording_id', 'text')
        .addColumn('officer_id', 'text')
        .addColumn('ts', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('device_events_pk', ['device_id', 'seq'])
        .execute();

      await db.schema
        .createTable('recordings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('officer_id', 'text')
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull().unique())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text', (c) => c.notNull())
        .addColumn('duration_seconds', 'real', (c) => c.notNull())
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('recovered', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
        .execute();
      await db.schema
        .createIndex('recordings_device_time')
        .on('recordings')
        .columns(['device_id', 'started_at'])
        .execute();
    },
  },
  '0002_device_clock_offset': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('devices').addColumn('clock_offset_ms', 'real').execute();
    },
  },
  '0003_device_keys': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('devices').addColumn('public_key_pem', 'text').execute();
      await db.schema.alterTable('devices').addColumn('key_fingerprint', 'text').execute();
    },
  },
  '0004_cases_coverage_audit': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('units')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('officers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('licence_no', 'text', (c) => c.unique())
        .addColumn('unit_id', 'text', (c) => c.references('units.id'))
        .addColumn('role', 'text', (c) => c.notNull().defaultTo('officer'))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('assignments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('officer_id', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('assignments_device')
        .on('assignments')
        .columns(['device_id', 'started_at'])
        .execute();
      await db.schema
        .createIndex('assignments_officer')
        .on('assignments')
        .columns(['officer_id', 'started_at'])
        .execute();

      // Segments: where they were taken, retention state.
      await db.schema.alterTable('recordings').addColumn('lat', 'real').execute();
      await db.schema.alterTable('recordings').addColumn('lon', 'real').execute();
      await db.schema
        .alterTable('recordings')
        .addColumn('hold', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('recordings').addColumn('deleted_at', 'text').execute();
      await db.schema.alterTable('recordings').addColumn('deleted_reason', 'text').execute();
      await db.schema
        .createIndex('recordings_officer_time')
        .on('recordings')
        .columns(['officer_id', 'started_at'])
        .execute();
      await db.schema.createIndex('recordings_started').on('recordings').columns(['started_at']).execute();

      await db.schema
        .createTable('cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('party', 'text')
        .addColumn('unit_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
        .addColumn('major', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('hold', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('closed_at', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('steps')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('starts_at', 'text', (c) => c.notNull())
        .addColumn('ends_at', 'text')
        .addColumn('location', 'text')
        .addColumn('lat', 'real')
        .addColumn('lon', 'real')
        .addColumn('requirement', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('steps_case').on('steps').columns(['case_id', 'starts_at']).execute();
      await db.schema.createIndex('steps_end').on('steps').columns(['ends_at']).execute();
      await db.schema
        .createTable('step_officers')
        .addColumn('step_id', 'text', (c) => c.notNull().references('steps.id').onDelete('cascade'))
        .addColumn('officer_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('step_officers_pk', ['step_id', 'officer_id'])
        .execute();
      await db.schema.createIndex('step_officers_officer').on('step_officers').columns(['officer_id']).execute();

      await db.schema
        .createTable('links')
        .addColumn('step_id', 'text', (c) => c.notNull())
        .addColumn('recording_id', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('linked_by', 'text')
        .addColumn('reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('links_pk', ['step_id', 'recording_id'])
        // On SQLite the table is its primary key (one B-tree, not two): the full sort writes a million rows.
        .$call((b) => (isSqlite(db) ? b.modifyEnd(sql`without rowid`) : b))
        .execute();
      await db.schema.createIndex('links_recording').on('links').columns(['recording_id']).execute();

      await db.schema
        .createTable('step_coverage')
        .addColumn('step_id', 'text', (c) => c.primaryKey())
        .addColumn('window_seconds', 'real', (c) => c.notNull())
        .addColumn('covered_seconds', 'real', (c) => c.notNull())
        .addColumn('ratio', 'real', (c) => c.notNull())
        .addColumn('passing', 'integer', (c) => c.notNull())
        .addColumn('final', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('gaps', 'text', (c) => c.notNull())
        .addColumn('computed_at', 'text', (c) => c.notNull())
        .execute();

      // Changes not yet sorted; written in the same transaction as the change, so a crash loses none.
      await db.schema
        .createTable('sort_pending')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('queued_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('sort_pending_pk', ['kind', 'id'])
        .execute();

      await db.schema
        .createTable('review_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text')
        .addColumn('step_id', 'text')
        .addColumn('device_id', 'text')
        .addColumn('officer_id', 'text')
        .addColumn('unit_id', 'text')
        .addColumn('subject_start', 'text')
        .addColumn('subject_end', 'text')
        .addColumn('state', 'text', (c) => c.notNull().defaultTo('open'))
        .addColumn('assignee', 'text')
        .addColumn('explanation', 'text')
        .addColumn('explanation_reason', 'text')
        .addColumn('explained_by', 'text')
        .addColumn('decision', 'text')
        .addColumn('decision_note', 'text')
        .addColumn('decided_by', 'text')
        .addColumn('resolution', 'text')
        .addColumn('detail', 'text')
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('review_items_subject', ['kind', 'subject_id'])
        .execute();
      await db.schema
        .createIndex('review_items_queue')
        .on('review_items')
        .columns(['kind', 'state', 'due_at'])
        .execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('ts', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text')
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_case').on('audit_log').columns(['case_id', 'seq']).execute();
      await db.schema.createIndex('audit_actor').on('audit_log').columns(['actor', 'seq']).execute();
      await db.schema.createIndex('audit_subject').on('audit_log').columns(['subject_type', 'subject_id']).execute();
    },
  },
  '0005_telemetry': {
    async up(db: Kysely<unknown>) {
      // The embedded telemetry store's window; no foreign key to devices:
      // telemetry may arrive before a device registers, and is pruned on its own.
      await db.schema
        .createTable('telemetry')
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('ts', 'bigint', (c) => c.notNull())
        .addColumn('officer_id', 'text')
        .addColumn('unit_id', 'text')
        .addColumn('battery_percent', 'real')
        .addColumn('battery_voltage_mv', 'integer')
        .addColumn('battery_charging', 'integer')
        .addColumn('storage_free_bytes', 'bigint')
        .addColumn('storage_recordable_seconds', 'bigint')
        .addColumn('temperature_celsius', 'real')
        .addColumn('signal_rssi_dbm', 'real')
        .addColumn('clock_offset_ms', 'real')
        .addColumn('position_lat', 'real')
        .addColumn('position_lon', 'real')
        .addColumn('position_accuracy_m', 'real')
        .addColumn('recording', 'integer')
        .addColumn('offload_pending_segments', 'integer')
        .addColumn('offload_pending_bytes', 'bigint')
        .execute();
      await db.schema.createIndex('telemetry_device_ts').on('telemetry').columns(['device_id', 'ts']).execute();
    },
  },
  '0006_inventory_desk_alerts': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('devices').addColumn('serial', 'text').execute();
      await db.schema
        .alterTable('devices')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('in_service'))
        .execute();
      await db.schema.alterTable('devices').addColumn('notes', 'text').execute();
      await db.schema.alterTable('devices').addColumn('enrolled_at', 'text').execute();
      await db.schema.createIndex('devices_serial').on('devices').column('serial').unique().execute();

      await db.schema
        .createTable('enrollments')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema
        .createTable('device_credentials')
        .addColumn('device_id', 'text', (c) => c.primaryKey())
        .addColumn('mqtt_username', 'text', (c) => c.notNull().unique())
        .addColumn('mqtt_password_hash', 'text', (c) => c.notNull())
        .addColumn('rtmp_secret', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('ledger')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ts', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('officer_id', 'text')
        .addColumn('assignment_id', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ledger_device').on('ledger').columns(['device_id', 'ts']).execute();
      await db.schema.createIndex('ledger_officer').on('ledger').columns(['officer_id', 'ts']).execute();
      await db.schema.createIndex('ledger_ts').on('ledger').column('ts').execute();

      await db.schema
        .createTable('alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('officer_id', 'text')
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('since', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('acknowledged_by', 'text')
        .addColumn('acknowledged_at', 'text')
        .addColumn('ack_note', 'text')
        .addColumn('cleared_at', 'text')
        .execute();
      await db.schema.createIndex('alerts_open').on('alerts').columns(['status', 'device_id', 'rule']).execute();
      await db.schema.createIndex('alerts_device').on('alerts').columns(['device_id', 'since']).execute();
    },
  },
  '0007_users_sessions_tokens': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('officer_id', 'text')
        .addColumn('unit_id', 'text')
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'text')
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('password_changed_at', 'text', (c) => c.notNull())
        .addColumn('last_login_at', 'text')
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('user_agent', 'text')
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('officer_id', 'text')
        .addColumn('unit_id', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('last_used_at', 'text')
        .execute();
    },
  },
  '0008_device_recordings': {
    async up(db: Kysely<unknown>) {
      // Recordings as the recorders' events tell them: what footage was recorded and what was buffer.
      await db.schema
        .createTable('device_recordings')
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('recording_id', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .addColumn('end_kind', 'text', (c) => c.notNull())
        .addColumn('stopped_at', 'text')
        .addColumn('alive_at', 'text')
        .addColumn('pre_record_ms', 'integer', (c) => c.notNull())
        .addColumn('post_record_ms', 'integer', (c) => c.notNull())
        .addColumn('officer_id', 'text')
        .addColumn('start_seq', 'bigint')
        .addColumn('stop_seq', 'bigint')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('device_recordings_pk', ['device_id', 'recording_id'])
        .execute();
      await db.schema
        .createIndex('device_recordings_time')
        .on('device_recordings')
        .columns(['device_id', 'started_at'])
        .execute();
      await db.schema
        .alterTable('step_coverage')
        .addColumn('recorded_seconds', 'real', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('step_coverage')
        .addColumn('buffer_seconds', 'real', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('step_coverage')
        .addColumn('interruptions', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      // Figures computed before recordings were known: all their footage counted as recorded.
      await sql`UPDATE step_coverage SET recorded_seconds = covered_seconds`.execute(db);
    },
  },
  '0009_quarantine': {
    async up(db: Kysely<unknown>) {
      // Recorder segments whose chain the station refused: kept, never retried forever in silence.
      await db.schema
        .createTable('quarantine')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('segment', 'text', (c) => c.notNull())
        .addColumn('copy', 'integer', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull().unique())
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('chain_sha256', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('officer_id', 'text')
        .addColumn('unit_id', 'text')
        .addColumn('started_at', 'text')
        .addColumn('ended_at', 'text')
        .addColumn('recording_ids', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('quarantine_copy', ['device_id', 'segment', 'sha256', 'chain_sha256'])
        .execute();
      await db.schema.createIndex('quarantine_device').on('quarantine').columns(['device_id', 'created_at']).execute();
    },
  },
  '0010_discards_chain_files': {
    async up(db: Kysely<unknown>) {
      // Chains of pre-record buffer the recorders deleted, offloaded so every chain verifies without gaps.
      await db.schema
        .createTable('discards')
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('segment', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text', (c) => c.notNull())
        .addColumn('clock_offset_ms', 'real')
        .addColumn('officer_id', 'text')
        .addColumn('seq_first', 'bigint', (c) => c.notNull())
        .addColumn('seq_last', 'bigint', (c) => c.notNull())
        .addColumn('entries', 'integer', (c) => c.notNull())
        .addColumn('chain_sha256', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('overlap_recording_id', 'text')
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('discards_pk', ['device_id', 'segment'])
        .execute();
      await db.schema.createIndex('discards_time').on('discards').columns(['device_id', 'started_at']).execute();
      await db.schema
        .createTable('chain_files')
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('file', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('segment', 'text', (c) => c.notNull())
        .addColumn('runs', 'text', (c) => c.notNull())
        .addColumn('entries', 'integer', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('chain_files_pk', ['device_id', 'file'])
        .execute();
    },
  },
  '0011_audit_checkpoints': {
    async up(db: Kysely<unknown>) {
      // Signed checkpoints of the audit trail (the station key's statement of its head, and of a
      // case's excerpt at an export): a re-hashed trail no longer matches them.
      await db.schema
        .createTable('audit_checkpoints')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('head_hash', 'text', (c) => c.notNull())
        .addColumn('ts', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text')
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('statement', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_checkpoints_seq').on('audit_checkpoints').columns(['seq']).execute();
    },
  },
  '0012_review_item_units': {
    async up(db: Kysely<unknown>) {
      // Unsorted footage and marks were filed under no unit, so a unit's supervisor never saw them:
      // file them under the footage's unit (its officer's, or the recorder's holder's then), as new ones are.
      await sql`
        UPDATE review_items SET unit_id = CASE
          WHEN officer_id IS NOT NULL THEN (SELECT o.unit_id FROM officers o WHERE o.id = review_items.officer_id)
          ELSE (SELECT o.unit_id FROM assignments a LEFT JOIN officers o ON o.id = a.officer_id
                WHERE a.device_id = review_items.device_id AND a.started_at <= review_items.subject_start
                  AND (a.ended_at IS NULL OR a.ended_at > review_items.subject_start)
                ORDER BY a.started_at DESC LIMIT 1)
        END
        WHERE unit_id IS NULL AND case_id IS NULL AND kind IN ('unsorted', 'marked')`.execute(db);
    },
  },
  '0013_legal_review': {
    async up(db: Kysely<unknown>) {
      // Documents of a case file: every version kept (a new upload supersedes, never replaces).
      await db.schema
        .createTable('documents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('document_key', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('step_id', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('documents_key_version', ['document_key', 'version'])
        .execute();
      await db.schema.createIndex('documents_case').on('documents').columns(['case_id']).execute();
      // The proposed decision the catalogue reads, and how it classified the case.
      await db.schema
        .createTable('case_decisions')
        .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id'))
        .addColumn('facts', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // `major` stays the effective flag; `marked_major` is the hand-set part of it and
      // `major_reasons` the catalogue's (JSON), so neither overrides the other.
      await db.schema
        .alterTable('cases')
        .addColumn('marked_major', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('cases').addColumn('major_reasons', 'text').execute();
      await sql`UPDATE cases SET marked_major = major`.execute(db);
      await db.schema.alterTable('officers').addColumn('licence_expires', 'text').execute();
      await db.schema
        .createTable('legal_reviews')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('round', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('submitted_by', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('content_sha256', 'text', (c) => c.notNull())
        .addColumn('catalogue_version', 'text', (c) => c.notNull())
        .addColumn('accepted_at', 'text')
        .addColumn('due_at', 'text')
        .addColumn('reviewer', 'text')
        .addColumn('outcome', 'text')
        .addColumn('opinion', 'text')
        .addColumn('opinion_at', 'text')
        .addColumn('opinion_number', 'text')
        .addColumn('opinion_document_id', 'text')
        .addColumn('signature', 'text')
        .addColumn('void_reason', 'text')
        .addColumn('discussion', 'text')
        .addUniqueConstraint('legal_reviews_case_round', ['case_id', 'round'])
        .execute();
      await db.schema.createIndex('legal_reviews_state').on('legal_reviews').columns(['state']).execute();
      await db.schema
        .createTable('legal_reviewers')
        .addColumn('username', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('qualification_no', 'text')
        .addColumn('certificate_no', 'text')
        .addColumn('certificate_expires', 'text')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('public_key_pem', 'text', (c) => c.notNull())
        .addColumn('private_key_pem', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0014_publications': {
    async up(db: Kysely<unknown>) {
      // Published results (行政执法公示). `original` (unredacted) never leaves the station: the
      // public portal reads only `public_json` (and, once withdrawn, the id, time and reason).
      await db.schema
        .createTable('publications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('item_id', 'text', (c) => c.notNull().unique())
        .addColumn('case_id', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('original', 'text', (c) => c.notNull())
        .addColumn('redacted', 'text', (c) => c.notNull())
        .addColumn('findings', 'text', (c) => c.notNull())
        .addColumn('withhold', 'text', (c) => c.notNull())
        .addColumn('party_type', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('signed_off_by', 'text')
        .addColumn('published_at', 'text')
        .addColumn('public_json', 'text')
        .addColumn('signature', 'text')
        .addColumn('withdrawn_at', 'text')
        .addColumn('withdraw_kind', 'text')
        .addColumn('withdraw_reason', 'text')
        .addColumn('expires_at', 'text')
        .addColumn('search_text', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('publications_state_published')
        .on('publications')
        .columns(['state', 'published_at'])
        .execute();
      await db.schema.createIndex('publications_case').on('publications').columns(['case_id']).execute();
      // One live publication per case: two drafts made at once (the decision's listener and a
      // request) cannot both be kept.
      await sql`CREATE UNIQUE INDEX publications_live_case ON publications (case_id)
                WHERE case_id IS NOT NULL AND state != 'withdrawn'`.execute(db);
    },
  },
  '0015_disclosure_inspections': {
    async up(db: Kysely<unknown>) {
      // Pages published before enforcement (事前公开): every change a new version, old ones kept;
      // the portal serves public_json as signed.
      await db.schema
        .createTable('disclosure_pages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body_json', 'text', (c) => c.notNull())
        .addColumn('public_json', 'text', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .addColumn('effective_from', 'text', (c) => c.notNull())
        .addColumn('published_by', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('disclosure_pages_slug_version', ['slug', 'version'])
        .execute();
      await db.schema
        .createIndex('disclosure_pages_effective')
        .on('disclosure_pages')
        .columns(['effective_from', 'slug'])
        .execute();
      // Random inspections (双随机、一公开): the list of items, the draws and what they assigned.
      await db.schema
        .createTable('inspection_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sub_item', 'text')
        .addColumn('subject', 'text')
        .addColumn('basis', 'text')
        .addColumn('method', 'text')
        .addColumn('content', 'text')
        .addColumn('note', 'text')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('inspection_plans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('draw_id', 'text', (c) => c.notNull().unique())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('draw_at', 'text', (c) => c.notNull())
        .addColumn('party_count', 'integer', (c) => c.notNull())
        .addColumn('inspectors_per_party', 'integer', (c) => c.notNull())
        .addColumn('rules', 'text', (c) => c.notNull())
        .addColumn('beacon_source', 'text')
        .addColumn('parties', 'text', (c) => c.notNull())
        .addColumn('roster', 'text', (c) => c.notNull())
        .addColumn('conflicts', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        // The seed is sealed (AES-256-GCM, key derived from the station key): the portal's
        // read-only connection to this file must not learn a draw before it happens.
        .addColumn('seed_sealed', 'text')
        .addColumn('commitment', 'text')
        .addColumn('commitment_json', 'text')
        .addColumn('commitment_signature', 'text')
        .addColumn('committed_at', 'text')
        .addColumn('committed_by', 'text')
        .addColumn('beacon', 'text')
        .addColumn('draw_json', 'text')
        .addColumn('draw_signature', 'text')
        .addColumn('drawn_at', 'text')
        .addColumn('drawn_by', 'text')
        .addColumn('cancel_reason', 'text')
        .addColumn('cancel_json', 'text')
        .addColumn('cancel_signature', 'text')
        .addColumn('cancelled_at', 'text')
        .addColumn('cancelled_by', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('inspection_plans_state').on('inspection_plans').columns(['state']).execute();
      await db.schema
        .createTable('inspection_assignments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('plan_id', 'text', (c) => c.notNull().references('inspection_plans.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('party_id', 'text', (c) => c.notNull())
        .addColumn('party_name', 'text')
        .addColumn('inspectors', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('result', 'text')
        .addColumn('result_by', 'text')
        .addColumn('result_at', 'text')
        .addColumn('publication_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('inspection_assignments_plan_position', ['plan_id', 'position'])
        .execute();
    },
  },
  '0016_lookup_indexes': {
    async up(db: Kysely<unknown>) {
      // The legal review package and every decision change look up chain files by segment and review
      // items by case; without these both were full scans (104 of 141 ms and 14.5 ms at bench size).
      await db.schema.createIndex('chain_files_segment').on('chain_files').columns(['segment']).execute();
      await db.schema.createIndex('review_items_case').on('review_items').columns(['case_id']).execute();
    },
  },
  '0017_video_releases': {
    async up(db: Kysely<unknown>) {
      // Video released with a publication (publicity/video-release.ts): a clip cut from a sealed
      // segment, its face tracks, the editor's corrections, and the released copy hash-linked to
      // the source. The portal reads only the released copy's columns of a released row.
      await db.schema
        .createTable('video_releases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('publication_id', 'text', (c) => c.notNull().references('publications.id'))
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('recording_id', 'text', (c) => c.notNull())
        .addColumn('start_ms', 'integer', (c) => c.notNull())
        .addColumn('end_ms', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('sources', 'text', (c) => c.notNull())
        .addColumn('work_sha256', 'text')
        .addColumn('work_bytes', 'integer')
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('duration_ms', 'integer')
        .addColumn('regions', 'text', (c) => c.notNull())
        .addColumn('rejected', 'text', (c) => c.notNull())
        .addColumn('manual', 'text', (c) => c.notNull())
        .addColumn('muted', 'text', (c) => c.notNull())
        .addColumn('render_seq', 'integer', (c) => c.notNull())
        .addColumn('copy_path', 'text')
        .addColumn('copy_sha256', 'text')
        .addColumn('copy_bytes', 'integer')
        .addColumn('manifest_json', 'text')
        .addColumn('proposed_by', 'text', (c) => c.notNull())
        .addColumn('signed_off_by', 'text')
        .addColumn('released_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('video_releases_publication')
        .on('video_releases')
        .columns(['publication_id'])
        .execute();
    },
  },
  '0018_portal_indexes': {
    async up(db: Kysely<unknown>) {
      // The public portal reads the live results in the list's order (published_at descending,
      // then item_id): from this index, which holds the order and what the live test reads, a page
      // seeks to its place and skips rows without visiting them (expires_at lies past public_json,
      // in overflow pages), and counting the list walks the index alone (the last page of 100k
      // took 355 ms and the count 270 ms without it). The second one finds the next expiry, which
      // ends what the portal keeps (portal/results.ts).
      await sql`CREATE INDEX publications_live_order ON publications (state, published_at DESC, item_id, expires_at)
                WHERE public_json IS NOT NULL AND signature IS NOT NULL AND published_at IS NOT NULL`.execute(db);
      await db.schema
        .createIndex('publications_state_expires')
        .on('publications')
        .columns(['state', 'expires_at'])
        .execute();
    },
  },
  '0019_portal_changes': {
    async up(db: Kysely<unknown>) {
      // What the portal keeps (answers, counts, page boundaries) is dropped when a table it reads
      // changes. SQLite's data_version moved on every commit, an audit row for a dashboard view
      // included, so a station in use kept almost nothing: one counter row, moved by triggers on
      // exactly the tables the portal reads, tells it instead (portal/portal-repo.ts portalChanges).
      await sql`CREATE TABLE portal_changes (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)`.execute(db);
      await sql`INSERT INTO portal_changes (id, n) VALUES (1, 0)`.execute(db);
      for (const table of PORTAL_TABLES)
        for (const event of ['INSERT', 'UPDATE', 'DELETE'])
          await sql
            .raw(
              `CREATE TRIGGER ${table}_portal_${event.toLowerCase()} AFTER ${event} ON ${table}
               BEGIN UPDATE portal_changes SET n = n + 1 WHERE id = 1; END`,
            )
            .execute(db);
    },
  },
  '0020_video_release_signature': {
    async up(db: Kysely<unknown>) {
      // The station's signature over a released copy's facts (publication item, release, copy
      // SHA-256 and size), made at sign-off: the portal serves no copy whose signature does not
      // verify (publicity/video-release-repo.ts signedVideoFacts). A copy released before it has
      // none and is not served (the feature shipped with it the same day: none is public yet).
      await db.schema.alterTable('video_releases').addColumn('copy_signature', 'text').execute();
    },
  },
  '0021_video_release_withdrawal': {
    async up(db: Kysely<unknown>) {
      // One released video taken down alone (publicity/video-release.ts withdraw): when, by whom, and
      // the public reason (redacted like a publication's), which the portal answers its 410 with.
      for (const column of ['withdrawn_at', 'withdrawn_by', 'withdraw_reason'])
        await db.schema.alterTable('video_releases').addColumn(column, 'text').execute();
    },
  },
  '0022_video_release_tidied': {
    async up(db: Kysely<unknown>) {
      // What the file sweep last left with nothing to delete, and for what (publicity/video-release-repo.ts
      // videoReleasesToTidy): a release tidied for what it still is is skipped, so the sweep no longer
      // reads every finished release's folder forever; a take-down or its publication going down
      // makes it due again.
      for (const column of ['tidied_at', 'tidied_for'])
        await db.schema.alterTable('video_releases').addColumn(column, 'text').execute();
    },
  },
};
