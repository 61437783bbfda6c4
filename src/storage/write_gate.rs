//! The turn of this process's writers at the database: one at a time, in the order they
//! came — but the sender's bookkeeping goes ahead of the commands still waiting.
//!
//! Waiting at an async gate instead of in SQLite's busy handler (which sleeps 1, 2, 5, 10… ms
//! between tries) wakes a writer as soon as the one before ends. In plain arrival order,
//! though, a burst of two hundred commands would keep the sender's short claim of their cards
//! waiting behind all of them: every reply first, every card at the end. A writer that
//! comes `ahead` waits for at most the writer at work and the one next in line.

use std::sync::Arc;

use tokio::sync::{Mutex, OwnedMutexGuard};

#[derive(Debug, Default)]
pub(super) struct WriteGate {
    /// Where writers in arrival order wait while another such writer is next in line.
    lobby: Mutex<()>,
    /// The turn itself: held from `BEGIN IMMEDIATE` to the end of the unit of work.
    turn: Arc<Mutex<()>>,
}

impl WriteGate {
    /// Waits for this writer's turn; it ends when the guard is dropped.
    pub(super) async fn enter(&self, ahead: bool) -> OwnedMutexGuard<()> {
        if ahead {
            return self.turn.clone().lock_owned().await;
        }
        // One writer in arrival order at a time queues for the turn (tokio's lock is
        // first come, first served), so one coming ahead finds at most that one before it.
        let _next_in_line = self.lobby.lock().await;
        self.turn.clone().lock_owned().await
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn a_writer_ahead_passes_the_queue_but_not_the_writer_at_work() {
        let gate = Arc::new(WriteGate::default());
        let order = Arc::new(std::sync::Mutex::new(Vec::new()));
        let at_work = gate.enter(false).await;
        let mut queued = Vec::new();
        for n in 0..5 {
            let (gate, order) = (gate.clone(), order.clone());
            queued.push(tokio::spawn(async move {
                let _turn = gate.enter(false).await;
                order.lock().unwrap().push(format!("command {n}"));
            }));
            // Each in the queue before the next comes.
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let ahead = {
            let (gate, order) = (gate.clone(), order.clone());
            tokio::spawn(async move {
                let _turn = gate.enter(true).await;
                order.lock().unwrap().push("sender".to_string());
            })
        };
        tokio::time::sleep(Duration::from_millis(5)).await;
        assert!(
            order.lock().unwrap().is_empty(),
            "the writer at work is not passed"
        );
        drop(at_work);
        ahead.await.unwrap();
        for task in queued {
            task.await.unwrap();
        }
        let order = order.lock().unwrap().clone();
        assert_eq!(
            order,
            [
                "command 0",
                "sender",
                "command 1",
                "command 2",
                "command 3",
                "command 4"
            ],
            "the sender waits only for the command next in line"
        );
    }
}
