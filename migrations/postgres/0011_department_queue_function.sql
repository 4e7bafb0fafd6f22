-- The department queue, read by one function that asks who is reading once, instead of the
-- policies asking it of every queued case. Measured under load as the staff themselves
-- (tests/load/city.sh --as-staff, 200 stations, ten times a busy hall's rate, 300 s): the queue
-- read's p99 was 84 ms and claim and decide's (which reads the unclaimed page first) 134 ms,
-- against 29 and 53 ms as the owner; the counts, the total and the page each asked the rule on
-- cases (and, for the page, the rules on applicants, users and halls) of every row they touched.
--
-- Who may read a department's queue is the same as who may see its cases whole: an admin, or a
-- reviewer or department lead of that department; any other member of staff is refused. The
-- function answers the tabs' counts, the filtered total and the numbers of the page's cases, in
-- the queue's order; the station then reads those cases themselves under the policies.
CREATE FUNCTION onewindow_department_queue(
    p_department text, p_every_state text[], p_paused text[], p_me text, p_today date,
    p_states text[], p_item text, p_hall text, p_holder text, p_holder_name text,
    p_due_from date, p_due_to date, p_correction_overdue boolean, p_limit bigint, p_offset bigint)
RETURNS TABLE (all_cases bigint, unclaimed bigint, mine bigint, overdue bigint, paused bigint,
               correction_overdue bigint, total bigint, numbers text[])
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public
-- Generic plans: with the optional filters a custom plan would be made again at each read, and
-- takes longer to make than the read takes to run.
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_department bigint := (SELECT id FROM departments WHERE code = p_department);
    v_me bigint := (SELECT id FROM users WHERE username = p_me);
    v_holder bigint := (SELECT id FROM users WHERE username = p_holder_name);
    v_hall bigint := (SELECT id FROM halls WHERE code = p_hall);
BEGIN
    -- A member of staff has a row in users; the owner, who may call it too, has none.
    IF EXISTS (SELECT 1 FROM users WHERE username = session_user)
       AND NOT COALESCE(onewindow_me_role() = 'admin'
                        OR (onewindow_me_role() IN ('reviewer', 'department_lead')
                            AND onewindow_me_department() = v_department), FALSE) THEN
        RAISE EXCEPTION 'only the department''s own reviewers and leads read its queue' USING ERRCODE = '42501';
    END IF;
    SELECT count(*),
           count(*) FILTER (WHERE c.claimed_by_id IS NULL),
           count(*) FILTER (WHERE c.claimed_by_id = v_me),
           count(*) FILTER (WHERE c.due_date < p_today AND NOT (c.state = ANY(p_paused))),
           count(*) FILTER (WHERE c.state = ANY(p_paused)),
           count(*) FILTER (WHERE c.state = 'correction_requested' AND c.correction_due < p_today)
      INTO all_cases, unclaimed, mine, overdue, paused, correction_overdue
      FROM cases c
     WHERE c.department_id = v_department AND c.state = ANY(p_every_state);
    -- The cases the filters choose, read once for their count and the page.
    WITH chosen AS (
        SELECT c.number, c.due_date
          FROM cases c
         WHERE c.department_id = v_department AND c.state = ANY(p_states)
           AND (p_item IS NULL OR c.service_item_id IN (SELECT i.id FROM service_items i WHERE i.code = p_item))
           AND (p_hall IS NULL OR c.hall_id = v_hall)
           AND (p_holder = 'any' OR (p_holder = 'unclaimed' AND c.claimed_by_id IS NULL)
                OR (p_holder = 'user' AND c.claimed_by_id = v_holder))
           AND (p_due_from IS NULL OR c.due_date >= p_due_from)
           AND (p_due_to IS NULL OR c.due_date <= p_due_to)
           AND (NOT p_correction_overdue OR (c.state = 'correction_requested' AND c.correction_due < p_today))
    )
    -- `NULLS FIRST`: a case without a due date comes first, as SQLite orders it.
    SELECT (SELECT count(*) FROM chosen),
           ARRAY(SELECT ch.number FROM chosen ch ORDER BY ch.due_date NULLS FIRST, ch.number
                 LIMIT p_limit OFFSET p_offset)
      INTO total, numbers;
    RETURN NEXT;
END;
$$;
REVOKE EXECUTE ON FUNCTION onewindow_department_queue FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onewindow_department_queue TO onewindow_staff;
