-- After the decision: 容缺 follow-up, issuance at the unified window, instant approval.

-- What the catalog says of an item after the intake (the overdue rule, the months without
-- tolerance after a broken commitment, instant approval's conditions), JSON.
ALTER TABLE service_items ADD COLUMN followup TEXT NOT NULL DEFAULT '{}';

-- The day the applicant's 容缺 commitment was found broken; kept for good.
ALTER TABLE cases ADD COLUMN shortfall_broken_on TEXT;
CREATE INDEX cases_shortfall_broken ON cases (applicant_id) WHERE shortfall_broken_on IS NOT NULL;
-- The follow-up list: cases still waiting on tolerated materials.
CREATE INDEX cases_shortfall_outstanding ON cases (shortfall_supplement_due, hall_id)
    WHERE shortfall_supplement_due IS NOT NULL;
-- The issuance list of a hall.
CREATE INDEX cases_state_pickup ON cases (state, pickup_hall_id);

-- Days a result may wait at a hall's issuance window before it shows as uncollected.
ALTER TABLE halls ADD COLUMN uncollected_days INTEGER NOT NULL DEFAULT 30;

-- The actor of instant approvals (智能审批): a user nobody can sign in as (inactive, and no
-- password hash verifies against '!').
INSERT INTO users (username, display_name, role, password_hash, active)
    VALUES ('system', '智能审批', 'supervisor', '!', 0)
    ON CONFLICT (username) DO NOTHING;
