-- Users are identified by the access token's subject.
create table users (
    id           text        primary key,
    display_name text        not null,
    email        text,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);

create table rooms (
    id            uuid        primary key,
    name          text        not null,
    password_hash text        not null,
    created_by    text        not null references users (id),
    created_at    timestamptz not null default now()
);

-- Names are unique ignoring case; rooms.create relies on this index, rooms.join looks names up through it.
create unique index rooms_name_lower_key on rooms (lower(name));
-- rooms.list: every room, oldest first.
create index rooms_created_at_idx on rooms (created_at, id);

create table memberships (
    room_id   uuid        not null references rooms (id) on delete cascade,
    user_id   text        not null references users (id) on delete cascade,
    joined_at timestamptz not null default now(),
    primary key (room_id, user_id)
);

-- "Which rooms is this user in" and the foreign key to users.
create index memberships_user_id_idx on memberships (user_id);
