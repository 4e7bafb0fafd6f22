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
-- policies: in the same department, or to an admin or the owner.
--
-- The result's column names carry the sqlx macros' nullability marks (`"number!"` never null,
-- `"phone?"` maybe): the station reads `SELECT *` into the same CaseColumns as every case query.
-- Its columns and joins are those of `select_cases!` in crates/onewindow-store-postgres/src/cases.rs:
-- a column added there is added here by a new migration that replaces this function.
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
    v_staff boolean := EXISTS (SELECT 1 FROM users WHERE username = session_user);
BEGIN
    -- A member of staff has a row in users; the owner, who may call it too, has none.
    IF v_staff AND NOT COALESCE(onewindow_me_role() = 'admin'
                                OR (onewindow_me_role() IN ('reviewer', 'department_lead')
                                    AND onewindow_me_department() = v_department), FALSE) THEN
        RAISE EXCEPTION 'only the department''s own reviewers and leads read its queue' USING ERRCODE = '42501';
    END IF;
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
           AND (NOT v_staff OR onewindow_me_role() = 'admin' OR bl.department_id = v_department)
     WHERE c.department_id = v_department AND c.number = ANY(p_numbers)
     -- `NULLS FIRST`: a case without a due date comes first, as SQLite orders it.
     ORDER BY c.due_date NULLS FIRST, c.number;
END;
$$;
REVOKE EXECUTE ON FUNCTION onewindow_department_queue_cases FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onewindow_department_queue_cases TO onewindow_staff;
