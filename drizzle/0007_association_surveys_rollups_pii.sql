CREATE TABLE "association_attendee" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"company_id" integer,
	"staff_user_id" integer,
	CONSTRAINT "association_attendee_one" CHECK ((company_id is null) <> (staff_user_id is null))
);
--> statement-breakpoint
CREATE TABLE "association_charter" (
	"id" serial PRIMARY KEY NOT NULL,
	"street_id" integer NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"adopted_on" date NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "association_decision" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "association_decision_ref" (
	"id" serial PRIMARY KEY NOT NULL,
	"decision_id" integer NOT NULL,
	"service_item_id" integer,
	"agreement_id" integer,
	CONSTRAINT "association_decision_ref_one" CHECK ((service_item_id is null) <> (agreement_id is null))
);
--> statement-breakpoint
CREATE TABLE "association_meeting" (
	"id" serial PRIMARY KEY NOT NULL,
	"street_id" integer NOT NULL,
	"kind" text NOT NULL,
	"held_on" date NOT NULL,
	"title" text NOT NULL,
	"place" text NOT NULL,
	"agenda" text DEFAULT '' NOT NULL,
	"minutes" text DEFAULT '' NOT NULL,
	"guests" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "association_meeting_kind" CHECK (kind in ('joint', 'benchmark'))
);
--> statement-breakpoint
CREATE TABLE "association_member" (
	"id" serial PRIMARY KEY NOT NULL,
	"street_id" integer NOT NULL,
	"company_id" integer NOT NULL,
	"role" text NOT NULL,
	"member_since" date NOT NULL,
	"created_by" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "association_member_role" CHECK (role in ('president', 'vice_president', 'member'))
);
--> statement-breakpoint
CREATE TABLE "case_hour_stat" (
	"day" text NOT NULL,
	"hour" smallint NOT NULL,
	"point_id" integer NOT NULL,
	"channel" text NOT NULL,
	"intake" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "case_hour_stat_day_hour_point_id_channel_pk" PRIMARY KEY("day","hour","point_id","channel")
);
--> statement-breakpoint
CREATE TABLE "grid_backlog_stat" (
	"property_id" integer NOT NULL,
	"kind" text NOT NULL,
	"company_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "grid_backlog_stat_property_id_kind_pk" PRIMARY KEY("property_id","kind")
);
--> statement-breakpoint
CREATE TABLE "survey" (
	"id" serial PRIMARY KEY NOT NULL,
	"street_id" integer NOT NULL,
	"title_zh" text NOT NULL,
	"title_en" text,
	"state" text DEFAULT 'draft' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_state_ck" CHECK ("survey"."state" in ('draft', 'open', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "survey_answer" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"response_id" bigint NOT NULL,
	"question_id" integer NOT NULL,
	"option_key" text,
	"rating" smallint,
	"text" text,
	CONSTRAINT "survey_answer_rating_ck" CHECK ("survey_answer"."rating" is null or "survey_answer"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "survey_question" (
	"id" serial PRIMARY KEY NOT NULL,
	"survey_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"kind" text NOT NULL,
	"prompt_zh" text NOT NULL,
	"prompt_en" text,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"max_length" smallint,
	CONSTRAINT "survey_question_kind_ck" CHECK ("survey_question"."kind" in ('single', 'multiple', 'rating', 'text'))
);
--> statement-breakpoint
CREATE TABLE "survey_response" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"survey_id" integer NOT NULL,
	"channel" text NOT NULL,
	"point_id" integer,
	"community_id" integer,
	"submitted_on" date NOT NULL,
	CONSTRAINT "survey_response_channel_ck" CHECK ("survey_response"."channel" in ('kiosk', 'staff'))
);
--> statement-breakpoint
ALTER TABLE "proxy_case" ADD COLUMN "applicant_id_cipher" text;--> statement-breakpoint
ALTER TABLE "proxy_case" ADD COLUMN "applicant_id_hash" text;--> statement-breakpoint
ALTER TABLE "proxy_case" ADD COLUMN "applicant_id_masked" text;--> statement-breakpoint
ALTER TABLE "association_attendee" ADD CONSTRAINT "association_attendee_meeting_id_association_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."association_meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "association_attendee" ADD CONSTRAINT "association_attendee_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "association_attendee" ADD CONSTRAINT "association_attendee_staff_user_id_staff_user_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "association_charter" ADD CONSTRAINT "association_charter_street_id_street_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."street"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "association_charter" ADD CONSTRAINT "association_charter_created_by_staff_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "association_decision" ADD CONSTRAINT "association_decision_meeting_id_association_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."association_meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "association_decision" ADD CONSTRAINT "association_decision_created_by_staff_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "association_decision_ref" ADD CONSTRAINT "association_decision_ref_decision_id_association_decision_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."association_decision"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "association_decision_ref" ADD CONSTRAINT "association_decision_ref_service_item_id_service_item_id_fk" FOREIGN KEY ("service_item_id") REFERENCES "public"."service_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "association_decision_ref" ADD CONSTRAINT "association_decision_ref_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "association_meeting" ADD CONSTRAINT "association_meeting_street_id_street_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."street"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "association_meeting" ADD CONSTRAINT "association_meeting_created_by_staff_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "association_member" ADD CONSTRAINT "association_member_street_id_street_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."street"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "association_member" ADD CONSTRAINT "association_member_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "association_member" ADD CONSTRAINT "association_member_created_by_staff_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_hour_stat" ADD CONSTRAINT "case_hour_stat_point_id_point_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."point"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_backlog_stat" ADD CONSTRAINT "grid_backlog_stat_property_id_property_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."property"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_backlog_stat" ADD CONSTRAINT "grid_backlog_stat_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_backlog_stat" ADD CONSTRAINT "grid_backlog_stat_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey" ADD CONSTRAINT "survey_street_id_street_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."street"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey" ADD CONSTRAINT "survey_created_by_staff_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answer" ADD CONSTRAINT "survey_answer_response_id_survey_response_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."survey_response"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answer" ADD CONSTRAINT "survey_answer_question_id_survey_question_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."survey_question"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_question" ADD CONSTRAINT "survey_question_survey_id_survey_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."survey"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_survey_id_survey_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."survey"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_point_id_point_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."point"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "association_attendee_meeting_idx" ON "association_attendee" USING btree ("meeting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "association_charter_version_uq" ON "association_charter" USING btree ("street_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "association_decision_position_uq" ON "association_decision" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "association_decision_ref_decision_idx" ON "association_decision_ref" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "association_meeting_street_idx" ON "association_meeting" USING btree ("street_id","held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "association_member_company_uq" ON "association_member" USING btree ("company_id");--> statement-breakpoint
CREATE UNIQUE INDEX "association_one_president" ON "association_member" USING btree ("street_id") WHERE role = 'president';--> statement-breakpoint
CREATE INDEX "case_hour_stat_point_idx" ON "case_hour_stat" USING btree ("point_id","day");--> statement-breakpoint
CREATE INDEX "survey_street_idx" ON "survey" USING btree ("street_id","id");--> statement-breakpoint
CREATE INDEX "survey_answer_question_idx" ON "survey_answer" USING btree ("question_id");--> statement-breakpoint
CREATE INDEX "survey_answer_response_idx" ON "survey_answer" USING btree ("response_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_question_pos_uq" ON "survey_question" USING btree ("survey_id","position");--> statement-breakpoint
CREATE INDEX "survey_response_survey_idx" ON "survey_response" USING btree ("survey_id");--> statement-breakpoint
CREATE INDEX "proxy_case_id_hash_idx" ON "proxy_case" USING btree ("applicant_id_hash") WHERE applicant_id_hash is not null;--> statement-breakpoint
CREATE INDEX "grid_record_backlog_property_idx" ON "grid_record" USING btree ("property_id","filed_at") WHERE state in ('pending', 'needs_visit');