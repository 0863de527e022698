-- The FAQ's revisions, when several bot processes share it: each is the whole faq.yaml text as served, with who
-- made it and why. The primary key is the revision check: two processes cannot both add revision n + 1.
-- ``action`` is what made it (start, save actions such as add/edit/remove/alias/import, reload, undo); an undo
-- restores the text before the change it reverts, which ``undoes`` names.
CREATE TABLE faq_revisions (
    revision INTEGER PRIMARY KEY CHECK (revision > 0),
    time DOUBLE PRECISION NOT NULL,
    text TEXT NOT NULL,
    digest TEXT NOT NULL,
    action TEXT NOT NULL,
    entry TEXT,
    summary TEXT NOT NULL DEFAULT '',
    user_id BIGINT,
    guild_id BIGINT,
    record_id TEXT UNIQUE,
    undoes INTEGER REFERENCES faq_revisions (revision)
);
