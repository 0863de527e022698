-- Per-channel settings moderators change from Discord (auto-answer on or off): every change is a row, the newest
-- for a channel and setting wins. Kept for ever, like the audit log, since they are configuration.
CREATE TABLE channel_settings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time REAL NOT NULL,
    guild_id INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    setting TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    user_id INTEGER
);
CREATE INDEX channel_settings_channel ON channel_settings (channel_id);
