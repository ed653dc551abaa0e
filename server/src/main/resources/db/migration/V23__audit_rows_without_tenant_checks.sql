-- Fewer rows and checks per audit record (ADR 0020). A batch of issuances writes two records per certificate, and
-- before this every record also cost a level-0 node row and a foreign-key lookup of its tenant, as did every node.

-- A record's leaf hash is kept in the record's own row instead of as a level-0 node; audit_node keeps the interior
-- nodes. Proofs and verification read leaf hashes from here; a stored leaf hash that differs from the record still
-- names an edited record exactly.
-- The column stays nullable: a record whose level-0 node was already missing keeps no leaf hash, and verification
-- names it. Row-level security binds this migration's role too; every tenant's rows move, so it is lifted meanwhile.
alter table audit_record add column leaf_hash bytea check (length(leaf_hash) = 32);
alter table audit_record no force row level security;
alter table audit_node no force row level security;
update audit_record r
set leaf_hash = n.hash
from audit_node n
where n.tenant_id = r.tenant_id and n.level = 0 and n.node_index = r.leaf_index;
delete from audit_node where level = 0;
alter table audit_node drop constraint audit_node_level_check;
alter table audit_node add constraint audit_node_level_check check (level between 1 and 63);
alter table audit_record force row level security;
alter table audit_node force row level security;

-- Records and nodes are only ever inserted by the audit log just after it has locked the tenant's tree head, whose own
-- foreign key names the tenant, in the same transaction; the runtime role can neither delete tenants nor update or
-- delete audit rows. A check of the tenant per row proves nothing the head lock has not.
alter table audit_record drop constraint audit_record_tenant_id_fkey;
alter table audit_node drop constraint audit_node_tenant_id_fkey;
