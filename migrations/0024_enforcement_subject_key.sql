-- Whom the violation history counts an enforcement record against (domain subjectKey: credit code, else the
-- folded name, at the case's address for a business without a code). Records kept before this are given
-- theirs at the server's start (backfillSubjectKeys): the key needs the domain's foldText.
ALTER TABLE "enforcement_records" ADD COLUMN "subject_key" text;--> statement-breakpoint
CREATE INDEX "enforcement_records_subject" ON "enforcement_records" USING btree ("subject_key" text_pattern_ops);