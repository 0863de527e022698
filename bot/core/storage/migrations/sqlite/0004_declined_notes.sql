-- The moderators' log notes about a declined question asked again and again: one row per group and day, so the
-- note is posted once a day even across restarts and by several processes (the unique key decides who posts).
CREATE TABLE notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time REAL NOT NULL,
    day TEXT NOT NULL,
    group_key TEXT NOT NULL,
    UNIQUE (day, group_key)
);
CREATE INDEX notes_time ON notes (time);
