ALTER TABLE "ledger_entry" ADD COLUMN "assessment_id" integer;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD COLUMN "assessment_round" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_assessment_once" ON "ledger_entry" USING btree ("assessment_id","assessment_round") WHERE kind = 'assessment' and reverses_id is null;