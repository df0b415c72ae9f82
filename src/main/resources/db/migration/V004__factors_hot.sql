-- Every TOTP challenge updates its factor's last_step and last_used_at (the replay guard), columns
-- no index covers: with room left on each page the update is a HOT update, one WAL record instead of
-- one per index of factors, and the indexes do not grow with logins. Pages written before this
-- migration gain the room as their rows move.
alter table factors set (fillfactor = 80);
