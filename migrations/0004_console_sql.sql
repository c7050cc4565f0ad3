-- The console's board updates live: every change to a ticket, from chat or the console, in any
-- process, is announced on the channel linli_tickets with the ticket's id.
CREATE OR REPLACE FUNCTION linli_ticket_notify() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('linli_tickets', NEW.id::text);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER tickets_notify AFTER INSERT OR UPDATE ON tickets
  FOR EACH ROW EXECUTE FUNCTION linli_ticket_notify();
