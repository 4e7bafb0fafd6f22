-- A 一件事 bundle taken in one intake: one case per member item, each naming the bundle and the
-- intake's lead case (the first created), whose number the combined receipt carries.
ALTER TABLE cases ADD COLUMN bundle_code TEXT;
ALTER TABLE cases ADD COLUMN bundle_lead_id INTEGER REFERENCES cases (id);
CREATE INDEX cases_bundle_lead ON cases (bundle_lead_id);
