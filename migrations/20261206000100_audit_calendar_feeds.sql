-- Every candidate action is in the audit log (issue 13): making a calendar feed (issue 14, item 5)
-- and stopping it too. The activity list of the data export reads these `portal_` actions.
insert into audit_actions (action) values
    ('portal_calendar_feed_made'), ('portal_calendar_feed_stopped');
