//! One integration-test binary: every test talks over real HTTP to the real application, started
//! on a random port against its own fresh PostgreSQL database (dropped afterwards).

mod helpers;
mod support;

mod admin;
mod advisor;
mod advisor_browser;
mod bench_sql;
mod browser_pages;
mod config;
mod documents;
mod guide;
mod hardening;
mod health;
mod html_validity;
mod intake;
mod jobs;
mod link_check;
mod next_actions;
mod notifications;
mod outbox;
mod outbox_queue;
mod page_cache;
mod pages;
mod portal;
mod rate_limits;
mod schema;
mod security;
mod shutdown;
mod team;
mod triage;
mod trust;
mod worker_binary;
