//! `labminds recruiter add [--admin] [--name NAME]|disable|reset-password|reset-two-factor EMAIL`: account
//! management from the shell, with the rules of `auth` and the rows of `db::recruiters`. The
//! first admin is made here; after that, admins invite the team from `/admin/team`.
//! Passwords come from standard input (one line), so they never land in shell history or `ps`.

use std::io::BufRead;

use anyhow::{Context, bail};
use clap::Subcommand;
use sqlx::PgPool;

use crate::auth::password::{NewPassword, hash_password};
use crate::auth::throttle::normalise_email;
use crate::db::recruiters::NewAccount;
use crate::domain::EmailAddress;
use crate::domain::team::{DisplayName, Role, TimeZoneName};

#[derive(Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum RecruiterCommand {
    /// Create a dashboard account; the password (at least 12 characters) is read from standard
    /// input, e.g. `labminds recruiter add ana@labmindsstaffing.com < password-file`.
    Add {
        email: String,
        /// Make an admin (manages the team, erases and exports all candidates); signs in with
        /// two-factor sign-in, set up at the first sign-in.
        #[arg(long)]
        admin: bool,
        /// The name colleagues and candidates see (default: the e-mail's local part).
        #[arg(long)]
        name: Option<String>,
    },
    /// Disable an account and end its sessions at once.
    Disable { email: String },
    /// Set a new password (read from standard input) and end the account's sessions.
    ResetPassword { email: String },
    /// Remove the account's two-factor sign-in (a lost phone and lost recovery codes) and end its
    /// sessions; where it is required, it is set up again at the next sign-in.
    ResetTwoFactor { email: String },
}

/// Runs one command; the returned line is printed for the operator.
pub async fn run(
    command: RecruiterCommand,
    pool: &PgPool,
    stdin: impl BufRead,
) -> anyhow::Result<String> {
    match command {
        RecruiterCommand::Add { email, admin, name } => {
            let email = account_email(&email)?;
            let name = match name {
                Some(name) => DisplayName::parse(&name).map_err(anyhow::Error::new)?,
                None => DisplayName::from_email(&email),
            };
            let role = if admin { Role::Admin } else { Role::Recruiter };
            let hash = hash_password(&read_password(stdin)?).await?;
            let zone = TimeZoneName::utc();
            let account = NewAccount {
                email: &email,
                password_hash: &hash,
                display_name: name.as_str(),
                time_zone: zone.as_str(),
                role,
            };
            if crate::db::recruiters::insert(pool, &account)
                .await?
                .is_none()
            {
                bail!("a recruiter account with this e-mail already exists");
            }
            Ok(match role {
                Role::Admin => {
                    "admin account created; two-factor sign-in is set up at the first sign-in"
                }
                Role::Recruiter => "recruiter account created",
            }
            .to_owned())
        }
        RecruiterCommand::Disable { email } => {
            let email = account_email(&email)?;
            if !crate::db::recruiters::disable(pool, &email).await? {
                bail!("there is no recruiter account with this e-mail");
            }
            Ok("recruiter account disabled; its sessions have ended".to_owned())
        }
        RecruiterCommand::ResetPassword { email } => {
            let email = account_email(&email)?;
            let hash = hash_password(&read_password(stdin)?).await?;
            if !crate::db::recruiters::set_password(pool, &email, &hash).await? {
                bail!("there is no recruiter account with this e-mail");
            }
            Ok("password changed; the account's sessions have ended".to_owned())
        }
        RecruiterCommand::ResetTwoFactor { email } => {
            let email = account_email(&email)?;
            if !crate::db::second_factor::remove(pool, &email).await? {
                bail!("there is no recruiter account with this e-mail");
            }
            Ok("two-factor sign-in removed and the account's sessions ended; it is set up again at the next sign-in where it is required".to_owned())
        }
    }
}

fn account_email(raw: &str) -> anyhow::Result<String> {
    EmailAddress::parse(raw)
        .map(|email| normalise_email(email.as_str()))
        .map_err(anyhow::Error::new)
}

/// One line from standard input, without its line ending.
fn read_password(mut stdin: impl BufRead) -> anyhow::Result<NewPassword> {
    let mut line = String::new();
    stdin
        .read_line(&mut line)
        .context("could not read the password from standard input")?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    NewPassword::parse(password).map_err(|e| {
        anyhow::anyhow!(
            "{e} (give it on standard input, e.g. `labminds recruiter add EMAIL < file`)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_one_line_without_its_ending() {
        let password = read_password(&b"correct horse battery\r\nsecond line\n"[..]).unwrap();
        use secrecy::ExposeSecret;
        assert_eq!(password.expose().expose_secret(), "correct horse battery");
        let error = read_password(&b"short\n"[..]).err().unwrap().to_string();
        assert!(error.contains("at least 12 characters"), "{error}");
    }

    #[test]
    fn account_emails_are_lower_cased_and_checked() {
        assert_eq!(
            account_email(" Ana@Example.COM ").unwrap(),
            "ana@example.com"
        );
        assert!(account_email("not-an-address").is_err());
    }
}
