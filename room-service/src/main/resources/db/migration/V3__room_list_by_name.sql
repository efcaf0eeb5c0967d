-- rooms.list pages in name order through rooms_name_lower_key (lower(name)); nothing reads rooms by creation time.
drop index if exists rooms_created_at_idx;
