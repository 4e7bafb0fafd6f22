-- A scan not yet filed under a case, and a file the inbox refused, belong to the hall whose station
-- took them in: until then they are that hall's alone (0002 let every member of staff of the city
-- read every unfiled scan, and every clerk every refused file name). Filed, a scan follows its case
-- as before. The hall is the signed-in member of staff's, set by the database; the owner (a copy,
-- the demo seed) writes none, and only an admin sees those.
ALTER TABLE scans ADD COLUMN hall_id BIGINT REFERENCES halls (id) DEFAULT onewindow_me_hall();
ALTER TABLE quarantined_files ADD COLUMN hall_id BIGINT REFERENCES halls (id) DEFAULT onewindow_me_hall();

DROP POLICY scans_of_case ON scans;
CREATE POLICY scans_of_case ON scans TO onewindow_staff
    USING (CASE WHEN EXISTS (SELECT 1 FROM case_scans cs WHERE cs.scan_id = scans.id)
                THEN EXISTS (SELECT 1 FROM case_scans cs JOIN cases c ON c.id = cs.case_id WHERE cs.scan_id = scans.id)
                ELSE hall_id = onewindow_me_hall() OR onewindow_me_role() = 'admin' END)
    WITH CHECK (hall_id IS NOT DISTINCT FROM onewindow_me_hall());

DROP POLICY quarantined_files_window ON quarantined_files;
CREATE POLICY quarantined_files_window ON quarantined_files TO onewindow_staff
    USING ((onewindow_me_role() = 'window_clerk' AND hall_id = onewindow_me_hall()) OR onewindow_me_role() = 'admin')
    WITH CHECK (onewindow_me_role() IN ('window_clerk', 'admin') AND hall_id IS NOT DISTINCT FROM onewindow_me_hall());
