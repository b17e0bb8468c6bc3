//! The one way argon2 runs: a bounded pool shared by every password check and every new hash
//! (the login form, the recruiter commands, and later steps such as a second factor). At most
//! one computation per core runs at once, each in a 19 MiB memory buffer the pool keeps and
//! reuses, so the process's memory stays flat whatever arrives; a short queue waits for a turn,
//! and beyond it a request is told the server is busy (503) at once instead of piling up.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use argon2::Block;
use tokio::sync::Semaphore;

/// Requests that may wait for each running computation before new ones are refused as busy.
const QUEUE_PER_SLOT: usize = 4;

/// The pool was full: too many password checks at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many password checks at once")]
pub(crate) struct Busy;

pub(crate) struct HashingPool {
    slots: Semaphore,
    /// Inside `run`: running or waiting for a slot.
    admitted: AtomicUsize,
    max_admitted: usize,
    /// argon2's working memory, one buffer per slot, reused from one computation to the next.
    buffers: Mutex<Vec<Vec<Block>>>,
}

impl HashingPool {
    fn new(slots: usize) -> Self {
        HashingPool {
            slots: Semaphore::new(slots),
            admitted: AtomicUsize::new(0),
            max_admitted: slots * (1 + QUEUE_PER_SLOT),
            buffers: Mutex::new(Vec::new()),
        }
    }

    /// The process's pool: one slot per core.
    pub(crate) fn global() -> &'static HashingPool {
        static POOL: OnceLock<HashingPool> = OnceLock::new();
        POOL.get_or_init(|| {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            HashingPool::new(cores)
        })
    }

    /// Runs `work` on a blocking thread with a memory buffer, when a slot is free; `Busy` at once
    /// when the queue is full.
    pub(crate) async fn run<T, F>(&self, work: F) -> Result<T, Busy>
    where
        T: Send + 'static,
        F: FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    {
        let _admission = Admission::enter(self)?;
        let _slot = self.slots.acquire().await.map_err(|_| Busy)?;
        let mut buffer = self.take_buffer();
        let outcome = tokio::task::spawn_blocking(move || {
            let value = work(&mut buffer);
            (value, buffer)
        })
        .await;
        match outcome {
            Ok((value, buffer)) => {
                self.return_buffer(buffer);
                Ok(value)
            }
            // The work panicked (it never should); its buffer is gone, a new one is made.
            Err(_) => Err(Busy),
        }
    }

    fn take_buffer(&self) -> Vec<Block> {
        self.buffers
            .lock()
            .map(|mut buffers| buffers.pop())
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    fn return_buffer(&self, buffer: Vec<Block>) {
        if let Ok(mut buffers) = self.buffers.lock() {
            buffers.push(buffer);
        }
    }
}

/// Counts a request inside the pool for as long as it lives.
struct Admission<'a>(&'a HashingPool);

impl<'a> Admission<'a> {
    fn enter(pool: &'a HashingPool) -> Result<Self, Busy> {
        let before = pool.admitted.fetch_add(1, Ordering::SeqCst);
        let admission = Admission(pool);
        if before >= pool.max_admitted {
            return Err(Busy);
        }
        Ok(admission)
    }
}

impl Drop for Admission<'_> {
    fn drop(&mut self) {
        self.0.admitted.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::Duration;

    #[tokio::test]
    async fn beyond_the_slots_and_the_queue_requests_are_refused_at_once() {
        let pool = Arc::new(HashingPool::new(1));
        // One runs, four wait: the pool is full.
        let running: Vec<_> = (0..(1 + QUEUE_PER_SLOT))
            .map(|_| {
                let pool = pool.clone();
                tokio::spawn(async move {
                    pool.run(|_| std::thread::sleep(Duration::from_millis(100)))
                        .await
                })
            })
            .collect();
        while pool.admitted.load(Ordering::SeqCst) < 1 + QUEUE_PER_SLOT {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert_eq!(pool.run(|_| ()).await, Err(Busy));
        for task in running {
            assert_eq!(task.await.unwrap(), Ok(()));
        }
        // The buffer is kept for the next computation.
        assert_eq!(pool.buffers.lock().unwrap().len(), 1);
        assert_eq!(pool.run(|buffer| buffer.len()).await, Ok(0));
    }
}
