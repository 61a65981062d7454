-- One (point, state) counter row became CASE_STATE_SLOTS rows (slot = case id mod N): existing counts stay in slot 0.
ALTER TABLE "case_state_count" ADD COLUMN "slot" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "case_state_count" DROP CONSTRAINT "case_state_count_point_id_state_pk";--> statement-breakpoint
ALTER TABLE "case_state_count" ADD CONSTRAINT "case_state_count_point_id_state_slot_pk" PRIMARY KEY("point_id","state","slot");
