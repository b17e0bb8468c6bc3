//! The operator contract at the binary's edge: documented variables and start-up errors. The
//! variables come from their one table (`labminds::config::VARIABLES`); `--help`, `.env.example`
//! and the README's configuration table must say the same, defaults included.

use std::process::Command;

use labminds::config::{DefaultValue, VARIABLES};

fn read(file: &str) -> String {
    std::fs::read_to_string(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn every_variable_is_documented_in_env_example_and_help() {
    let example = read(".env.example");
    let help = Command::new(env!("CARGO_BIN_EXE_labminds"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    for var in VARIABLES {
        let name = var.name;
        assert!(
            example.lines().any(|l| l.starts_with(&format!("{name}="))),
            "{name} missing from .env.example"
        );
        assert!(help.contains(name), "{name} missing from --help");
        assert!(help.contains(&var.help_line()), "{name}'s help line");
    }
    assert!(help.contains("serve") && help.contains("migrate"));
    assert!(
        help.contains("report-figures"),
        "the figures' rebuild is listed"
    );
}

#[test]
fn env_example_lists_the_variables_in_order_with_their_defaults() {
    let assignments: Vec<(String, String)> = read(".env.example")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    let names: Vec<&str> = assignments.iter().map(|(n, _)| n.as_str()).collect();
    let expected: Vec<&str> = VARIABLES.iter().map(|v| v.name).collect();
    assert_eq!(names, expected);
    for (var, (_, value)) in VARIABLES.iter().zip(&assignments) {
        match var.default {
            // An example value: the binary needs one.
            DefaultValue::Required => assert!(!value.is_empty(), "{}", var.name),
            // Empty: the binary works it out.
            DefaultValue::Unset | DefaultValue::Computed(_) => {
                assert_eq!(value, "", "{}", var.name)
            }
            DefaultValue::Value(default) => assert_eq!(value, default, "{}", var.name),
        }
    }
}

#[test]
fn the_readme_table_lists_the_variables_in_order_with_their_defaults() {
    let readme = read("README.md");
    let section = readme
        .split("\n## Configuration\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("the README has a Configuration section");
    let rows: Vec<(String, String)> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| {
            let (name, rest) = l.split_once("` | ")?;
            let (default, _) = rest.split_once(" | ")?;
            Some((name.to_owned(), default.to_owned()))
        })
        .collect();
    let expected: Vec<(String, String)> = VARIABLES
        .iter()
        .map(|v| (v.name.to_owned(), v.default_text().to_owned()))
        .collect();
    assert_eq!(rows, expected);
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
