//! The schema, as an append-only list of migrations tracked with `PRAGMA user_version`.
//!
//! Never edit or reorder an entry: a database at version N has run exactly the first N.
//! Add a new entry at the end for every change.

/// Each entry takes the schema from version `index` to `index + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: models, per-provider sync state, and one row per provider per run.
    r"
    CREATE TABLE models (
        provider          TEXT NOT NULL,
        id                TEXT NOT NULL,
        name              TEXT,
        type              TEXT NOT NULL,
        status            TEXT NOT NULL CHECK (status IN ('active', 'deprecated', 'removed')),
        context_length    INTEGER,
        max_output        INTEGER,
        capabilities      TEXT NOT NULL DEFAULT '[]',
        input_modalities  TEXT NOT NULL DEFAULT '[]',
        output_modalities TEXT NOT NULL DEFAULT '[]',
        owner             TEXT,
        created_at        TEXT,
        deprecation_date  TEXT,
        shutdown_date     TEXT,
        replacement       TEXT,
        first_seen        TEXT NOT NULL,
        last_seen         TEXT NOT NULL,
        removed_at        TEXT,
        raw               TEXT NOT NULL,
        field_sources     TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (provider, id)
    ) WITHOUT ROWID;

    CREATE TABLE sync_state (
        provider        TEXT PRIMARY KEY,
        last_success_at TEXT,
        cached_until    TEXT,
        last_attempt_at TEXT,
        last_failure_at TEXT,
        last_error      TEXT,
        last_error_type TEXT,
        statistics      TEXT
    ) WITHOUT ROWID;

    CREATE TABLE sync_runs (
        id          INTEGER PRIMARY KEY,
        run_id      TEXT NOT NULL,
        provider    TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('success', 'error')),
        added       INTEGER,
        updated     INTEGER,
        removed     INTEGER,
        unchanged   INTEGER,
        duration_ms INTEGER NOT NULL,
        error       TEXT,
        error_type  TEXT
    );
    CREATE INDEX sync_runs_by_provider ON sync_runs (provider, started_at);
    ",
    // 2: prices, current and historical. One current row per model, component and source;
    // a history row whenever a value is first seen or changes. Amounts are exact decimal text.
    r"
    CREATE TABLE prices (
        provider    TEXT NOT NULL,
        model_id    TEXT NOT NULL,
        component   TEXT NOT NULL,
        unit        TEXT NOT NULL,
        amount      TEXT NOT NULL,
        currency    TEXT NOT NULL DEFAULT 'USD',
        source      TEXT NOT NULL,
        observed_at TEXT NOT NULL,
        PRIMARY KEY (provider, model_id, component, source),
        FOREIGN KEY (provider, model_id) REFERENCES models (provider, id) ON DELETE CASCADE
    ) WITHOUT ROWID;

    CREATE TABLE price_history (
        id          INTEGER PRIMARY KEY,
        provider    TEXT NOT NULL,
        model_id    TEXT NOT NULL,
        component   TEXT NOT NULL,
        unit        TEXT NOT NULL,
        amount      TEXT,
        currency    TEXT NOT NULL DEFAULT 'USD',
        source      TEXT NOT NULL,
        observed_at TEXT NOT NULL
    );
    CREATE INDEX price_history_by_model ON price_history (provider, model_id, observed_at);
    ",
    // 3: catalog facts on models, and the cache of remote catalogs (body, ETag, fetch time,
    // and the entry count of the last good fetch, for the shrink guard).
    r"
    ALTER TABLE models ADD COLUMN release_date TEXT;
    ALTER TABLE models ADD COLUMN knowledge_cutoff TEXT;

    CREATE TABLE catalogs (
        name         TEXT PRIMARY KEY,
        url          TEXT NOT NULL,
        format       TEXT NOT NULL,
        fetched_at   TEXT NOT NULL,
        etag         TEXT,
        body         BLOB NOT NULL,
        entries      INTEGER NOT NULL
    ) WITHOUT ROWID;
    ",
    // 4: how each synced model matched each catalog, as the last sync-pricing found it.
    r"
    CREATE TABLE catalog_matches (
        provider   TEXT NOT NULL,
        model_id   TEXT NOT NULL,
        catalog    TEXT NOT NULL,
        entry_id   TEXT NOT NULL,
        how        TEXT NOT NULL,
        matched_at TEXT NOT NULL,
        PRIMARY KEY (provider, model_id, catalog),
        FOREIGN KEY (provider, model_id) REFERENCES models (provider, id) ON DELETE CASCADE
    ) WITHOUT ROWID;
    ",
    // 5: usage records, imported from files. `fingerprint` makes a re-import add nothing;
    // `cost` is exact decimal text, given by the file or computed from the price then in force.
    r"
    CREATE TABLE usage (
        id            INTEGER PRIMARY KEY,
        fingerprint   TEXT NOT NULL UNIQUE,
        at            TEXT NOT NULL,
        provider      TEXT NOT NULL,
        model_id      TEXT NOT NULL,
        input_tokens  INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        requests      INTEGER NOT NULL,
        cost          TEXT,
        cost_source   TEXT,
        imported_at   TEXT NOT NULL
    );
    CREATE INDEX usage_by_model ON usage (provider, model_id, at);
    ",
    // 6: `models info ID` finds a model by its id alone, whatever the size of the store.
    r"
    CREATE INDEX models_by_id ON models (id);
    ",
    // 7: the digest of a row's content as the sync that wrote it computed it
    // (`store::models::Digest`), so a resync compares digests without reading the rows.
    // NULL for a row written before, or changed since by a write that does not digest.
    r"
    ALTER TABLE models ADD COLUMN digest INTEGER;
    ",
    // 8: the rows without a digest, so a write can give them theirs without scanning every
    // row of the provider (an index of only those rows: an up-to-date store keeps it empty).
    r"
    CREATE INDEX models_undigested ON models (provider) WHERE digest IS NULL;
    ",
    // 9: the catalogs' precedence order as the last sync-pricing applied it: what a model's
    // price in force is decided by until the next one (a catalog given once with --catalog,
    // or dropped from the config, takes part in the runs that name it), and what the next
    // run reports as the price that *was* in force.
    r"
    CREATE TABLE pricing_order (
        position INTEGER PRIMARY KEY,
        catalog  TEXT NOT NULL
    );
    ",
    // 10: the change log: every change a run applies, appended in the transaction that applies
    // it. AUTOINCREMENT: a sequence number is never reused, even after retention deletes.
    r"
    CREATE TABLE changes (
        seq      INTEGER PRIMARY KEY AUTOINCREMENT,
        at       TEXT NOT NULL,
        run_id   TEXT NOT NULL,
        kind     TEXT NOT NULL,
        provider TEXT,
        model    TEXT,
        details  TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX changes_by_at ON changes (at);
    ",
    // 11: events, derived from the change log as each run's transactions commit (one per
    // provider per run and kind; `first_change`..`last_change` bound the change-log entries it
    // carries, of its provider and run), and each notify sink's delivery cursor: the last
    // event it took, advanced only after a delivery succeeded.
    r"
    CREATE TABLE events (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        at           TEXT NOT NULL,
        run_id       TEXT NOT NULL,
        kind         TEXT NOT NULL,
        provider     TEXT,
        summary      TEXT NOT NULL,
        first_change INTEGER,
        last_change  INTEGER
    );

    CREATE TABLE notify_cursors (
        sink            TEXT PRIMARY KEY,
        delivered_seq   INTEGER NOT NULL,
        created_at      TEXT NOT NULL,
        last_success_at TEXT,
        last_failure_at TEXT,
        last_error      TEXT,
        last_error_type TEXT,
        failures        INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    ",
    // 12: the public read interface (README, "Reading the catalog from SQL"): views other
    // programs read, with the same columns in both backends. `aisync_prices.in_force` marks
    // the price in force as aisync decides it: per component family (a component with its
    // long-context tiers), the highest source that gives it — an override, the provider's own
    // list, then the catalogs in the order the last sync-pricing applied. Amounts are exact
    // decimal text; `aisync_models`' `input_price` and `output_price` are USD per 1M tokens.
    // A later migration may add columns at the end; never rename or drop one.
    r"
    CREATE VIEW aisync_prices AS
    WITH ranked AS (
        SELECT p.provider, p.model_id, p.component, p.unit, p.amount, p.currency, p.source,
               p.observed_at,
               CASE WHEN instr(p.component, '>') > 0 THEN substr(p.component, 1, instr(p.component, '>') - 1)
                    ELSE p.component END AS family,
               CASE p.source WHEN 'override' THEN 0 WHEN 'provider' THEN 1
                    ELSE (SELECT o.position + 2 FROM pricing_order o
                          WHERE 'catalog:' || o.catalog = p.source) END AS rank
        FROM prices p
    )
    SELECT r.provider, r.model_id, r.component, r.unit, r.amount, r.currency, r.source,
           r.observed_at,
           CASE WHEN r.rank IS NOT NULL AND r.rank = (
                    SELECT min(q.rank) FROM ranked q
                    WHERE q.provider = r.provider AND q.model_id = r.model_id
                      AND q.family = r.family)
                THEN 1 ELSE 0 END AS in_force
    FROM ranked r;

    CREATE VIEW aisync_models AS
    SELECT m.provider, m.id, m.name, m.type, m.status, m.context_length, m.max_output,
           m.capabilities, m.input_modalities, m.output_modalities, m.owner, m.created_at,
           m.deprecation_date, m.shutdown_date, m.replacement, m.release_date,
           m.knowledge_cutoff, m.first_seen,
           COALESCE(CASE WHEN m.status != 'removed' THEN s.last_success_at END, m.last_seen)
               AS last_seen,
           m.removed_at,
           (SELECT p.amount FROM aisync_prices p WHERE p.provider = m.provider
               AND p.model_id = m.id AND p.component = 'input' AND p.in_force = 1) AS input_price,
           (SELECT p.amount FROM aisync_prices p WHERE p.provider = m.provider
               AND p.model_id = m.id AND p.component = 'output' AND p.in_force = 1)
               AS output_price,
           (SELECT p.currency FROM aisync_prices p WHERE p.provider = m.provider
               AND p.model_id = m.id AND p.component = 'input' AND p.in_force = 1)
               AS price_currency,
           (SELECT p.source FROM aisync_prices p WHERE p.provider = m.provider
               AND p.model_id = m.id AND p.component = 'input' AND p.in_force = 1)
               AS price_source
    FROM models m LEFT JOIN sync_state s ON s.provider = m.provider;

    CREATE VIEW aisync_price_history AS
    SELECT id, provider, model_id, component, unit, amount, currency, source, observed_at
    FROM price_history;

    CREATE VIEW aisync_changes AS
    SELECT seq, at, run_id, kind, provider, model, details FROM changes;
    ",
];
