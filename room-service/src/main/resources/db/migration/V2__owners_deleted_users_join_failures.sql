-- The owner of a room may change its password and remove members; it starts as the creator.
alter table rooms add column owner text references users (id);
update rooms set owner = created_by;
alter table rooms alter column owner set not null;

-- A deleted account stays as a tombstone: its subject is kept (rooms still name their creator and owner) so that its
-- tokens can be refused, while its name and e-mail are dropped.
alter table users add column deleted_at timestamptz;
alter table users alter column display_name drop not null;
alter table users add constraint users_live_have_a_name check (deleted_at is not null or display_name is not null);

-- Failed (and in-flight) rooms.join attempts, shared by every room-service instance for the rate limits. Rows older
-- than the window are deleted by the next insert, so the table holds at most one window of attempts.
create table join_failures (
    id        bigint      generated always as identity primary key,
    user_id   text        not null,
    room_key  text        not null,
    failed_at timestamptz not null default now()
);

-- The count query: one user's attempts within the window (the per-room count filters these few rows by room_key).
create index join_failures_user_time_idx on join_failures (user_id, failed_at);
-- The purge on insert: everything older than the window.
create index join_failures_time_idx on join_failures (failed_at);
