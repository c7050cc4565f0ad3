CREATE TABLE "accounts" (
	"name" text PRIMARY KEY NOT NULL,
	"user_id" text,
	"logged_in" boolean DEFAULT false NOT NULL,
	"heartbeat_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_accounts" (
	"contact_id" text NOT NULL,
	"account" text NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contact_accounts_contact_id_account_pk" PRIMARY KEY("contact_id","account")
);
--> statement-breakpoint
CREATE TABLE "room_accounts" (
	"room_id" text NOT NULL,
	"account" text NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	CONSTRAINT "room_accounts_room_id_account_pk" PRIMARY KEY("room_id","account")
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "account" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "account" text;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "owner_account" text;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "unserved_since" timestamp with time zone;