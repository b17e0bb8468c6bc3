//! Per-field messages of a rejected form, in the order the fields appear on the page (the order of
//! the error summary).

/// One message for one field. `field` is the id of the input the summary links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldError {
    pub(crate) field: &'static str,
    pub(crate) message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors(Vec<FieldError>);

impl FormErrors {
    /// Adds a message; a field keeps only its first message (the one the person should fix first).
    pub(crate) fn add(&mut self, field: &'static str, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.0.push(FieldError {
                field,
                message: message.into(),
            });
        }
    }

    pub(crate) fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }
}
