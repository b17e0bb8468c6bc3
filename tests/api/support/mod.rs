//! Real parts the tests start themselves: databases, a TCP proxy that can cut a connection, an
//! SMTP server; and the outbox helpers that arrange and drain e-mail.

pub mod binary;
pub mod browser;
pub mod database;
pub mod outbox;
pub mod smtp_server;
pub mod tcp_proxy;
