//! A checklist as the pages show it: each stored item with its type's words and its status on a
//! date. The candidate's page and the dashboard's candidate page read the same lines.

use time::Date;

use super::status::{ItemStatus, status_on};
use super::types::{DocumentType, document_types};
use crate::db::documents::ItemRow;

pub(crate) struct Line {
    pub(crate) item: ItemRow,
    /// `None` for a type the data file no longer has (shown by its key, never dropped).
    pub(crate) document_type: Option<&'static DocumentType>,
    pub(crate) status: ItemStatus,
}

impl Line {
    pub(crate) fn name(&self) -> &str {
        self.document_type
            .map_or(self.item.type_key.as_str(), |t| t.name.as_str())
    }

    pub(crate) fn validity(&self) -> String {
        self.document_type
            .map(|t| t.validity.to_string())
            .unwrap_or_default()
    }
}

/// The lines of a checklist on `as_of`.
pub(crate) fn lines(items: Vec<ItemRow>, as_of: Date) -> Vec<Line> {
    let types = document_types();
    items
        .into_iter()
        .map(|item| {
            let document_type = types.get(&item.type_key);
            let warn_days = document_type.map_or(0, |t| t.warn_days);
            let status = status_on(item.facts(), warn_days, as_of);
            Line {
                item,
                document_type,
                status,
            }
        })
        .collect()
}

/// How many lines still need the candidate (missing, expiring, expired).
pub(crate) fn open_count(lines: &[Line]) -> usize {
    lines.iter().filter(|l| l.status.needs_action()).count()
}
