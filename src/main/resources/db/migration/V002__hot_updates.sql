-- Room on each page for the updates of rows that are written once and updated once or twice, so
-- that those updates stay on the page (HOT): no new entry in any index, one WAL record instead of
-- one per index. A held login is completed by setting consumed_at (without room: four index
-- entries, among them one in the random token_hash index); a throttle row changes on failures.
-- Only pages written from now on leave the room; existing pages fill up as before.
alter table pending_logins set (fillfactor = 70);
alter table throttles set (fillfactor = 70);
