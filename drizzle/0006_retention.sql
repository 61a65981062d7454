ALTER TABLE "proxy_case" ADD COLUMN "anonymised_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "grid_record" ADD COLUMN "anonymised_at" timestamp with time zone;