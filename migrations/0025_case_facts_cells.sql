CREATE TABLE "case_facts_cells" (
	"day" date NOT NULL,
	"city_adcode" text NOT NULL,
	"county_adcode" text NOT NULL,
	"domain_code" text NOT NULL,
	"hours" integer[] NOT NULL,
	CONSTRAINT "case_facts_cells_key" UNIQUE("day","city_adcode","county_adcode","domain_code")
);
