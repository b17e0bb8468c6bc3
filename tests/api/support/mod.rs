//! Real parts the tests start themselves: databases, a TCP proxy that can cut a connection.

pub mod database;
pub mod tcp_proxy;
