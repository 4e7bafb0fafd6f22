-- The department queue read by a reviewer signed in as themselves, from its index alone, as the
-- owner reads it. The policies on cases ask for columns the queue does not: the case's id (a case
-- opened with its code, migration 0004) and its pickup hall (a window clerk's and a dispatcher's
-- rule). Asked under the policies, 0001's index covered the queue's own columns only, so each of
-- the queue's three reads (the tabs' counts, the total, the page) fetched every queued case's row
-- from the table: at a million cases, p50 about 9 ms and p99 about 45 ms for the first page,
-- against 2.5 ms as the owner (tests/load/city.sh --seconds 0 --million --as-staff). The same
-- key, with the two columns carried in the index.
--
-- Built in the migration's transaction, which holds off writes to cases while it runs: about a
-- second and a half at a million cases on the load test's machine.
CREATE INDEX cases_department_queue_covering
    ON cases (department_id, state, due_date, number, claimed_by_id, correction_due, service_item_id, hall_id)
    INCLUDE (id, pickup_hall_id);
DROP INDEX cases_department_queue;
ALTER INDEX cases_department_queue_covering RENAME TO cases_department_queue;
