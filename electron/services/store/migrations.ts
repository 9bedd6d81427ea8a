import type Database from 'better-sqlite3';

/**
 * The station database's schema history. Each step runs once, in order, inside one transaction
 * with the `user_version` bump, so a crash mid-upgrade leaves the previous version intact.
 * Never edit a released step: add a new one.
 */
export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'outbox operations and the append-only activity log',
    up(db) {
      db.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE operations (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL,
          provider TEXT NOT NULL,
          subject TEXT NOT NULL,
          operator TEXT NOT NULL,
          input TEXT NOT NULL,
          state TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER,
          last_error TEXT,
          result TEXT,
          replaces TEXT
        );
        CREATE INDEX operations_state_due ON operations (state, next_attempt_at);
        CREATE INDEX operations_subject ON operations (subject, seq);
        CREATE TABLE audit (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          at TEXT NOT NULL,
          operator TEXT NOT NULL,
          action TEXT NOT NULL,
          operation_id TEXT,
          kind TEXT,
          state TEXT,
          subject TEXT,
          error TEXT,
          detail TEXT
        );
        CREATE INDEX audit_operation ON audit (operation_id);
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END;
      `);
    },
  },
  {
    version: 2,
    description: 'card registry with search indexes',
    up(db) {
      db.exec(`
        CREATE TABLE cards (
          id TEXT PRIMARY KEY,
          provider TEXT NOT NULL,
          card_no TEXT,
          serial_num TEXT,
          lock_card_id TEXT,
          device_id TEXT,
          build_no TEXT,
          floor_no TEXT,
          room_no TEXT,
          holder_mobile TEXT,
          holder_area_code TEXT,
          valid_from TEXT,
          valid_to TEXT,
          status TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          last_operation_id TEXT,
          origin_operation_id TEXT
        );
        CREATE INDEX cards_card_no ON cards (card_no) WHERE card_no IS NOT NULL;
        CREATE INDEX cards_serial_num ON cards (serial_num) WHERE serial_num IS NOT NULL;
        CREATE INDEX cards_lock_card_id ON cards (lock_card_id) WHERE lock_card_id IS NOT NULL;
        CREATE INDEX cards_room ON cards (room_no) WHERE room_no IS NOT NULL;
        CREATE INDEX cards_mobile ON cards (holder_mobile) WHERE holder_mobile IS NOT NULL;
        CREATE INDEX cards_origin ON cards (origin_operation_id) WHERE origin_operation_id IS NOT NULL;
      `);
    },
  },
  {
    version: 3,
    description: 'operation ordering position (kept by a corrected resend), sender ownership, audit time index',
    up(db) {
      db.exec(`
        ALTER TABLE operations ADD COLUMN position INTEGER;
        UPDATE operations SET position = seq;
        UPDATE operations SET next_attempt_at = 0 WHERE state = 'queued' AND next_attempt_at IS NULL;
        ALTER TABLE operations ADD COLUMN owner TEXT;
        CREATE INDEX operations_subject_position ON operations (subject, position);
        CREATE INDEX operations_position ON operations (state, position);
        CREATE INDEX operations_state_updated ON operations (state, updated_at);
        DROP INDEX operations_subject;
        CREATE INDEX audit_at ON audit (at);
        CREATE INDEX audit_subject ON audit (subject);
        CREATE INDEX cards_mobile_suffix ON cards (substr(holder_mobile, -4)) WHERE holder_mobile IS NOT NULL;
      `);
    },
  },
  {
    version: 5,
    description: 'operators (people who sign in; disabled, never deleted) and the activity log by person',
    up(db) {
      db.exec(`
        CREATE TABLE operators (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          name TEXT NOT NULL,
          name_key TEXT NOT NULL UNIQUE,
          role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'administrator')),
          secret_hash TEXT NOT NULL,
          secret_kind TEXT NOT NULL CHECK (secret_kind IN ('pin', 'password')),
          disabled_at TEXT,
          failed_attempts INTEGER NOT NULL DEFAULT 0,
          last_failed_at INTEGER,
          locked_at TEXT,
          created_at TEXT NOT NULL,
          created_by TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TRIGGER operators_no_delete BEFORE DELETE ON operators BEGIN SELECT RAISE(ABORT, 'operators are disabled, never deleted: the activity log keeps their name'); END;
        CREATE INDEX audit_operator ON audit (operator);
      `);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
