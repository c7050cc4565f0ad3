CREATE TABLE "handling_reports" (
	"ticket_id" integer PRIMARY KEY NOT NULL,
	"draft" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"asked_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"remind_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" text
);
--> statement-breakpoint
CREATE TABLE "incident_groups" (
	"incident_id" integer NOT NULL,
	"room_id" text NOT NULL,
	"acked_at" timestamp with time zone,
	"updated_at" timestamp with time zone,
	CONSTRAINT "incident_groups_incident_id_room_id_pk" PRIMARY KEY("incident_id","room_id")
);
--> statement-breakpoint
CREATE TABLE "incident_reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" integer NOT NULL,
	"contact_id" text NOT NULL,
	"name" text NOT NULL,
	"room_id" text,
	"message_id" text NOT NULL,
	"reading" text NOT NULL,
	"note" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"community" text,
	"building" text,
	"scope" text NOT NULL,
	"ticket_id" integer,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"last_report_at" timestamp with time zone NOT NULL,
	"staff_told_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "handling_reports" ADD CONSTRAINT "handling_reports_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_groups" ADD CONSTRAINT "incident_groups_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reports" ADD CONSTRAINT "incident_reports_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incident_reports_msg_uq" ON "incident_reports" USING btree ("incident_id","message_id");--> statement-breakpoint
CREATE INDEX "incident_reports_room_idx" ON "incident_reports" USING btree ("incident_id","room_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_open_uq" ON "incidents" USING btree ("scope","kind") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "incidents_ticket_idx" ON "incidents" USING btree ("ticket_id");