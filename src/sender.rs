//! The sender: delivers what the outbox holds through a transport (Discord, or the console),
//! and records what became of each message.
//!
//! It claims pending messages (see `core::outbox` for the order and the merging of bursts),
//! hands each send to the transport, and records the outcome in its own transaction:
//! delivered, to be tried again after a pause, or refused for good. A crash between the
//! delivery and the record sends the message again after restart; Discord's nonce makes a
//! re-sent post show once.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use crate::core::outbox::Transport;
use crate::core::service::Service;
use crate::core::time::Clock;

/// Upper bound on one sleep, so that a moved clock or a missed wake-up costs at most this.
const MAX_SLEEP: Duration = Duration::from_secs(30);
/// Pause after the store itself failed, before looking again.
const STORE_PAUSE: Duration = Duration::from_secs(1);

/// Sends everything due now; returns how many sends were attempted. An error means the
/// store failed; what was not recorded stays claimed until its lease ends.
pub async fn deliver_due(
    service: &Service,
    transport: &dyn Transport,
    clock: &dyn Clock,
) -> anyhow::Result<usize> {
    let mut attempted = 0;
    loop {
        let sends = service.claim_outbox(clock.now()).await?;
        if sends.is_empty() {
            return Ok(attempted);
        }
        for send in &sends {
            let delivery = transport.deliver(send).await;
            service
                .record_delivery(send, &delivery, clock.now())
                .await?;
            attempted += 1;
        }
    }
}

/// Delivers the outbox as messages fall due until `shutdown` completes; `wake` is notified
/// whenever something may have been written to it.
pub async fn run(
    service: Arc<Service>,
    transport: Arc<dyn Transport>,
    clock: Arc<dyn Clock>,
    wake: Arc<Notify>,
    shutdown: impl Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        let wait = match deliver_due(&service, transport.as_ref(), clock.as_ref()).await {
            Ok(_) => match service.next_delivery_time().await {
                Ok(Some(at)) => (at - clock.now())
                    .to_std()
                    .unwrap_or(Duration::ZERO)
                    .min(MAX_SLEEP),
                Ok(None) => MAX_SLEEP,
                Err(e) => {
                    tracing::error!(error = ?e, "could not read the outbox");
                    STORE_PAUSE
                }
            },
            Err(e) => {
                tracing::error!(error = ?e, "could not deliver the outbox");
                STORE_PAUSE
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = wake.notified() => {}
            _ = &mut shutdown => return,
        }
    }
}
