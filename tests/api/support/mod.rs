//! Real parts the tests start themselves: databases, a TCP proxy that can cut a connection, an
//! SMTP server; applications stored through the application's own functions; and the outbox
//! helpers that arrange and drain e-mail.

pub mod applications;
pub mod binary;
pub mod browser;
pub mod database;
pub mod documents;
pub mod outbox;
pub mod smtp_server;
pub mod tcp_proxy;
