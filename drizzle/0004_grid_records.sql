CREATE TABLE "agreement" (
	"id" serial PRIMARY KEY NOT NULL,
	"street_id" integer NOT NULL,
	"community_id" integer,
	"company_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"base_funding_fen" integer DEFAULT 0 NOT NULL,
	"target_records" integer DEFAULT 0 NOT NULL,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"committee_token_hash" text,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agreement_committee_token_hash_unique" UNIQUE("committee_token_hash"),
	CONSTRAINT "agreement_period" CHECK (ends_on >= starts_on),
	CONSTRAINT "agreement_funding" CHECK (base_funding_fen >= 0 and target_records >= 0)
);
--> statement-breakpoint
CREATE TABLE "grade_rule_set" (
	"id" serial PRIMARY KEY NOT NULL,
	"street_id" integer NOT NULL,
	"name" text NOT NULL,
	"rules" jsonb NOT NULL,
	"timely_days" integer DEFAULT 3 NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grid_assessment" (
	"id" serial PRIMARY KEY NOT NULL,
	"agreement_id" integer NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"rule_set_id" integer NOT NULL,
	"seed" text NOT NULL,
	"sample_size" integer NOT NULL,
	"population" integer NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"accuracy_bp" integer,
	"timeliness_bp" integer,
	"coverage_bp" integer,
	"grade" text,
	"funding_fen" integer,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"graded_by" integer,
	"graded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "spot_check" (
	"id" serial PRIMARY KEY NOT NULL,
	"assessment_id" integer NOT NULL,
	"record_id" integer NOT NULL,
	"position" integer NOT NULL,
	"result" text,
	"checked_by" integer,
	"checked_by_name" text,
	"checked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "grid_photo" (
	"id" serial PRIMARY KEY NOT NULL,
	"record_id" integer NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grid_photo_type" CHECK (content_type in ('image/jpeg', 'image/png', 'image/webp'))
);
--> statement-breakpoint
CREATE TABLE "grid_record" (
	"id" serial PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"property_id" integer NOT NULL,
	"company_id" integer NOT NULL,
	"kind" text NOT NULL,
	"unit" text NOT NULL,
	"fields" jsonb NOT NULL,
	"match_key" text NOT NULL,
	"observed_on" date NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"filed_by" integer NOT NULL,
	"filed_by_name" text NOT NULL,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" integer,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "grid_record_kind" CHECK (kind in ('population', 'rentalHousing', 'legalEntity', 'facility', 'event')),
	CONSTRAINT "grid_record_state" CHECK (state in ('pending', 'needs_visit', 'verified_new', 'verified_known', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "incentive_rate" (
	"id" serial PRIMARY KEY NOT NULL,
	"street_id" integer NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"set_by" integer NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incentive_rate_nonnegative" CHECK (amount_fen >= 0)
);
--> statement-breakpoint
CREATE TABLE "known_entry" (
	"id" serial PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"kind" text NOT NULL,
	"match_key" text NOT NULL,
	"label" text NOT NULL,
	"source" text NOT NULL,
	"source_record_id" integer,
	"import_batch" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_claim" (
	"subject_type" text NOT NULL,
	"subject_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"holder_id" integer NOT NULL,
	"holder_name" text NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "review_claim_subject_type_subject_id_pk" PRIMARY KEY("subject_type","subject_id"),
	CONSTRAINT "review_claim_subject" CHECK (subject_type in ('record', 'case')),
	CONSTRAINT "review_claim_expiry" CHECK (expires_at > claimed_at)
);
--> statement-breakpoint
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_street_id_street_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."street"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_created_by_staff_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grade_rule_set" ADD CONSTRAINT "grade_rule_set_street_id_street_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."street"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grade_rule_set" ADD CONSTRAINT "grade_rule_set_created_by_staff_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_assessment" ADD CONSTRAINT "grid_assessment_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_assessment" ADD CONSTRAINT "grid_assessment_rule_set_id_grade_rule_set_id_fk" FOREIGN KEY ("rule_set_id") REFERENCES "public"."grade_rule_set"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_assessment" ADD CONSTRAINT "grid_assessment_created_by_staff_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_assessment" ADD CONSTRAINT "grid_assessment_graded_by_staff_user_id_fk" FOREIGN KEY ("graded_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check" ADD CONSTRAINT "spot_check_assessment_id_grid_assessment_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."grid_assessment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check" ADD CONSTRAINT "spot_check_record_id_grid_record_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."grid_record"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check" ADD CONSTRAINT "spot_check_checked_by_staff_user_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_photo" ADD CONSTRAINT "grid_photo_record_id_grid_record_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."grid_record"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_photo" ADD CONSTRAINT "grid_photo_created_by_staff_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_record" ADD CONSTRAINT "grid_record_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_record" ADD CONSTRAINT "grid_record_property_id_property_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."property"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_record" ADD CONSTRAINT "grid_record_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_record" ADD CONSTRAINT "grid_record_filed_by_staff_user_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_record" ADD CONSTRAINT "grid_record_decided_by_staff_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_rate" ADD CONSTRAINT "incentive_rate_street_id_street_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."street"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_rate" ADD CONSTRAINT "incentive_rate_set_by_staff_user_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "known_entry" ADD CONSTRAINT "known_entry_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "known_entry" ADD CONSTRAINT "known_entry_source_record_id_grid_record_id_fk" FOREIGN KEY ("source_record_id") REFERENCES "public"."grid_record"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_claim" ADD CONSTRAINT "review_claim_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_claim" ADD CONSTRAINT "review_claim_holder_id_staff_user_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "grid_assessment_once" ON "grid_assessment" USING btree ("agreement_id","period_from","period_to");--> statement-breakpoint
CREATE UNIQUE INDEX "spot_check_once" ON "spot_check" USING btree ("assessment_id","record_id");--> statement-breakpoint
CREATE INDEX "grid_photo_record_idx" ON "grid_photo" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "grid_record_queue_idx" ON "grid_record" USING btree ("community_id","state","id");--> statement-breakpoint
CREATE INDEX "grid_record_key_idx" ON "grid_record" USING btree ("community_id","kind","match_key");--> statement-breakpoint
CREATE INDEX "grid_record_company_idx" ON "grid_record" USING btree ("company_id","filed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "incentive_rate_uq" ON "incentive_rate" USING btree ("street_id","kind","period");--> statement-breakpoint
CREATE UNIQUE INDEX "known_entry_key_uq" ON "known_entry" USING btree ("community_id","kind","match_key");--> statement-breakpoint
CREATE INDEX "review_claim_community_idx" ON "review_claim" USING btree ("community_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_incentive_once" ON "ledger_entry" USING btree ("record_id") WHERE kind = 'incentive' and reverses_id is null;