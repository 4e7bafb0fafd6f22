-- The city's sign-in is throttled as a hall's is (onewindow_domain::signin: five wrong passwords
-- for a username in a row, and it is refused for fifteen minutes). A server that refuses a
-- password records nothing (PostgreSQL has no hook for it short of an extension), so the station
-- where the password was typed records the refusal, as its own role, and reads the count before it
-- tries the next password. A password guessed elsewhere (psql) is slowed by the server itself:
-- auth_delay, README "Running a city".
--
-- And what 0002 left open: any member of staff could record any attempt, so a clerk could clear a
-- colleague's count ('lifted') between guesses, or lock the admin out until 2099 with a failure
-- dated then. Now a member of staff records only their own success and an admin a lift in their
-- own name; failures and refusals are the stations', dated by the server.

DROP POLICY sign_in_attempts_record ON sign_in_attempts;
CREATE POLICY sign_in_attempts_record ON sign_in_attempts FOR INSERT TO onewindow_staff WITH CHECK (
    (outcome = 'succeeded' AND username = session_user AND by_username IS NULL)
    OR (outcome = 'lifted' AND by_username = session_user AND (SELECT onewindow_me_role()) = 'admin'));

-- A username's attempts since its last success or lift, in order: what the throttle reads. An
-- admin reads anyone's, a member of staff their own, a station's role (no user) anyone's: it asks
-- before it tries a password.
CREATE FUNCTION onewindow_attempts_since_reset(p_username text)
RETURNS TABLE (kind text, outcome text, station text, by_username text, at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
    IF p_username IS DISTINCT FROM session_user AND onewindow_me_role() IS DISTINCT FROM 'admin'
       AND EXISTS (SELECT 1 FROM users u WHERE u.username = session_user) THEN
        RAISE EXCEPTION 'only an admin reads the sign-in attempts of another user' USING ERRCODE = '42501';
    END IF;
    RETURN QUERY
        SELECT a.kind, a.outcome, a.station, a.by_username, a.at
        FROM sign_in_attempts a
        WHERE a.username = p_username
          AND a.id >= COALESCE((SELECT MAX(r.id) FROM sign_in_attempts r
                                WHERE r.username = p_username AND r.outcome IN ('succeeded', 'lifted')), 0)
        ORDER BY a.id;
END;
$$;

-- A password the city refused for `p_username` at the calling station ('failed'), or one not
-- tried because the username was locked out ('refused'): recorded with the station's name and
-- the server's time. Stations only; they record nothing else.
CREATE FUNCTION onewindow_record_refused_sign_in(p_username text, p_kind text, p_outcome text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
DECLARE
    me stations;
BEGIN
    me := onewindow_me_station();
    IF me.id IS NULL THEN
        RAISE EXCEPTION 'only a registered station records a refused sign-in' USING ERRCODE = '42501';
    END IF;
    IF p_outcome IS NULL OR p_outcome NOT IN ('failed', 'refused') THEN
        RAISE EXCEPTION 'a station records failed or refused sign-ins only, not %', p_outcome USING ERRCODE = '22023';
    END IF;
    INSERT INTO sign_in_attempts (username, kind, outcome, station, at)
    VALUES (p_username, p_kind, p_outcome, me.role_name, now());
END;
$$;

REVOKE ALL ON FUNCTION onewindow_attempts_since_reset(text), onewindow_record_refused_sign_in(text, text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION onewindow_attempts_since_reset(text) TO onewindow_staff, onewindow_station;
GRANT EXECUTE ON FUNCTION onewindow_record_refused_sign_in(text, text, text) TO onewindow_station;
