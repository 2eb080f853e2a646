CREATE TABLE "audit_checkpoints" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"heads" jsonb NOT NULL,
	"digest" text NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL
);
