//! NCP, the ARPANET's host-host protocol (1970-1983), and the Initial Connection Protocol
//! of RFC 165 that hosts ran on top of it.
//!
//! NCP connections are *simplex*: one sending socket (odd) joined to one receiving socket
//! (even), so every connection's two socket numbers add up to an odd number (RFC 129, RFC
//! 147, and RFC 165's "the sum of l and f must be odd"). NCPs talk about connections with
//! control commands on link 0, laid out in the 1972 host-host protocol document that RFC 6529
//! reproduces in its §3.
//!
//! Reading order:
//!
//! 1. [`command`] — the fourteen control commands, their byte layouts and the ranges a
//!    receiver checks (a link from 2 to 71, a byte size from 1 to 255); `Command` builds the
//!    ones the ICP sends.
//! 2. [`dissect`](mod@dissect) — any bytes on link 0 → a [`wire::Dissection`], with the
//!    parity rule, the ranges and illegal opcodes as problems.
//! 3. [`icp`] — RFC 165's ICP as the commands each host sends: contact on L, the number S,
//!    then S+1 → U+2 and U+3 → S.
//!
//! The byte layouts are the 1972 protocol's; the 1971 ICP documents predate some of its
//! details, so read the steps as a faithful model, not a capture.

pub mod command;
pub mod dissect;
pub mod icp;

pub use command::{Command, opcode};
pub use dissect::{PROTOCOL, dissect};
pub use icp::{Connection, Host, Message, Params, Step, steps};
