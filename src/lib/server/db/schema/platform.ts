// Platform tables: the event log (transactional outbox), idempotency keys, Yjs updates, access log.
import { bigserial, customType, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea'
});

/**
 * The start-up ID-number pass (services/pii.backfill.ts) per subject: the key every row was last found
 * sealed under. While it is still the current key, a start only looks for clear-text rows (an index probe);
 * a new first key makes the next start read every row once more.
 */
export const piiKeyPass = pgTable('pii_key_pass', {
  subject: text('subject').primaryKey(),
  keyId: text('key_id').notNull(),
  doneAt: timestamp('done_at', { withTimezone: true }).notNull().defaultNow()
});

export const event = pgTable(
  'event',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    /** versioned name, e.g. case.updated.v1 */
    type: text('type').notNull(),
    /** rooms the event belongs to: street:1, community:3, point:7 */
    scopes: text('scopes').array().notNull(),
    payload: jsonb('payload').notNull(),
    actor: text('actor').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [index('event_scopes_gin').using('gin', t.scopes)]
);

export const idempotencyKey = pgTable(
  'idempotency_key',
  {
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    command: text('command').notNull(),
    requestHash: text('request_hash').notNull(),
    response: jsonb('response'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] })]
);

export const yjsUpdate = pgTable(
  'yjs_update',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    doc: text('doc').notNull(),
    update: bytea('update').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [index('yjs_update_doc_idx').on(t.doc, t.id)]
);

/** Append-only: a trigger (drizzle/0001) refuses UPDATE and DELETE. */
export const accessLog = pgTable(
  'access_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    fields: text('fields').array().notNull().default([]),
    ip: text('ip'),
    requestId: text('request_id'),
    /** why the details were read (domain/reveal.ts), and the words of an `other` reason */
    purpose: text('purpose'),
    purposeNote: text('purpose_note')
  },
  (t) => [index('access_log_subject_idx').on(t.subjectType, t.subjectId)]
);

export const meta = pgTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull()
});
