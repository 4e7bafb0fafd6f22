-- Who may see and change what, enforced by PostgreSQL itself. A desktop station talks to the city
-- database directly, so every member of staff signs in as their own login role (named by their
-- username, a member of `onewindow_staff`), and row-level security decides, from the users table,
-- what that role reads and writes:
--   a reviewer or department lead   the own department's cases
--   a window clerk                  the own hall's cases, and those to be collected there; any other
--                                   case only through onewindow_case_by_code (number + the code)
--   a dispatcher                    the own hall's cases and the shipments from or to it
--   a supervisor                    the own hall's cases (its figures), read only
--   an admin                        everything
-- Everything under a case (events, materials, findings, scans, print jobs, look-ups) is visible
-- exactly when its case is: the policies ask the cases table, whose own policy answers. Events
-- stay append-only for every role: no UPDATE or DELETE is granted, and the trigger refuses them.
-- The owner (the role that runs the migrations) is not subject to these policies.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'onewindow_staff') THEN
        CREATE ROLE onewindow_staff NOLOGIN;
    END IF;
END;
$$;

-- The signed-in member of staff. SECURITY DEFINER so that the policies asking it do not ask the
-- users table's own policies again; session_user, not current_user, because inside a definer
-- function current_user is the owner.
CREATE FUNCTION onewindow_me_id() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT id FROM users WHERE username = session_user AND active
$$;
CREATE FUNCTION onewindow_me_role() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT role FROM users WHERE username = session_user AND active
$$;
CREATE FUNCTION onewindow_me_hall() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT hall_id FROM users WHERE username = session_user AND active
$$;
CREATE FUNCTION onewindow_me_department() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT department_id FROM users WHERE username = session_user AND active
$$;

-- Whether the signed-in member of staff may see a case, by its hall, pickup hall and department.
CREATE FUNCTION onewindow_sees_case(case_id bigint, hall bigint, pickup_hall bigint, department bigint)
RETURNS boolean LANGUAGE sql STABLE SET search_path = public AS $$
    SELECT CASE onewindow_me_role()
        WHEN 'admin' THEN TRUE
        WHEN 'reviewer' THEN department = onewindow_me_department()
        WHEN 'department_lead' THEN department = onewindow_me_department()
        WHEN 'window_clerk' THEN hall = onewindow_me_hall() OR pickup_hall = onewindow_me_hall()
        WHEN 'supervisor' THEN hall = onewindow_me_hall()
        WHEN 'dispatcher' THEN hall = onewindow_me_hall() OR pickup_hall = onewindow_me_hall()
            OR EXISTS (SELECT 1 FROM shipment_cases sc JOIN shipments s ON s.id = sc.shipment_id
                       WHERE sc.case_id = onewindow_sees_case.case_id)
        ELSE FALSE
    END
$$;

-- Reading: every table, except the users' password hashes (a station never reads another's).
GRANT USAGE ON SCHEMA public TO onewindow_staff;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO onewindow_staff;
REVOKE SELECT ON users FROM onewindow_staff;
GRANT SELECT (id, username, display_name, role, hall_id, window_number, department_id, active) ON users
    TO onewindow_staff;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO onewindow_staff;
-- Writing: what the application's moves write. History tables get INSERT only.
GRANT INSERT, UPDATE ON halls, windows, departments, users, catalog_versions, catalog_departments, service_items,
    materials, bundles, bundle_items, cases, case_materials, case_findings, case_number_sequences, print_jobs,
    scans, quarantined_files, case_scans, intake_drafts, material_transfers, waybill_ranges, waybills, shipments,
    shipment_cases, handovers, handover_items, tracking_events, label_runs, label_run_items
    TO onewindow_staff;
GRANT DELETE ON intake_drafts, case_scans TO onewindow_staff;
GRANT INSERT ON case_events, shipment_events, label_run_events, progress_lookups, sign_in_attempts
    TO onewindow_staff;

-- The network and the catalog: everyone reads them, only an admin changes them.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['halls', 'windows', 'departments', 'catalog_versions', 'catalog_departments',
                             'service_items', 'materials', 'bundles', 'bundle_items', 'users',
                             'waybill_ranges']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO onewindow_staff USING (TRUE)', t || '_read', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR INSERT TO onewindow_staff WITH CHECK (onewindow_me_role() = ''admin'')',
                       t || '_admin_insert', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE TO onewindow_staff USING (onewindow_me_role() = ''admin'')',
                       t || '_admin_update', t);
    END LOOP;
END;
$$;

-- Cases.
ALTER TABLE cases ENABLE ROW LEVEL SECURITY;
CREATE POLICY cases_read ON cases FOR SELECT TO onewindow_staff
    USING (onewindow_sees_case(id, hall_id, pickup_hall_id, department_id));
CREATE POLICY cases_intake ON cases FOR INSERT TO onewindow_staff
    WITH CHECK (onewindow_me_role() = 'admin' OR (onewindow_me_role() = 'window_clerk' AND hall_id = onewindow_me_hall()));
