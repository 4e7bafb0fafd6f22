-- Every station's department queue follows the city: each event appended to a case (an intake, a
-- claim, a decision, a correction brought in) wakes the stations listening on `onewindow_queue`
-- with the code of the case's department; they re-read their queue. The notification is sent at
-- commit, once per department per transaction, and carries no personal data.
CREATE FUNCTION onewindow_queue_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    -- Definer's rights: the department is read whatever the writer may see of it.
    PERFORM pg_notify('onewindow_queue', d.code)
    FROM cases c JOIN departments d ON d.id = c.department_id
    WHERE c.id = NEW.case_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER case_events_wake_queues AFTER INSERT ON case_events
    FOR EACH ROW EXECUTE FUNCTION onewindow_queue_changed();
