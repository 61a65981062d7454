CREATE TABLE "pii_key_pass" (
	"subject" text PRIMARY KEY NOT NULL,
	"key_id" text NOT NULL,
	"done_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "proxy_case_id_clear_idx" ON "proxy_case" USING btree ("id") WHERE applicant_id_number is not null;--> statement-breakpoint
CREATE INDEX "grid_record_ids_clear_idx" ON "grid_record" USING btree ("id") WHERE id_cipher is null and anonymised_at is null;