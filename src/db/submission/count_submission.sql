insert into intake_rate_limits (ip_hash, window_start, submissions)
values ($1, date_trunc('hour', now()), 1)
on conflict on constraint intake_rate_limits_pkey
do update set submissions = intake_rate_limits.submissions + 1
returning submissions
