-- Triage (issue 15): another candidate's application with the same name, graduation year and
-- country of education is shown as a possible duplicate. The look-up runs in every intake
-- transaction and on every candidate page, so it reads this index, never the whole table.
create index applications_possible_duplicate_idx on applications (
    lower(given_name), lower(coalesce(family_name, '')), graduation_year, country_of_education
);
