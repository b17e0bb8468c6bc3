//! One integration-test binary: every test talks over real HTTP to the real application, started
//! on a random port against its own fresh PostgreSQL database (dropped afterwards).

mod helpers;
mod support;

mod config;
mod health;
mod link_check;
mod pages;
mod shutdown;
