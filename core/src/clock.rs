//! Where the store reads the time. Tests and the demo use a fixed clock.

use crate::model::{vietnam_offset, Instant};
use chrono::{Duration, Utc};
use std::sync::Mutex;

/// A source of the current instant. Never used to order or merge records
/// (the hybrid logical clock does that); only to stamp what happened when.
pub trait Clock: Send + Sync {
    /// The current instant, with the Vietnam offset.
    fn now(&self) -> Instant;
}

/// The device's own clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Utc::now().with_timezone(&vietnam_offset())
    }
}

/// A clock that reads a set instant and moves only when told, for tests and
/// the demo.
#[derive(Debug)]
pub struct FixedClock {
    now: Mutex<Instant>,
}

impl FixedClock {
    /// A clock stopped at `at`.
    pub fn new(at: Instant) -> Self {
        FixedClock {
            now: Mutex::new(at),
        }
    }

    /// Sets the instant.
    pub fn set(&self, at: Instant) {
        *self.now.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Instant {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl<C: Clock + ?Sized> Clock for std::sync::Arc<C> {
    fn now(&self) -> Instant {
        (**self).now()
    }
}
