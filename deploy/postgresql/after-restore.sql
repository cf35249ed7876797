-- Run once on a restored cluster before the platform serves again (scripts/pg-restore,
-- docs/operations.md). A restore to a point before the loss forgets the numbers handed out
-- after it: without this, the next report would get a number (R00012345) that a partner or a
-- caller was already given for a report the restore lost, and reading "their" report would
-- show another. Every sequence moves a million forward, past anything the lost minutes issued.
DO $$
DECLARE
  s record;
BEGIN
  FOR s IN SELECT format('%I.%I', schemaname, sequencename) AS name FROM pg_sequences
           WHERE schemaname NOT IN ('pg_catalog', 'information_schema') LOOP
    PERFORM setval(s.name, nextval(s.name) + 1000000);
  END LOOP;
END
$$;
