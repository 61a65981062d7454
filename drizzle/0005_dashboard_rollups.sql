CREATE TABLE "case_day_stat" (
	"day" text NOT NULL,
	"point_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"channel" text NOT NULL,
	"intake" integer DEFAULT 0 NOT NULL,
	"delivered" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"turnaround_min" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "case_day_stat_day_point_id_item_id_channel_pk" PRIMARY KEY("day","point_id","item_id","channel")
);
--> statement-breakpoint
CREATE TABLE "case_state_count" (
	"point_id" integer NOT NULL,
	"state" text NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "case_state_count_point_id_state_pk" PRIMARY KEY("point_id","state")
);
--> statement-breakpoint
CREATE TABLE "grid_day_stat" (
	"day" text NOT NULL,
	"property_id" integer NOT NULL,
	"company_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"kind" text NOT NULL,
	"filed" integer DEFAULT 0 NOT NULL,
	"verified_new" integer DEFAULT 0 NOT NULL,
	"verified_known" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "grid_day_stat_day_property_id_kind_pk" PRIMARY KEY("day","property_id","kind")
);
--> statement-breakpoint
ALTER TABLE "case_day_stat" ADD CONSTRAINT "case_day_stat_point_id_point_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."point"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_day_stat" ADD CONSTRAINT "case_day_stat_item_id_service_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."service_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_state_count" ADD CONSTRAINT "case_state_count_point_id_point_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."point"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_day_stat" ADD CONSTRAINT "grid_day_stat_property_id_property_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."property"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_day_stat" ADD CONSTRAINT "grid_day_stat_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_day_stat" ADD CONSTRAINT "grid_day_stat_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_day_stat_point_idx" ON "case_day_stat" USING btree ("point_id","day");--> statement-breakpoint
CREATE INDEX "grid_day_stat_company_idx" ON "grid_day_stat" USING btree ("company_id","day");--> statement-breakpoint
CREATE INDEX "proxy_case_closed_idx" ON "proxy_case" USING btree ("state","closed_at");--> statement-breakpoint
CREATE INDEX "proxy_case_open_due_idx" ON "proxy_case" USING btree ("due_at") WHERE state not in ('delivered', 'rejected', 'cancelled');--> statement-breakpoint
CREATE INDEX "proxy_case_kiosk_idx" ON "proxy_case" USING btree ("kiosk_id","submitted_at");--> statement-breakpoint
CREATE INDEX "grid_record_backlog_idx" ON "grid_record" USING btree ("filed_at") WHERE state in ('pending', 'needs_visit');--> statement-breakpoint
CREATE INDEX "ledger_period_idx" ON "ledger_entry" USING btree ("period","kind","company_id");--> statement-breakpoint
-- Backfill the rollups from the rows that exist before them (Shanghai is UTC+8 all year).
INSERT INTO "case_day_stat" ("day", "point_id", "item_id", "channel", "intake")
  SELECT to_char(("submitted_at" at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD'), "point_id", "item_id", "channel", count(*)
  FROM "proxy_case" GROUP BY 1, 2, 3, 4;--> statement-breakpoint
INSERT INTO "case_day_stat" ("day", "point_id", "item_id", "channel", "delivered", "rejected", "turnaround_min")
  SELECT to_char(("closed_at" at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD'), "point_id", "item_id", "channel",
    count(*) FILTER (WHERE "state" = 'delivered'), count(*) FILTER (WHERE "state" = 'rejected'),
    coalesce(sum(round(extract(epoch from "closed_at" - "submitted_at") / 60)) FILTER (WHERE "state" = 'delivered'), 0)
  FROM "proxy_case" WHERE "state" in ('delivered', 'rejected') AND "closed_at" IS NOT NULL GROUP BY 1, 2, 3, 4
  ON CONFLICT ("day", "point_id", "item_id", "channel") DO UPDATE SET "delivered" = excluded."delivered", "rejected" = excluded."rejected", "turnaround_min" = excluded."turnaround_min";--> statement-breakpoint
INSERT INTO "case_state_count" ("point_id", "state", "n") SELECT "point_id", "state", count(*) FROM "proxy_case" GROUP BY 1, 2;--> statement-breakpoint
INSERT INTO "grid_day_stat" ("day", "property_id", "company_id", "community_id", "kind", "filed")
  SELECT to_char(("filed_at" at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD'), "property_id", min("company_id"), min("community_id"), "kind", count(*)
  FROM "grid_record" GROUP BY 1, 2, 5;--> statement-breakpoint
INSERT INTO "grid_day_stat" ("day", "property_id", "company_id", "community_id", "kind", "verified_new", "verified_known", "rejected")
  SELECT to_char(("decided_at" at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD'), "property_id", min("company_id"), min("community_id"), "kind",
    count(*) FILTER (WHERE "state" = 'verified_new'), count(*) FILTER (WHERE "state" = 'verified_known'), count(*) FILTER (WHERE "state" = 'rejected')
  FROM "grid_record" WHERE "state" in ('verified_new', 'verified_known', 'rejected') AND "decided_at" IS NOT NULL GROUP BY 1, 2, 5
  ON CONFLICT ("day", "property_id", "kind") DO UPDATE SET "verified_new" = excluded."verified_new", "verified_known" = excluded."verified_known", "rejected" = excluded."rejected";
