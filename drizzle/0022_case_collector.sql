ALTER TABLE "proxy_case" ADD COLUMN "collector_name" text;--> statement-breakpoint
ALTER TABLE "proxy_case" ADD COLUMN "collector_relation" text;