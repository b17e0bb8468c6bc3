insert into candidates (id, email_normalised, phone_e164, email) values ($1, $2, $3, $4)
