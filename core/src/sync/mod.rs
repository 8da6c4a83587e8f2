//! Sync with the provincial server: the wire protocol, the replica rules
//! shared with the server, and (later) the client.

pub mod replica;
pub mod wire;
