//! The trust page's use cases (`/trust`): is this address one of ours (`check`), the countries we
//! do not actively recruit from (`safeguards`), and the operator's statements about the agency's
//! own business (`statements`, from `AGENCY_STATEMENTS_FILE`).

pub mod safeguards;
pub mod statements;

use sqlx::PgPool;

use crate::config::Settings;
use crate::domain::contact_query::{ContactQuery, normalised_address};

/// What the check may say: yes or no for exactly the value typed, nothing else (not whose it is,
/// not whether a similar one exists).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// An active recruiter's address, the support inbox, or the sender of the site's e-mails.
    Ours,
    /// Unknown, or a disabled recruiter's: not one of our addresses.
    NotOurs,
    /// A number without its country code (`0917…`): the same digits are another number in
    /// another country, so it cannot be confirmed either way.
    PhoneNotCheckable,
}

impl Answer {
    /// For the log line, which never carries the value.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Ours => "ours",
            Answer::NotOurs => "not_ours",
            Answer::PhoneNotCheckable => "phone_not_checkable",
        }
    }
}

/// The site's own addresses: the support inbox (`SUPPORT_INBOX`) and the sender of every e-mail
/// the site sends (`MAIL_FROM`; candidates get their acknowledgement from it, so "not ours" would
/// be false). Nothing else at our domain counts: only what is configured or on file.
pub(crate) fn own_addresses(settings: &Settings) -> [String; 2] {
    [
        normalised_address(settings.mail.support_inbox.as_ref()),
        normalised_address(settings.mail.from.as_ref()),
    ]
}

/// Whether `query` is one of our channels. The recruiter look-up runs for every address, even
/// one that matches the inbox, so yes and no cost the same work (the page pads both to one floor).
pub(crate) async fn check(
    pool: &PgPool,
    settings: &Settings,
    query: &ContactQuery,
) -> Result<Answer, sqlx::Error> {
    match query {
        ContactQuery::Email(address) => {
            let recruiter = crate::db::recruiters::is_active_address(pool, address).await?;
            let own = own_addresses(settings).iter().any(|own| own == address);
            Ok(if recruiter || own {
                Answer::Ours
            } else {
                Answer::NotOurs
            })
        }
        // Recruiters' public numbers are stored in E.164 (issue 16); an international number is
        // compared exactly, like an address.
        ContactQuery::Phone(number) if number.starts_with('+') => {
            let recruiter = crate::db::recruiters::is_active_phone(pool, number).await?;
            Ok(if recruiter {
                Answer::Ours
            } else {
                Answer::NotOurs
            })
        }
        ContactQuery::Phone(_) => Ok(Answer::PhoneNotCheckable),
    }
}