CREATE POLICY cases_move ON cases FOR UPDATE TO onewindow_staff
    USING (onewindow_me_role() <> 'supervisor' AND onewindow_sees_case(id, hall_id, pickup_hall_id, department_id));

-- What hangs under a case is visible and writable exactly when the case is.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['case_events', 'case_materials', 'case_findings', 'case_scans', 'progress_lookups',
                             'material_transfers']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I TO onewindow_staff
                            USING (EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id))
                            WITH CHECK (EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id))', t || '_of_case', t);
    END LOOP;
END;
$$;

-- A case's applicant: visible with any visible case of theirs. Written only through
-- onewindow_applicant (below): an intake at one hall updates the phone of an applicant another
-- hall took in first without seeing that hall's cases.
ALTER TABLE applicants ENABLE ROW LEVEL SECURITY;
CREATE POLICY applicants_of_case ON applicants FOR SELECT TO onewindow_staff
    USING (EXISTS (SELECT 1 FROM cases c WHERE c.applicant_id = applicants.id));

-- Print jobs: of a visible case, or of no case (a courier label, a handover list) by the printer.
ALTER TABLE print_jobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY print_jobs_of_case ON print_jobs TO onewindow_staff
    USING (CASE WHEN case_id IS NULL THEN user_id = onewindow_me_id() OR onewindow_me_role() = 'admin'
                ELSE EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id) END)
    WITH CHECK (user_id = onewindow_me_id());

-- Scans: those filed under a visible case, and those not filed yet (the window's inbox).
ALTER TABLE scans ENABLE ROW LEVEL SECURITY;
CREATE POLICY scans_of_case ON scans TO onewindow_staff
    USING (NOT EXISTS (SELECT 1 FROM case_scans cs WHERE cs.scan_id = scans.id)
           OR EXISTS (SELECT 1 FROM case_scans cs JOIN cases c ON c.id = cs.case_id WHERE cs.scan_id = scans.id))
    WITH CHECK (TRUE);

-- Files refused at a window's inbox: their names can be personal.
ALTER TABLE quarantined_files ENABLE ROW LEVEL SECURITY;
CREATE POLICY quarantined_files_window ON quarantined_files TO onewindow_staff
    USING (onewindow_me_role() IN ('window_clerk', 'admin')) WITH CHECK (onewindow_me_role() IN ('window_clerk', 'admin'));

-- A clerk's drafts are the clerk's.
ALTER TABLE intake_drafts ENABLE ROW LEVEL SECURITY;
CREATE POLICY intake_drafts_own ON intake_drafts TO onewindow_staff
    USING (clerk_id = onewindow_me_id()) WITH CHECK (clerk_id = onewindow_me_id());

-- Sign-in attempts: recorded by anyone, read by an admin and by the one they name (unlocking a
-- screen counts the failures before it).
ALTER TABLE sign_in_attempts ENABLE ROW LEVEL SECURITY;
CREATE POLICY sign_in_attempts_record ON sign_in_attempts FOR INSERT TO onewindow_staff WITH CHECK (TRUE);
CREATE POLICY sign_in_attempts_read ON sign_in_attempts FOR SELECT TO onewindow_staff
    USING (onewindow_me_role() = 'admin' OR username = session_user);

-- Shipments: a dispatcher's or clerk's hall sends or receives them, a reviewer's department
-- receives them; their cases, events, handovers and tracking follow the shipment.
CREATE FUNCTION onewindow_sees_shipment(from_hall bigint, to_hall bigint, to_department bigint)
RETURNS boolean LANGUAGE sql STABLE SET search_path = public AS $$
    SELECT CASE onewindow_me_role()
        WHEN 'admin' THEN TRUE
        WHEN 'dispatcher' THEN from_hall = onewindow_me_hall() OR to_hall = onewindow_me_hall()
        WHEN 'window_clerk' THEN from_hall = onewindow_me_hall() OR to_hall = onewindow_me_hall()
        WHEN 'supervisor' THEN from_hall = onewindow_me_hall()
        WHEN 'reviewer' THEN to_department = onewindow_me_department()
        WHEN 'department_lead' THEN to_department = onewindow_me_department()
        ELSE FALSE
    END
$$;
ALTER TABLE shipments ENABLE ROW LEVEL SECURITY;
CREATE POLICY shipments_of_hall ON shipments TO onewindow_staff
    USING (onewindow_sees_shipment(from_hall_id, to_hall_id, to_department_id))
    WITH CHECK (onewindow_sees_shipment(from_hall_id, to_hall_id, to_department_id));
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['shipment_cases', 'shipment_events', 'handover_items']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I TO onewindow_staff
                            USING (EXISTS (SELECT 1 FROM shipments s WHERE s.id = shipment_id))
                            WITH CHECK (EXISTS (SELECT 1 FROM shipments s WHERE s.id = shipment_id))',
                       t || '_of_shipment', t);
    END LOOP;
