-- Where an applicant may seek 行政复议 and 行政诉讼 against a department's decisions, as the
-- refusal and denial notices name them: data of each catalog version, beside the department.
ALTER TABLE catalog_departments ADD COLUMN review_authority TEXT NOT NULL DEFAULT '';
ALTER TABLE catalog_departments ADD COLUMN court TEXT NOT NULL DEFAULT '';
