CREATE TABLE "pending_confirmations" (
	"id" serial PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL
);
--> statement-breakpoint
CREATE INDEX "pending_confirmations_contact_idx" ON "pending_confirmations" USING btree ("contact_id","status");