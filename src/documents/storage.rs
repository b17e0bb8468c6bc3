//! Where the bytes of uploaded documents live, behind a small interface so an object store can
//! replace PostgreSQL later without touching the use cases. The metadata always stays in
//! PostgreSQL (`db::documents`); `put` runs inside the upload's transaction so a failed upload
//! leaves nothing behind. Erasure and the retention purge remove the bytes with the candidate: in
//! PostgreSQL the foreign keys cascade; an object store would delete by the ids the purge lists.

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::db::documents;

pub(crate) trait DocumentStore {
    /// Stores the bytes of a new document, in the caller's transaction.
    async fn put(
        &self,
        conn: &mut PgConnection,
        document_id: Uuid,
        bytes: &[u8],
    ) -> Result<(), sqlx::Error>;

    /// The bytes of a document; `None` when they are gone (erased meanwhile).
    async fn get(&self, pool: &PgPool, document_id: Uuid) -> Result<Option<Vec<u8>>, sqlx::Error>;
}

/// The bytes in `document_contents`, beside the metadata: one backup holds everything, and
/// every instance serves every file (as the CVs are stored).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PostgresStore;

impl DocumentStore for PostgresStore {
    async fn put(
        &self,
        conn: &mut PgConnection,
        document_id: Uuid,
        bytes: &[u8],
    ) -> Result<(), sqlx::Error> {
        documents::put_content(conn, document_id, bytes).await
    }

    async fn get(&self, pool: &PgPool, document_id: Uuid) -> Result<Option<Vec<u8>>, sqlx::Error> {
        documents::content(pool, document_id).await
    }
}
