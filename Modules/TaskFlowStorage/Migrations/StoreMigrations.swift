import GRDB

/// The store's schema, one registered migration per version.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-datasets-runs-results") { db in
            try db.execute(sql: """
                CREATE TABLE dataset (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL,
                    name TEXT NOT NULL,
                    format TEXT NOT NULL,
                    text_column TEXT NOT NULL,
                    id_column TEXT,
                    file_size INTEGER NOT NULL,
                    file_mtime REAL NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE UNIQUE INDEX dataset_on_identity
                    ON dataset(path, file_size, file_mtime, format, text_column, ifnull(id_column, ''));

                CREATE TABLE record (
                    dataset_id INTEGER NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    record_id TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    PRIMARY KEY (dataset_id, seq)
                ) WITHOUT ROWID;
                CREATE INDEX record_on_record_id ON record(dataset_id, record_id);

                CREATE TABLE run (
                    id INTEGER PRIMARY KEY,
                    dataset_id INTEGER NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
                    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'failed')),
                    tools TEXT NOT NULL,
                    device TEXT NOT NULL,
                    threads INTEGER NOT NULL,
                    batch_size INTEGER NOT NULL,
                    pid INTEGER NOT NULL,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    records_done INTEGER NOT NULL DEFAULT 0,
                    batches_done INTEGER NOT NULL DEFAULT 0,
                    wall_seconds REAL,
                    summary TEXT,
                    error TEXT
                );
                CREATE INDEX run_on_dataset ON run(dataset_id, started_at);
                CREATE INDEX run_on_started ON run(started_at);

                CREATE TABLE run_batch (
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    batch_index INTEGER NOT NULL,
                    first_seq INTEGER NOT NULL,
                    count INTEGER NOT NULL,
                    committed_at TEXT NOT NULL,
                    PRIMARY KEY (run_id, batch_index)
                ) WITHOUT ROWID;

                CREATE TABLE result (
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    analyzer TEXT NOT NULL,
                    task TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (run_id, seq, analyzer)
                ) WITHOUT ROWID;
                CREATE INDEX result_on_task ON result(run_id, task);
                """)
        }
        m.registerMigration("v2-corpus-results") { db in
            try db.execute(sql: """
                CREATE TABLE corpus_result (
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    analyzer TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    report_section TEXT NOT NULL,
                    seconds REAL NOT NULL,
                    PRIMARY KEY (run_id, analyzer)
                ) WITHOUT ROWID;
                """)
        }
        m.registerMigration("v3-agent-results") { db in
            try db.execute(sql: """
                CREATE TABLE agent_result (
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    agent TEXT NOT NULL,
                    version TEXT NOT NULL,
                    status TEXT NOT NULL,
                    findings TEXT NOT NULL,
                    sections TEXT NOT NULL,
                    notes TEXT NOT NULL,
                    model TEXT,
                    llm_calls INTEGER NOT NULL,
                    input_tokens INTEGER NOT NULL,
                    output_tokens INTEGER NOT NULL,
                    seconds REAL NOT NULL,
                    PRIMARY KEY (run_id, agent)
                ) WITHOUT ROWID;
                """)
        }
        // Datasets are identified by a hash of their bytes, not by size and time: a file
        // rewritten with the same size and mtime is another dataset. Rows stored before keep a
        // NULL hash and are never matched again (their content cannot be vouched for).
        m.registerMigration("v4-datasets-by-content") { db in
            try db.execute(sql: """
                ALTER TABLE dataset ADD COLUMN content_hash TEXT;
                DROP INDEX dataset_on_identity;
                CREATE UNIQUE INDEX dataset_on_content
                    ON dataset(content_hash, path, format, text_column, ifnull(id_column, ''))
                    WHERE content_hash IS NOT NULL;
                """)
        }
        // A run whose process died is `interrupted`; to tell, a run records its process's host,
        // the machine's boot id and the process's start time beside its pid. SQLite cannot
        // change a CHECK constraint in place, so the table is rebuilt (foreign keys are off
        // while a migration runs, and checked after it).
        m.registerMigration("v5-interrupted-runs") { db in
            try db.execute(sql: """
                CREATE TABLE run_new (
                    id INTEGER PRIMARY KEY,
                    dataset_id INTEGER NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
                    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'failed', 'interrupted')),
                    tools TEXT NOT NULL,
                    device TEXT NOT NULL,
                    threads INTEGER NOT NULL,
                    batch_size INTEGER NOT NULL,
                    pid INTEGER NOT NULL,
                    host TEXT,
                    boot_id TEXT,
                    process_start INTEGER,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    records_done INTEGER NOT NULL DEFAULT 0,
                    batches_done INTEGER NOT NULL DEFAULT 0,
                    wall_seconds REAL,
                    summary TEXT,
                    error TEXT
                );
                INSERT INTO run_new (id, dataset_id, status, tools, device, threads, batch_size, pid, started_at,
                    finished_at, records_done, batches_done, wall_seconds, summary, error)
                SELECT id, dataset_id, status, tools, device, threads, batch_size, pid, started_at,
                    finished_at, records_done, batches_done, wall_seconds, summary, error FROM run;
                DROP TABLE run;
                ALTER TABLE run_new RENAME TO run;
                CREATE INDEX run_on_dataset ON run(dataset_id, started_at);
                CREATE INDEX run_on_started ON run(started_at);
                CREATE INDEX run_on_running ON run(status) WHERE status = 'running';
                """)
        }
        // Marks the file as a TaskFlow results database (`SQLiteStore.applicationID`), so that
        // another program's database is told apart from ours without guessing from tables.
        m.registerMigration("v6-application-id") { db in
            try db.execute(sql: "PRAGMA application_id = \(SQLiteStore.applicationID)")
        }
        // Every column travels with its record: the record's other columns as one JSON object
        // (typed: numbers and booleans as themselves, dates and text as strings), and which
        // columns a dataset row was read with, part of what identifies it. Rows stored before
        // have no columns and a NULL selection, so they are never matched again. The view lists
        // one row per record and column, for `sql`.
        m.registerMigration("v7-record-columns") { db in
            try db.execute(sql: """
                ALTER TABLE record ADD COLUMN columns TEXT;
                ALTER TABLE dataset ADD COLUMN columns_kept TEXT;
                DROP INDEX dataset_on_content;
                CREATE UNIQUE INDEX dataset_on_content
                    ON dataset(content_hash, path, format, text_column, ifnull(id_column, ''), ifnull(columns_kept, ''))
                    WHERE content_hash IS NOT NULL;
                CREATE VIEW record_column AS
                    SELECT record.dataset_id AS dataset_id, record.seq AS seq, record.record_id AS record_id,
                        c.key AS name, c.value AS value, c.type AS type
                    FROM record, json_each(record.columns) AS c
                    WHERE record.columns IS NOT NULL;
                """)
        }
        // Every language-model call: who asked, tokens, time, cost, cache, retries, outcome,
        // and the prompt and answer (for `tf logs` and the replay provider). Keys never reach it.
        m.registerMigration("v8-llm-calls") { db in
            try db.execute(sql: """
                CREATE TABLE llm_call (
                    id INTEGER PRIMARY KEY,
                    run_id INTEGER REFERENCES run(id) ON DELETE CASCADE,
                    agent TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    model TEXT NOT NULL,
                    prompt_hash TEXT NOT NULL,
                    input_tokens INTEGER NOT NULL,
                    output_tokens INTEGER NOT NULL,
                    tokens_estimated INTEGER NOT NULL,
                    seconds REAL NOT NULL,
                    first_token_seconds REAL,
                    cost REAL,
                    cache TEXT NOT NULL,
                    retries INTEGER NOT NULL,
                    rate_limited INTEGER NOT NULL,
                    outcome TEXT NOT NULL,
                    error TEXT,
                    request TEXT NOT NULL,
                    response TEXT,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX llm_call_on_run ON llm_call(run_id);
                CREATE INDEX llm_call_on_prompt ON llm_call(prompt_hash);
                ALTER TABLE agent_result ADD COLUMN cost REAL;
                ALTER TABLE agent_result ADD COLUMN cache_hits INTEGER;
                ALTER TABLE agent_result ADD COLUMN retries INTEGER;
                """)
        }
        return m
    }
}