END;
$$;
ALTER TABLE tracking_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY tracking_events_of_shipment ON tracking_events TO onewindow_staff
    USING (EXISTS (SELECT 1 FROM shipments s JOIN waybills w ON w.id = s.waybill_id WHERE w.number = waybill))
    WITH CHECK (onewindow_me_role() IN ('dispatcher', 'admin'));

-- Handovers and label runs belong to a hall's courier desk.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['handovers', 'label_runs']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I TO onewindow_staff
                            USING (onewindow_me_role() = ''admin'' OR (onewindow_me_role() IN (''dispatcher'', ''supervisor'')
                                   AND hall_id = onewindow_me_hall()))
                            WITH CHECK (onewindow_me_role() IN (''dispatcher'', ''admin'') AND hall_id = onewindow_me_hall())',
                       t || '_of_hall', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['label_run_items', 'label_run_events']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I TO onewindow_staff
                            USING (EXISTS (SELECT 1 FROM label_runs r WHERE r.id = run_id))
                            WITH CHECK (EXISTS (SELECT 1 FROM label_runs r WHERE r.id = run_id))', t || '_of_run', t);
    END LOOP;
END;
$$;

-- A case at any window with the verification code printed beside its number (过程追溯): the one
-- way a clerk reads a case of another hall.
CREATE FUNCTION onewindow_case_by_code(p_number text, p_code text) RETURNS SETOF cases
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT * FROM cases
    WHERE number = p_number AND verification_code = p_code AND p_code <> '' AND onewindow_me_role() IS NOT NULL
$$;

-- The applicant of an intake, created or their phone brought up to date, by a clerk of any hall.
CREATE FUNCTION onewindow_applicant(p_kind text, p_name text, p_id_kind text, p_id_number text, p_phone text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    applicant bigint;
BEGIN
    IF onewindow_owner_session() IS NOT TRUE AND onewindow_me_role() IS DISTINCT FROM 'window_clerk'
       AND onewindow_me_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only a window clerk takes in an applicant' USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO applicants (kind, name, id_kind, id_number, phone) VALUES (p_kind, p_name, p_id_kind, p_id_number, p_phone)
        ON CONFLICT (id_kind, id_number) DO UPDATE SET name = excluded.name,
            phone = COALESCE(excluded.phone, applicants.phone)
        RETURNING id INTO applicant;
    RETURN applicant;
END;
$$;

-- Whether this session is the schema's owner (the migrations' role), which bootstraps the first
-- admin's login.
CREATE FUNCTION onewindow_owner_session() RETURNS boolean LANGUAGE sql STABLE SET search_path = public AS $$
    SELECT (SELECT relowner FROM pg_class WHERE oid = 'public.users'::regclass)
         = (SELECT oid FROM pg_roles WHERE rolname = session_user)
$$;

-- User management, narrow: an admin (or the owner) gives a user of the users table a login role
-- with a password, resets its password, or disables it. Nothing else can create or change roles;
-- a role that is not one of ours (a superuser, the owner) is never touched.
CREATE FUNCTION onewindow_set_login(p_username text, p_password text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    IF onewindow_owner_session() IS NOT TRUE AND onewindow_me_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only an admin manages sign-ins' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM users WHERE username = p_username AND username <> 'system') THEN
        RAISE EXCEPTION 'no user %', p_username USING ERRCODE = 'no_data_found';
    END IF;
    IF length(p_password) < 8 THEN
        RAISE EXCEPTION 'a password has at least 8 characters' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_username) THEN
        IF NOT pg_has_role(p_username, 'onewindow_staff', 'MEMBER')
           OR (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = p_username) THEN
            RAISE EXCEPTION 'role % is not a member of staff', p_username USING ERRCODE = 'insufficient_privilege';
        END IF;
        EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', p_username, p_password);
    ELSE
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE onewindow_staff', p_username, p_password);
    END IF;
    UPDATE users SET active = TRUE WHERE username = p_username;
END;
$$;

CREATE FUNCTION onewindow_disable_login(p_username text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    IF onewindow_owner_session() IS NOT TRUE AND onewindow_me_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only an admin manages sign-ins' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_username) AND pg_has_role(p_username, 'onewindow_staff', 'MEMBER')
       AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = p_username) THEN
        EXECUTE format('ALTER ROLE %I NOLOGIN', p_username);
    END IF;
    UPDATE users SET active = FALSE WHERE username = p_username;
END;
$$;

REVOKE ALL ON FUNCTION onewindow_set_login(text, text), onewindow_disable_login(text), onewindow_applicant(text, text, text, text, text),
    onewindow_case_by_code(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onewindow_set_login(text, text), onewindow_disable_login(text),
    onewindow_applicant(text, text, text, text, text), onewindow_case_by_code(text, text) TO onewindow_staff;
