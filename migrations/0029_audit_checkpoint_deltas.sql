ALTER TABLE "audit_checkpoints" ADD COLUMN "prev_digest" text;--> statement-breakpoint
ALTER TABLE "audit_checkpoints" ADD COLUMN "through_id" bigint;--> statement-breakpoint
CREATE INDEX "audit_checkpoints_key" ON "audit_checkpoints" USING btree ("key_id","id");--> statement-breakpoint
-- A checkpoint holds the heads of the chains that moved since the one before it: the audit entries
-- after that one's position (audit_log.id). An entry's id is drawn when it is inserted, not when it
-- commits, so a checkpoint must know that no entry below its position is still to commit. Every
-- statement appending to the log holds this lock shared until its transaction ends; a checkpoint
-- takes it exclusively for a moment to read its position (workflow/checkpoint.ts, auditPosition).
-- A statement trigger fires before the statement's rows take their ids, for every writer.
CREATE FUNCTION gongzhi_audit_append_lock() RETURNS trigger
LANGUAGE plpgsql
AS $$ BEGIN PERFORM pg_advisory_xact_lock_shared(hashtext('gongzhi.audit_log'), 0); RETURN NULL; END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_lock BEFORE INSERT ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION gongzhi_audit_append_lock();
