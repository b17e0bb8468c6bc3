//! What the form pages (the intake form, the advisor's questionnaire) share in their templates:
//! the ids that tie a field to its hint and error message, and the ids of grouped controls.

use std::borrow::Borrow;

use crate::domain::FormErrors;

/// The ids that describe a field (`aria-describedby`): its hint and, when there is one, its
/// error message.
pub(crate) fn described_by(
    errors: &FormErrors,
    field: &str,
    has_hint: impl Borrow<bool>,
) -> String {
    let mut ids = Vec::new();
    if *has_hint.borrow() {
        ids.push(format!("{field}-hint"));
    }
    if errors.get(field).is_some() {
        ids.push(format!("{field}-error"));
    }
    ids.join(" ")
}

/// The id of one control of a group (checkboxes, selects): the first carries the group's own
/// name, so the error summary can link to the group.
pub(crate) fn group_input_id(name: &str, first: impl Borrow<bool>, value: &str) -> String {
    if *first.borrow() {
        name.to_owned()
    } else {
        format!("{name}_{value}")
    }
}
