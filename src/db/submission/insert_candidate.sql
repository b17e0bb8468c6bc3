insert into candidates (id, email_normalised, phone_e164) values ($1, $2, $3)
