CREATE TABLE "booking" (
	"id" serial PRIMARY KEY NOT NULL,
	"slot_id" integer NOT NULL,
	"case_id" integer NOT NULL,
	"address" text,
	"assigned_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "slot" (
	"id" serial PRIMARY KEY NOT NULL,
	"point_id" integer NOT NULL,
	"kind" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_transition" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"actor" text NOT NULL,
	"actor_name" text NOT NULL,
	"device" text,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"channel" text NOT NULL,
	"template" text NOT NULL,
	"params" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proxy_case" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_no" text NOT NULL,
	"point_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"channel" text NOT NULL,
	"state" text NOT NULL,
	"applicant_name" text NOT NULL,
	"applicant_phone" text NOT NULL,
	"applicant_id_number" text,
	"address" text,
	"materials_provided" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"missing" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rejection_reason" text,
	"kiosk_id" integer,
	"pickup_code_hash" text,
	"pickup_failures" integer DEFAULT 0 NOT NULL,
	"pickup_locked_until" timestamp with time zone,
	"pickup_planned_at" timestamp with time zone,
	"due_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "proxy_case_case_no_unique" UNIQUE("case_no")
);
--> statement-breakpoint
CREATE TABLE "service_item" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"description_zh" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"materials" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"needs_id_number" boolean DEFAULT true NOT NULL,
	"in_person" boolean DEFAULT false NOT NULL,
	"home_visit" boolean DEFAULT false NOT NULL,
	"sla_days" integer NOT NULL,
	"subsidy_fen" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_item_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "assessment" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"passed" boolean NOT NULL,
	"assessed_on" date NOT NULL,
	"valid_until" timestamp with time zone,
	"recorded_by" integer
);
--> statement-breakpoint
CREATE TABLE "pledge" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_attendance" (
	"session_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	CONSTRAINT "training_attendance_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "training_session" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"held_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entry" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"company_id" integer NOT NULL,
	"point_id" integer,
	"case_id" integer,
	"item_id" integer,
	"record_id" integer,
	"amount_fen" integer NOT NULL,
	"period" text NOT NULL,
	"reverses_id" bigint,
	"reason" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statement" (
	"id" serial PRIMARY KEY NOT NULL,
	"company_id" integer NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"total_fen" integer NOT NULL,
	"entry_count" integer NOT NULL,
	"prepared_by" integer NOT NULL,
	"prepared_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_by" integer,
	"approved_at" timestamp with time zone,
	CONSTRAINT "statement_four_eyes" CHECK (approved_by is null or approved_by <> prepared_by)
);
--> statement-breakpoint
ALTER TABLE "booking" ADD CONSTRAINT "booking_slot_id_slot_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."slot"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking" ADD CONSTRAINT "booking_case_id_proxy_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."proxy_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking" ADD CONSTRAINT "booking_assigned_user_id_staff_user_id_fk" FOREIGN KEY ("assigned_user_id") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slot" ADD CONSTRAINT "slot_point_id_point_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."point"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_transition" ADD CONSTRAINT "case_transition_case_id_proxy_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."proxy_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_case_id_proxy_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."proxy_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proxy_case" ADD CONSTRAINT "proxy_case_point_id_point_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."point"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proxy_case" ADD CONSTRAINT "proxy_case_item_id_service_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."service_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proxy_case" ADD CONSTRAINT "proxy_case_kiosk_id_kiosk_id_fk" FOREIGN KEY ("kiosk_id") REFERENCES "public"."kiosk"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_user_id_staff_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_recorded_by_staff_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge" ADD CONSTRAINT "pledge_user_id_staff_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attendance" ADD CONSTRAINT "training_attendance_session_id_training_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attendance" ADD CONSTRAINT "training_attendance_user_id_staff_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_point_id_point_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."point"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_case_id_proxy_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."proxy_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_item_id_service_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."service_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement" ADD CONSTRAINT "statement_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement" ADD CONSTRAINT "statement_prepared_by_staff_user_id_fk" FOREIGN KEY ("prepared_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement" ADD CONSTRAINT "statement_approved_by_staff_user_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "booking_case_once" ON "booking" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_transition_case_idx" ON "case_transition" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "proxy_case_point_state_idx" ON "proxy_case" USING btree ("point_id","state");--> statement-breakpoint
CREATE INDEX "proxy_case_submitted_idx" ON "proxy_case" USING btree ("submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_subsidy_once" ON "ledger_entry" USING btree ("case_id") WHERE kind = 'subsidy' and reverses_id is null;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_reversed_once" ON "ledger_entry" USING btree ("reverses_id") WHERE reverses_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "statement_once" ON "statement" USING btree ("company_id","kind","period");