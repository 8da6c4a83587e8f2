//! Hybrid logical clock (Kulkarni et al., "Logical Physical Clocks", 2014).
//!
//! Every change-log operation carries an [`HlcStamp`]: the wall-clock
//! milliseconds of the latest event this device has seen (its own clock or a
//! received operation's), a counter that orders events within one
//! millisecond, and the device id as the final tie-break. Stamps order
//! operations for per-field last-writer-wins merges without trusting any
//! single device's wall clock: a device whose clock runs behind still stamps
//! after everything it has already seen.
//!
//! Written here rather than taken from a crate: the clock is the heart of the
//! sync this project exists for, its text encoding is part of the wire and
//! database format, and the algorithm is twenty lines.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A hybrid logical clock reading: milliseconds since the Unix epoch and a
/// logical counter.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct Hlc {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub wall_ms: u64,
    /// Orders events that share `wall_ms`.
    pub counter: u32,
}

/// A reading plus the device that made it: a total order over all
/// operations of all devices.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HlcStamp {
    /// The clock reading.
    pub hlc: Hlc,
    /// The device id, the final tie-break.
    pub device: String,
}

impl Ord for HlcStamp {
    fn cmp(&self, other: &Self) -> Ordering {
        self.hlc
            .cmp(&other.hlc)
            .then_with(|| self.device.cmp(&other.device))
    }
}

impl PartialOrd for HlcStamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for HlcStamp {
    /// `0001767225600000-00000-device`: fixed-width so that text order is
    /// stamp order.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:016}-{:05}-{}",
            self.hlc.wall_ms, self.hlc.counter, self.device
        )
    }
}

impl FromStr for HlcStamp {
    type Err = crate::FieldError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            crate::FieldError::new(
                "hlc.malformed",
                "hlc",
                format!("'{s}' is not a hybrid logical clock stamp (wall-counter-device)"),
            )
        };
        let mut parts = s.splitn(3, '-');
        let wall = parts.next().ok_or_else(bad)?;
        let counter = parts.next().ok_or_else(bad)?;
        let device = parts.next().ok_or_else(bad)?;
        if wall.len() != 16 || counter.len() != 5 || device.is_empty() {
            return Err(bad());
        }
        Ok(HlcStamp {
            hlc: Hlc {
                wall_ms: wall.parse().map_err(|_| bad())?,
                counter: counter.parse().map_err(|_| bad())?,
            },
            device: device.to_string(),
        })
    }
}

impl Serialize for HlcStamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for HlcStamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The clock state of one device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HybridClock {
    last: Hlc,
}

impl HybridClock {
    /// Resumes a clock from its last reading (persisted by the store).
    pub fn resume(last: Hlc) -> Self {
        HybridClock { last }
    }

    /// The last reading issued or observed.
    pub fn last(&self) -> Hlc {
        self.last
    }

    /// A reading for a local event, given the device's wall clock in ms.
    /// Always greater than every earlier reading, whatever the wall clock says.
    pub fn tick(&mut self, physical_ms: u64) -> Hlc {
        let next = if physical_ms > self.last.wall_ms {
            Hlc {
                wall_ms: physical_ms,
                counter: 0,
            }
        } else {
            self.bump(self.last.wall_ms, self.last.counter)
        };
        self.last = next;
        next
    }

    /// Merges a reading received from another device, so that later local
    /// readings order after it.
    pub fn observe(&mut self, remote: Hlc, physical_ms: u64) -> Hlc {
        let wall = physical_ms.max(self.last.wall_ms).max(remote.wall_ms);
        let next = if wall == physical_ms && wall > self.last.wall_ms && wall > remote.wall_ms {
            Hlc {
                wall_ms: wall,
                counter: 0,
            }
        } else {
            let counter = [self.last, remote]
                .iter()
                .filter(|h| h.wall_ms == wall)
                .map(|h| h.counter)
                .max()
                .unwrap_or(0);
            self.bump(wall, counter)
        };
        self.last = next;
        next
    }

    /// `counter + 1`, carrying into the millisecond when the counter is
    /// exhausted (only reachable with a frozen wall clock).
    fn bump(&self, wall_ms: u64, counter: u32) -> Hlc {
        match counter.checked_add(1) {
            Some(c) => Hlc {
                wall_ms,
                counter: c,
            },
            None => Hlc {
                wall_ms: wall_ms + 1,
                counter: 0,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tick_follows_wall_clock_and_never_goes_back() {
        let mut c = HybridClock::default();
        assert_eq!(
            c.tick(1000),
            Hlc {
                wall_ms: 1000,
                counter: 0
            }
        );
        assert_eq!(
            c.tick(1000),
            Hlc {
                wall_ms: 1000,
                counter: 1
            }
        );
        // Wall clock set back to 1970: still after the last reading.
        assert_eq!(
            c.tick(0),
            Hlc {
                wall_ms: 1000,
                counter: 2
            }
        );
        assert_eq!(
            c.tick(2000),
            Hlc {
                wall_ms: 2000,
                counter: 0
            }
        );
    }

    #[test]
    fn observe_moves_past_a_remote_clock_ahead_of_ours() {
        let mut c = HybridClock::resume(Hlc {
            wall_ms: 1000,
            counter: 3,
        });
        let r = c.observe(
            Hlc {
                wall_ms: 5000,
                counter: 7,
            },
            1200,
        );
        assert_eq!(
            r,
            Hlc {
                wall_ms: 5000,
                counter: 8
            }
        );
        assert!(c.tick(1300) > r);
        let mut d = HybridClock::resume(Hlc {
            wall_ms: 1000,
            counter: 3,
        });
        assert_eq!(
            d.observe(
                Hlc {
                    wall_ms: 900,
                    counter: 9
                },
                4000
            ),
            Hlc {
                wall_ms: 4000,
                counter: 0
            }
        );
        let mut e = HybridClock::resume(Hlc {
            wall_ms: 1000,
            counter: 3,
        });
        assert_eq!(
            e.observe(
                Hlc {
                    wall_ms: 1000,
                    counter: 9
                },
                10
            ),
            Hlc {
                wall_ms: 1000,
                counter: 10
            }
        );
    }

    #[test]
    fn stamp_text_round_trips_and_sorts_like_stamps() {
        let a = HlcStamp {
            hlc: Hlc {
                wall_ms: 1_767_225_600_000,
                counter: 2,
            },
            device: "phone-a".into(),
        };
        let b = HlcStamp {
            hlc: Hlc {
                wall_ms: 1_767_225_600_000,
                counter: 10,
            },
            device: "phone-a".into(),
        };
        assert_eq!(a.to_string(), "0001767225600000-00002-phone-a");
        assert_eq!(a.to_string().parse::<HlcStamp>().unwrap(), a);
        assert!(a < b && a.to_string() < b.to_string());
        assert_eq!(
            "12-3-x".parse::<HlcStamp>().unwrap_err().code,
            "hlc.malformed"
        );
    }

    proptest! {
        #[test]
        fn readings_strictly_increase(events in proptest::collection::vec((any::<bool>(), 0u64..10_000, 0u64..10_000, 0u32..5), 1..60)) {
            let mut c = HybridClock::default();
            let mut prev = c.last();
            for (remote, phys, rwall, rcount) in events {
                let next = if remote { c.observe(Hlc { wall_ms: rwall, counter: rcount }, phys) } else { c.tick(phys) };
                prop_assert!(next > prev);
                let remote_hlc = Hlc { wall_ms: rwall, counter: rcount };
                if remote { prop_assert!(next > remote_hlc); }
                prev = next;
            }
        }
    }
}
