-- The application's PostgreSQL role: everything it needs, and no way to rewrite the audit trail.
-- Run as the database owner (the role that runs `flask db upgrade`), after the migrations.
-- Replace khenthuong_app with the role the service connects as (KT_DATABASE_URL).
GRANT USAGE ON SCHEMA public TO khenthuong_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO khenthuong_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO khenthuong_app;
-- Audit events are only ever inserted; the chain's head row (audit_head) is updated on append.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM khenthuong_app;
