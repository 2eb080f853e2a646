export const USAGE = `gongzhi — command line of the Gongzhi platform

  gongzhi route --matter CODE --lon X --lat Y [--crs wgs84|gcj02] [--reported-in ADCODE]
        route a case under the latest responsibility matrix and print the result as JSON
  gongzhi migrate
        apply the database migrations in migrations/
  gongzhi seed [--demo [--cases N]]
        migrate, then seed the reference data (cities, units, matrix v1); --demo adds the demo accounts
        and a few hundred demo cases (N with --cases: a smaller demo is quicker to make)
  gongzhi verify-audit
        check every hash chain of the audit log, and every chain against the signed checkpoints
        folded (a chain shorter than signed, missing, or rewritten); names the first broken entry of
        each broken chain (exit code 1 when one is broken, a checkpoint's signature does not hold, or
        a checkpoint was deleted)
  gongzhi audit checkpoint
        sign the heads of the audit chains that moved since the previous checkpoint, linked to it, now
        with the audit key (AUDIT_SIGNING_KEY or DATA_DIR/audit-signing-key.pem, never the database)
        and store the checkpoint; a running server also writes one every AUDIT_CHECKPOINT_MINUTES
  gongzhi import FILE [--city ADCODE] [--rejects PATH] [--batch N]
        import a 12345 work-order export (.xlsx, or .csv in UTF-8 or GBK/GB18030: order number, time, description, address or
        lon/lat, category if given); idempotent by order number; every row not taken is written with
        its reason to the rejects file (default FILE.rejects.csv); --city is the hotline's city (510100)
  gongzhi import-history FILE [--source hotline|patrol|app|sensor] [--rejects PATH]
        import closed work orders of earlier years (12345 or 数字城管: number, intake / claim / closure
        times, unit, matter or category, district, rating, reopened) into the command centre's history,
        so year-on-year figures exist; idempotent by order number; rejected rows go to the rejects file
  gongzhi register import FILE [--department market] [--city ADCODE] [--rejects PATH]
        load a business register (.xlsx, or .csv in UTF-8 or GBK/GB18030: 企业名称/name, 统一社会信用代码/
        creditCode, 住所/address, 经营范围/scope, 登记状态/status) into the unit's published register
        (信息共享), upserting by credit code: a re-import adds nothing; rejected rows → FILE.rejects.csv
  gongzhi report --period 2026-10 [--city 510100] [--format xlsx|html|json] [--out FILE] [--lang zh|en]
        the command centre's bulletin of a period — 周调度 (2026-W44), 月通报 (2026-10), 季考核 (2026-Q4) —
        for a city or the whole alliance: summary with 同比 and 环比, units ranked by composite score,
        districts, the five most frequent matters, cases that missed a deadline, reopened cases
  gongzhi what-if --matrix FILE.json [--from 2026-08-01] [--to 2026-11-01] [--format json|xlsx] [--out FILE] [--lang zh|en]
        replay the window's cases (default the last 90 days) under a proposed matrix — FILE holds a
        draft's {"operations": [...]} on the latest version, or a whole {"matters": [...]} — and show
        who would lead which cases: the shift per unit and city in cases and handling hours a month,
        units over a 10 % rise, and the transfers and disputes it would have spared; reads only
  gongzhi suggest "TEXT"
        the three likeliest matters of a complaint, with confidence, as JSON
  gongzhi classifier retrain | status
        retrain the matter classifier on the written texts and every correction people made (triage
        routings, accepted transfers, rulings, intake overrides); the new version is measured on the
        labelled test set, stored, and used by running servers within a minute; status lists the versions
  gongzhi admin create --username NAME [--city ADCODE] [--name "DISPLAY NAME"] [--password-stdin]
        create an administrator of a city (--city) or of the alliance; the password is typed twice at
        a prompt, or read from stdin with --password-stdin (never given on the command line)
  gongzhi users import FILE [--apply] [--rejects PATH] [--passwords PATH] [--lang zh|en]
        bulk onboarding from a spreadsheet (.xlsx, or .csv in UTF-8 or GBK/GB18030), one row per role:
        username, name, phone, city, department, role (Chinese or English headers and names); without
        --apply only a preview of every row's outcome; idempotent; rejected rows → FILE.rejects.csv;
        new people get temporary passwords (changed at first sign-in) → FILE.passwords.csv (mode 600)
  gongzhi backup FILE
        a consistent copy of the embedded database (DATA_DIR) as a gzipped tarball; refused, naming the
        server's pid, while a server holds the directory (on PostgreSQL: pg_dump, see the README)
  gongzhi restore FILE
        a backup unpacked into an empty DATA_DIR, migrated, its audit chains verified
  gongzhi open311-key --name NAME [--rate PER_MINUTE]
        issue an Open311 api_key for a civic-reporting client (shown once, stored hashed; 60 requests
        a minute unless --rate says otherwise); list and revoke keys at /admin

The database is PostgreSQL when DATABASE_URL is set, otherwise the embedded one in DATA_DIR (./data).`;

/** Bad arguments: the reasons and the usage on stderr, exit code 2. */
export function usageError(message: string): number {
  console.error(`INVALID: ${message}\n\n${USAGE}`);
  return 2;
}
