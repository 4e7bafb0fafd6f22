-- The department queue's page of cases, read by a function that asks who is reading once, as
-- 0011's function does for the counts and the numbers, instead of the policies asking it of every
-- case, applicant and bundle lead the page joins. Measured at a million cases, a reviewer signed in
-- as their own role (psql, the page's 50 numbers): the read under the policies took 1.3–2.5 ms to
-- run against 0.6–1.0 ms as the owner, and each of a connection's first five reads was planned
-- afresh for the values given, 8–18 ms, the policies' sub-plans included (the station's first
-- reads of the day; tests/load/city.sh --million --as-staff times about ten reads per reviewer).
--
-- Who may read the page is who may read the queue (0011): an admin, or a reviewer or department
-- lead of that department; the owner too. Only cases of the department are returned, whatever
-- numbers are asked for. A bundle's lead case is named only where the reader may see it under the
-- policies: in the same department, or to an admin or the owner. Both functions now ask it with
-- one look-up of the reader's row (`onewindow_queue_reader`); 0011's asked four, and looked up a
-- holder and a hall the filters did not name.
--
-- The result's column names carry the sqlx macros' nullability marks (`"number!"` never null,
-- `"phone?"` maybe): the station reads `SELECT *` into the same CaseColumns as every case query.
-- Its columns and joins are those of `select_cases!` in crates/onewindow-store-postgres/src/cases.rs:
-- a column added there is added here by a new migration that replaces this function.
-- Who reads a department's queue: 'owner' (a session with no row in users: the owner), or the
-- member of staff's role where they may (active, and an admin or a reviewer or lead of that
-- department); anyone else is refused here.
CREATE FUNCTION onewindow_queue_reader(p_department bigint) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
DECLARE
    v_role text;
    v_department bigint;
    v_active boolean;
BEGIN
    SELECT role, department_id, active INTO v_role, v_department, v_active FROM users WHERE username = session_user;
    IF NOT FOUND THEN
        RETURN 'owner';
    END IF;
    IF v_active AND (v_role = 'admin' OR (v_role IN ('reviewer', 'department_lead') AND v_department = p_department)) THEN
        RETURN v_role;
    END IF;
    RAISE EXCEPTION 'only the department''s own reviewers and leads read its queue' USING ERRCODE = '42501';
END;
$$;
REVOKE EXECUTE ON FUNCTION onewindow_queue_reader FROM PUBLIC;

-- 0011's function, asking with the look-up above; what it answers is unchanged.
CREATE OR REPLACE FUNCTION onewindow_department_queue(
    p_department text, p_every_state text[], p_paused text[], p_me text, p_today date,
    p_states text[], p_item text, p_hall text, p_holder text, p_holder_name text,
    p_due_from date, p_due_to date, p_correction_overdue boolean, p_limit bigint, p_offset bigint)
RETURNS TABLE (all_cases bigint, unclaimed bigint, mine bigint, overdue bigint, paused bigint,
               correction_overdue bigint, total bigint, numbers text[])
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_department bigint := (SELECT id FROM departments WHERE code = p_department);
    v_reader text := onewindow_queue_reader(v_department);
    v_me bigint := (SELECT id FROM users WHERE username = p_me);
    v_holder bigint;
    v_hall bigint;
BEGIN
    IF p_holder_name IS NOT NULL THEN
        v_holder := (SELECT id FROM users WHERE username = p_holder_name);
    END IF;
    IF p_hall IS NOT NULL THEN
        v_hall := (SELECT id FROM halls WHERE code = p_hall);
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
    SELECT (SELECT count(*) FROM chosen),
           ARRAY(SELECT ch.number FROM chosen ch ORDER BY ch.due_date NULLS FIRST, ch.number
                 LIMIT p_limit OFFSET p_offset)
      INTO total, numbers;
    RETURN NEXT;
END;
$$;

CREATE FUNCTION onewindow_department_queue_cases(p_department text, p_numbers text[])
RETURNS TABLE ("number!" text, "verification_code!" text, "catalog_version_id!" bigint, "item_code!" text,
               "item_name!" text, "department_code!" text, "department_name!" text, "department_area!" text,
               "applicant_kind!" text, "applicant_name!" text, "id_kind!" text, "id_number!" text, "phone?" text,
               "hall_code!" text, "hall_name!" text, "window_number?" text, "clerk!" text, "clerk_name!" text,
               "agent_name?" text, "agent_id_kind?" text, "agent_id_number?" text, "state!" text,
               "delivery!" text, "pickup_hall_code?" text, "pickup_hall_name?" text, "delivery_address?" text,
               "created_at!" timestamptz, "accepted_at?" timestamptz, "due_date?" date,
               "shortfall_supplement_due?" date, "statutory_due?" date, "correction_due?" date,
               "extension_days!" bigint, "shortfall_broken_on?" date, "claimed_by?" text,
               "claimed_by_username?" text, "bundle_code?" text, "bundle_lead?" text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public
-- Generic plans from the first read: a plan made for the values given takes longer to make than
-- the read takes to run.
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_department bigint := (SELECT id FROM departments WHERE code = p_department);
    -- Every case of the city is the owner's and an admin's to see.
    v_sees_all boolean := onewindow_queue_reader(v_department) IN ('owner', 'admin');
BEGIN
    RETURN QUERY
    SELECT c.number, c.verification_code, c.catalog_version_id, i.code, i.name, d.code, d.name, d.area,
           a.kind, a.name, a.id_kind, a.id_number, a.phone, h.code, h.name, c.window_number,
           u.username, u.display_name, c.agent_name, c.agent_id_kind, c.agent_id_number, c.state,
           c.delivery, p.code, p.name, c.delivery_address, c.created_at, c.accepted_at, c.due_date,
           c.shortfall_supplement_due, c.statutory_due, c.correction_due, c.extension_days,
           c.shortfall_broken_on, r.display_name, r.username, c.bundle_code, bl.number
      FROM cases c
      JOIN service_items i ON i.id = c.service_item_id
      JOIN departments d ON d.id = i.department_id
      JOIN applicants a ON a.id = c.applicant_id
      JOIN halls h ON h.id = c.hall_id
      JOIN users u ON u.id = c.clerk_id
      LEFT JOIN users r ON r.id = c.claimed_by_id
      LEFT JOIN halls p ON p.id = c.pickup_hall_id
      LEFT JOIN cases bl ON bl.id = c.bundle_lead_id
           AND (v_sees_all OR bl.department_id = v_department)
     WHERE c.department_id = v_department AND c.number = ANY(p_numbers)
     -- `NULLS FIRST`: a case without a due date comes first, as SQLite orders it.
     ORDER BY c.due_date NULLS FIRST, c.number;
END;
$$;
REVOKE EXECUTE ON FUNCTION onewindow_department_queue_cases FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onewindow_department_queue_cases TO onewindow_staff;
