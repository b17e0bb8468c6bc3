insert into candidate_links (token_hash, candidate_id, purpose, expires_at)
values ($1, $2, $3, now() + make_interval(secs => $4::float8))
