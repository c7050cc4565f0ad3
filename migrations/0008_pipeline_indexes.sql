CREATE INDEX "outbox_notice_idx" ON "outbox" USING btree ("room_id","id") WHERE kind = 'notice';--> statement-breakpoint
CREATE INDEX "rooms_staff_idx" ON "rooms" USING btree ("id") WHERE is_staff_room;--> statement-breakpoint
CREATE INDEX "ticket_reporters_contact_idx" ON "ticket_reporters" USING btree ("contact_id");