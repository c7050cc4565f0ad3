CREATE TABLE "web_login_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "web_login_codes" (
	"id" serial PRIMARY KEY NOT NULL,
	"code_hash" text NOT NULL,
	"browser_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"contact_id" text,
	"claimed_at" timestamp with time zone,
	"consumed_at" timestamp with time zone,
	CONSTRAINT "web_login_codes_code_hash_unique" UNIQUE("code_hash"),
	CONSTRAINT "web_login_codes_browser_hash_unique" UNIQUE("browser_hash")
);
--> statement-breakpoint
CREATE TABLE "web_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "board_due_at" timestamp with time zone GENERATED ALWAYS AS (case when status = 'open' then respond_due_at when status = 'accepted' then resolve_due_at end) STORED;--> statement-breakpoint
CREATE INDEX "web_login_attempts_contact_idx" ON "web_login_attempts" USING btree ("contact_id","at");--> statement-breakpoint
CREATE INDEX "tickets_board_idx" ON "tickets" USING btree ("board_due_at","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "tickets_created_idx" ON "tickets" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "tickets_assignee_idx" ON "tickets" USING btree ("assignee_id","status");