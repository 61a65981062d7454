-- Ledger rows are money: never edited, never removed. Corrections are reversal rows.
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
  FOR EACH ROW EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
-- Case numbers: one sequence, readable per day (D20261126-000123).
CREATE SEQUENCE IF NOT EXISTS case_no_seq;
