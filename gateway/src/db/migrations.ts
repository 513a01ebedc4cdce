/**
 * Schema migrations, in order. Never edit a shipped migration: add a new one.
 * Written with Kysely's schema builder so they run on SQLite and PostgreSQL.
 */
import { sql, type Kysely, type Migration } from 'kysely';

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
};
