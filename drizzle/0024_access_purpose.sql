ALTER TABLE "access_log" ADD COLUMN "purpose" text;--> statement-breakpoint
ALTER TABLE "access_log" ADD COLUMN "purpose_note" text;