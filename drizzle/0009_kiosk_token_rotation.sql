ALTER TABLE "kiosk" ADD COLUMN "next_token_hash" text;--> statement-breakpoint
ALTER TABLE "kiosk" ADD COLUMN "token_rotated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "kiosk" ADD CONSTRAINT "kiosk_next_token_hash_unique" UNIQUE("next_token_hash");