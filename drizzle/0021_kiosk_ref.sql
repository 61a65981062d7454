ALTER TABLE "proxy_case" ADD COLUMN "kiosk_ref" text;--> statement-breakpoint
CREATE INDEX "proxy_case_kiosk_ref_idx" ON "proxy_case" USING btree ("kiosk_ref") WHERE kiosk_ref is not null;