-- Device groups and attributes: what access policies attach to (groups) and substitute into their patterns (the
-- device.group and device.attr variables). Names and values are checked by the application; the database keeps their shape.

alter table device
    add column groups     text[] not null default '{}',
    add column attributes jsonb  not null default '{}' check (jsonb_typeof(attributes) = 'object');
