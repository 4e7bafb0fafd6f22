-- A scanned cover sheet (材料分隔页) is kept but leaves the inbox: it names the case and material
-- ("case|material") the pages after it were filed under.
ALTER TABLE scans ADD COLUMN cover_for TEXT;
