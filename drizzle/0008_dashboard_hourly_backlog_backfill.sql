-- Backfill the hourly intake and the verification backlog rollups from the rows that exist before them
-- (Shanghai is UTC+8 all year). From here on case.service / grid.service / verification.service keep them.
INSERT INTO "case_hour_stat" ("day", "hour", "point_id", "channel", "intake")
  SELECT to_char(("submitted_at" at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD'), extract(hour from ("submitted_at" at time zone 'UTC') + interval '8 hours')::smallint,
    "point_id", "channel", count(*)
  FROM "proxy_case" GROUP BY 1, 2, 3, 4
  ON CONFLICT ("day", "hour", "point_id", "channel") DO UPDATE SET "intake" = excluded."intake";--> statement-breakpoint
INSERT INTO "grid_backlog_stat" ("property_id", "kind", "company_id", "community_id", "n")
  SELECT "property_id", "kind", min("company_id"), min("community_id"), count(*)
  FROM "grid_record" WHERE "state" in ('pending', 'needs_visit') GROUP BY 1, 2
  ON CONFLICT ("property_id", "kind") DO UPDATE SET "n" = excluded."n";
