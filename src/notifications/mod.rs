//! The recruiters' notifications (issue 15, item 3), all through the outbox: the e-mail to the
//! new owner of a case (`assignment`), and the daily digest (`digest`), whose e-mails are
//! rendered in `emails`. The owner's e-mail when a candidate changes their details is
//! `portal::details`'s.

pub(crate) mod assignment;
pub(crate) mod digest;
pub(crate) mod emails;
