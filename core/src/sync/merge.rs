//! The merge rule for one member field, as a pure function: the changes
//! every replica has seen of that field in, the value that stands and the
//! values to show as conflicts out. No IO; `replica` feeds it from the
//! `field_history` table.
//!
//! - The change with the highest hybrid-logical-clock stamp wins (the device
//!   id breaks ties): last writer wins, never by a device's wall clock alone.
//! - Two changes are *concurrent* when they come from different devices and
//!   neither device had pulled the other's change (by server sequence
//!   number) before making its own. A change that differs from the winner
//!   and is concurrent with it is a conflict, kept for a person to restore.
//! - A change this phone has not yet sent (no sequence number) stands until
//!   it is sent, so a pull never overwrites it; conflicts are judged after.
//!
//! The outcome depends only on the set of changes, not on their order.

use crate::hlc::HlcStamp;

/// One change of a field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// The operation that made it.
    pub op_id: String,
    /// Its clock stamp.
    pub stamp: HlcStamp,
    /// The highest server sequence number its device had pulled when it made it.
    pub base_seq: i64,
    /// Its own server sequence number, once the server has it.
    pub server_seq: Option<i64>,
    /// The value it set (JSON; `null` for a cleared field).
    pub value: serde_json::Value,
}

/// What stands for a field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldOutcome<'a> {
    /// The change whose value the field shows.
    pub current: &'a FieldChange,
    /// Changes that lost a concurrent edit with a different value.
    pub conflicts: Vec<&'a FieldChange>,
    /// Whether `current` is this phone's unsent change (conflicts wait).
    pub pending: bool,
}

/// Whether two changes are concurrent (see the module docs).
pub fn concurrent(a: &FieldChange, b: &FieldChange) -> bool {
    let a_saw_b = b.server_seq.is_some_and(|s| a.base_seq >= s);
    let b_saw_a = a.server_seq.is_some_and(|s| b.base_seq >= s);
    a.stamp.device != b.stamp.device && !a_saw_b && !b_saw_a
}

/// Resolves a field from all its changes; `None` when there are none.
pub fn resolve_field(changes: &[FieldChange]) -> Option<FieldOutcome<'_>> {
    // Equal stamps cannot come from a working clock; the op id makes even
    // them deterministic.
    let newest = |a: &&FieldChange, b: &&FieldChange| {
        a.stamp.cmp(&b.stamp).then_with(|| a.op_id.cmp(&b.op_id))
    };
    let winner = changes.iter().max_by(newest)?;
    let pending = changes
        .iter()
        .filter(|c| c.server_seq.is_none())
        .max_by(newest);
    if let Some(p) = pending {
        return Some(FieldOutcome {
            current: p,
            conflicts: vec![],
            pending: true,
        });
    }
    let mut conflicts: Vec<&FieldChange> = changes
        .iter()
        .filter(|c| c.op_id != winner.op_id && c.value != winner.value && concurrent(c, winner))
        .collect();
    conflicts.sort_by(|a, b| a.op_id.cmp(&b.op_id));
    Some(FieldOutcome {
        current: winner,
        conflicts,
        pending: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hlc::Hlc;
    use proptest::prelude::*;
    use serde_json::json;

    fn change(
        op: &str,
        wall: u64,
        device: &str,
        base: i64,
        seq: Option<i64>,
        v: &str,
    ) -> FieldChange {
        FieldChange {
            op_id: op.into(),
            stamp: HlcStamp {
                hlc: Hlc {
                    wall_ms: wall,
                    counter: 0,
                },
                device: device.into(),
            },
            base_seq: base,
            server_seq: seq,
            value: json!(v),
        }
    }

    #[test]
    fn the_newest_stamp_wins_and_a_concurrent_loser_is_a_conflict() {
        // A at 10:00 and B at 08:00 (its clock two hours behind), neither seeing the other.
        let a = change("a", 10, "A", 1, Some(2), "+84903123456");
        let b = change("b", 8, "B", 1, Some(3), "+84912345678");
        let cs = [a.clone(), b.clone()];
        let out = resolve_field(&cs).unwrap();
        assert_eq!(out.current.op_id, "a");
        assert_eq!(
            out.conflicts
                .iter()
                .map(|c| c.op_id.as_str())
                .collect::<Vec<_>>(),
            ["b"]
        );
        assert!(!out.pending);
    }

    #[test]
    fn a_change_made_after_seeing_the_other_is_no_conflict_whatever_the_clocks() {
        // B pulled A's change (seq 2) before making its own: B's stamp is later
        // because its clock observed A's, so B wins and nothing conflicts.
        let a = change("a", 10, "A", 1, Some(2), "Ấp 5");
        let b = change("b", 11, "B", 2, Some(3), "Ấp 6");
        let cs = [a, b];
        let out = resolve_field(&cs).unwrap();
        assert_eq!((out.current.op_id.as_str(), out.conflicts.len()), ("b", 0));
    }

    #[test]
    fn equal_values_and_same_device_changes_never_conflict() {
        let same_value = [
            change("a", 10, "A", 1, Some(2), "x"),
            change("b", 8, "B", 1, Some(3), "x"),
        ];
        assert!(resolve_field(&same_value).unwrap().conflicts.is_empty());
        let same_device = [
            change("a", 10, "A", 1, Some(2), "x"),
            change("b", 12, "A", 1, Some(3), "y"),
        ];
        let out = resolve_field(&same_device).unwrap();
        assert_eq!((out.current.op_id.as_str(), out.conflicts.len()), ("b", 0));
    }

    #[test]
    fn ties_on_the_clock_go_to_the_greater_device_id() {
        let cs = [
            change("a", 10, "A", 1, Some(2), "x"),
            change("b", 10, "B", 1, Some(3), "y"),
        ];
        let out = resolve_field(&cs).unwrap();
        assert_eq!(out.current.op_id, "b");
    }

    #[test]
    fn an_unsent_local_change_stands_and_conflicts_wait() {
        let remote = change("r", 20, "R", 1, Some(5), "remote");
        let local = change("l", 10, "L", 1, None, "local");
        let cs = [remote, local];
        let out = resolve_field(&cs).unwrap();
        assert_eq!(
            (out.current.op_id.as_str(), out.pending, out.conflicts.len()),
            ("l", true, 0)
        );
    }

    #[test]
    fn no_changes_no_outcome() {
        assert!(resolve_field(&[]).is_none());
    }

    proptest! {
        #[test]
        fn the_outcome_does_not_depend_on_order(
            raw in proptest::collection::vec((0u64..6, 0usize..3, 0i64..6, proptest::option::of(1i64..8), 0u8..3), 1..7),
            seed in any::<u64>(),
        ) {
            let changes: Vec<FieldChange> = raw
                .iter()
                .enumerate()
                .map(|(i, (w, d, b, s, v))| change(&format!("op{i}"), *w, ["A", "B", "C"][*d], *b, *s, &v.to_string()))
                .collect();
            let mut shuffled = changes.clone();
            let n = shuffled.len();
            for i in 0..n {
                let j = ((seed >> (i % 32)) as usize + i * 7) % n;
                shuffled.swap(i, j);
            }
            let a = resolve_field(&changes).unwrap();
            let b = resolve_field(&shuffled).unwrap();
            prop_assert_eq!(&a.current.op_id, &b.current.op_id);
            let ids = |o: &FieldOutcome| o.conflicts.iter().map(|c| c.op_id.clone()).collect::<Vec<_>>();
            prop_assert_eq!(ids(&a), ids(&b));
        }
    }
}
