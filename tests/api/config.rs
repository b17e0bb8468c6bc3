//! The operator contract at the binary's edge: documented variables and start-up errors.

use std::process::Command;

use labminds::config::VARIABLES;

#[test]
fn every_variable_is_documented_in_env_example_and_help() {
    let example =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.env.example")).unwrap();
    let help = Command::new(env!("CARGO_BIN_EXE_labminds"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    for (name, _) in VARIABLES {
        assert!(
            example.lines().any(|l| l.starts_with(&format!("{name}="))),
            "{name} missing from .env.example"
        );
        assert!(help.contains(name), "{name} missing from --help");
    }
    assert!(help.contains("serve") && help.contains("migrate"));
}

#[test]
fn a_bad_value_stops_start_up_with_one_line_naming_the_variable() {
    let output = Command::new(env!("CARGO_BIN_EXE_labminds"))
        .arg("serve")
        .env_clear()
        .env("DATABASE_URL", "postgres://127.0.0.1:1/labminds")
        .env("BIND_ADDR", "not-an-address")
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("configuration error: BIND_ADDR"),
        "{stderr}"
    );
}

#[test]
fn an_unreachable_database_stops_start_up_with_a_clear_message() {
    let output = Command::new(env!("CARGO_BIN_EXE_labminds"))
        .arg("migrate")
        .env_clear()
        .env("DATABASE_URL", "postgres://postgres@127.0.0.1:1/labminds")
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("error: could not reach the PostgreSQL server named by DATABASE_URL"),
        "{stderr}"
    );
}
