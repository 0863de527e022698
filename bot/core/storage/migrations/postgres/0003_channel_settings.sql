-- Per-channel settings moderators change from Discord (auto-answer on or off): every change is a row, the newest
-- for a channel and setting wins. Kept for ever, like the audit log, since they are configuration.
CREATE TABLE channel_settings (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time DOUBLE PRECISION NOT NULL,
    guild_id BIGINT NOT NULL,
    channel_id BIGINT NOT NULL,
    setting TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    user_id BIGINT
);
CREATE INDEX channel_settings_channel ON channel_settings (channel_id);
