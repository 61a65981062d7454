ALTER TABLE "proxy_case" ADD COLUMN "paused_at" timestamp with time zone;--> statement-breakpoint
-- Cases already waiting on the resident were paused when they last changed, which was when they started to wait.
UPDATE "proxy_case" SET "paused_at" = "updated_at" WHERE "state" = 'needs_materials';
