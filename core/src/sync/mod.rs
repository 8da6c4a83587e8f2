//! Sync with the provincial server: the wire protocol, the replica rules
//! shared with the server, and the phone's client.

pub mod client;
pub mod merge;
pub mod replica;
pub mod restore;
pub mod wire;
