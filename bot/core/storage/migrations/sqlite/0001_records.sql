-- What members and moderators do: asks, unanswered questions, feedback votes, dismissals, the audit log.
-- ``source`` identifies a row imported from the old JSON Lines files (faqbot migrate), so an import runs once.
CREATE TABLE asks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time REAL NOT NULL,
    entry TEXT,
    status TEXT NOT NULL,
    source TEXT UNIQUE
);
CREATE INDEX asks_time ON asks (time);

CREATE TABLE unanswered (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time REAL NOT NULL,
    question TEXT NOT NULL,
    status TEXT NOT NULL,
    suggestions TEXT NOT NULL DEFAULT '[]',
    place TEXT NOT NULL,
    source TEXT UNIQUE
);
CREATE INDEX unanswered_time ON unanswered (time);

CREATE TABLE feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time REAL NOT NULL,
    entry TEXT NOT NULL,
    helpful BOOLEAN NOT NULL,
    question TEXT NOT NULL,
    place TEXT NOT NULL,
    source TEXT UNIQUE
);
CREATE INDEX feedback_time ON feedback (time);

CREATE TABLE dismissed (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time REAL NOT NULL,
    question TEXT NOT NULL,
    source TEXT UNIQUE
);
CREATE INDEX dismissed_time ON dismissed (time);

CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time REAL NOT NULL,
    record_id TEXT UNIQUE,
    user_id INTEGER,
    guild_id INTEGER,
    action TEXT NOT NULL,
    entry TEXT,
    before TEXT,
    after TEXT,
    summary TEXT NOT NULL DEFAULT '',
    source TEXT UNIQUE
);
