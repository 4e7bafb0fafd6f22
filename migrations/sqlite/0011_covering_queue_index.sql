-- The department queue's first page and its tabs' counts read only this index: the order
-- (due date, then number), the holder, the correction deadline and the filters (item, hall) are
-- all in it, so a page at a million cases does not visit the table for the rows it skips.
DROP INDEX cases_department_queue;
CREATE INDEX cases_department_queue
    ON cases (department_id, state, due_date, number, claimed_by_id, correction_due, service_item_id, hall_id);
