CREATE TABLE "media" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"msg_id" text NOT NULL,
	"kind" text NOT NULL,
	"room_id" text,
	"sender_id" text NOT NULL,
	"sender_name" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"missing_reason" text,
	"sha256" text,
	"size" integer,
	"media_type" text,
	"file_name" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"stored_at" timestamp with time zone,
	"expired_at" timestamp with time zone,
	CONSTRAINT "media_msg_id_unique" UNIQUE("msg_id")
);
--> statement-breakpoint
CREATE TABLE "media_content" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" integer NOT NULL,
	"media_type" text NOT NULL,
	"data" "bytea",
	"thumbnail" "bytea",
	"duration_ms" integer,
	"created_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ticket_media" (
	"ticket_id" integer NOT NULL,
	"media_id" bigint NOT NULL,
	"role" text NOT NULL,
	"reason" text NOT NULL,
	"attached_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ticket_media_ticket_id_media_id_pk" PRIMARY KEY("ticket_id","media_id")
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "media_id" bigint;--> statement-breakpoint
ALTER TABLE "media" ADD CONSTRAINT "media_msg_id_messages_msg_id_fk" FOREIGN KEY ("msg_id") REFERENCES "public"."messages"("msg_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_media" ADD CONSTRAINT "ticket_media_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_media" ADD CONSTRAINT "ticket_media_media_id_media_id_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "media_due_idx" ON "media" USING btree ("next_attempt_at") WHERE status in ('pending', 'retrying');--> statement-breakpoint
CREATE INDEX "media_sender_idx" ON "media" USING btree ("sender_id","sent_at");--> statement-breakpoint
CREATE INDEX "media_sha_idx" ON "media" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "media_stored_idx" ON "media" USING btree ("sent_at") WHERE status = 'stored';--> statement-breakpoint
CREATE INDEX "ticket_media_media_idx" ON "ticket_media" USING btree ("media_id");--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_media_id_media_id_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE no action ON UPDATE no action;