//! The chat-room lab's relay: every text message a member sends goes to every member of the
//! room, the sender included, in the order the server received it.
//!
//! ```text
//!   member A ──text──▶ Room::publish ──(lock: seq n, one encoded frame)──▶ queue of A
//!                                                                       ──▶ queue of B
//!                                                                       ──▶ queue of C …
//! ```
//!
//! Order is the room's lock: a message gets its sequence number and is put in every member's
//! queue under it, so every member's queue holds the room's messages in one order. A server's
//! frames are not masked (RFC 6455 §5.1: only a client masks), so one encoding of a frame is
//! the right bytes for every member; each queue holds a reference to it ([`Frame`]).
//!
//! Bounds: names and nicknames are short, a message is at most [`MAX_TEXT`] bytes, a room
//! keeps its last [`HISTORY`] messages (replayed to each joiner), holds at most
//! [`MAX_MEMBERS`] members, and each member's queue holds [`QUEUE`] frames. A member whose
//! queue is full has stopped reading: it is closed with 1013 (Try Again Later) and the room
//! goes on without waiting for it — one slow student never stalls the class.
//!
//! The envelope each member receives is a small JSON object: `{"type": "message", "seq",
//! "from", "member", "text"}`, `{"type": "join"|"leave", "seq", "from", "member", "members"}`,
//! and once, first, `{"type": "welcome", "member", "nick", "room", "members", "history"}`.
//! To the sender alone, after each of its messages: `{"type": "yours", "seq", "frames"}`,
//! the frame(s) exactly as the server read them, masked with the browser's own key, in hex
//! ([`WireCopy`]) — a page cannot see its own masking keys otherwise.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde::Serialize;
use tokio::sync::{mpsc, oneshot};
use websocket::close::CloseCode;
use websocket::frame::{FrameHeader, MAX_HEADER_LEN, encode_frame};
use websocket::opcode::Opcode;

/// One encoded server frame, shared by every queue it is in.
pub type Frame = Arc<[u8]>;

/// The largest message a member may send, in bytes (the codec closes with 1009 past it).
pub const MAX_TEXT: usize = 4096;
/// How many messages a room keeps for those who join later.
pub const HISTORY: usize = 32;
/// The most members in one room.
pub const MAX_MEMBERS: usize = 128;
/// The most rooms at once.
pub const MAX_ROOMS: usize = 256;
/// The most frames waiting in one member's queue; past it the member is closed with 1013.
///
/// A queue holds references to frames the room encoded once, so a slot costs 16 bytes, and
/// the frames in flight are bounded per room. 256 was too few: `bench-classroom` on a shared
/// 2-core machine saw a reader that was only descheduled for a moment, in a burst of 25
/// members sending at once (500 frames within a second), closed as slow.
pub const QUEUE: usize = 1024;
/// The longest room name and nickname, in characters.
pub const MAX_NAME: usize = 32;
/// How many envelopes of each room (messages, joins, leaves, questions) the teacher's view
/// can read back.
pub const TEACHER_LOG: usize = 64;

/// Why a member could not join.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JoinError {
    #[error("a room name is 1 to 32 letters, digits, '-' or '_'")]
    BadRoom,
    #[error("this room is full ({MAX_MEMBERS} members)")]
    Full,
    #[error("the server holds {MAX_ROOMS} rooms already")]
    TooManyRooms,
}

/// What ends a member's socket from outside: Close with this code and reason.
pub type Kick = (CloseCode, String);

/// What a member's socket is fed with.
#[derive(Debug)]
pub struct Outbox {
    /// The room's frames for this member, in the room's order.
    pub frames: mpsc::Receiver<Frame>,
    /// Close now, with this code.
    pub kick: oneshot::Receiver<Kick>,
}

/// A member as the teacher's view lists it.
#[derive(Debug, Clone, Serialize)]
pub struct MemberInfo {
    pub member: u64,
    pub nick: String,
    /// The computer and browser family (`192.168.1.20 · Firefox`).
    pub client: String,
    /// The browser's `wt_client` cookie (to find its lab sessions); never sent to a page.
    #[serde(skip)]
    pub owner: Option<String>,
    pub since_s: u64,
    pub sent: u64,
}

/// A room as the teacher's view lists it.
#[derive(Debug, Clone, Serialize)]
pub struct RoomInfo {
    pub room: String,
    pub members: Vec<MemberInfo>,
    pub messages: u64,
    pub slow_closed: u64,
}

/// One room's recent envelopes, for the teacher's view of its traffic.
#[derive(Debug, Clone, Serialize)]
pub struct RoomLog {
    pub room: String,
    pub envelopes: Vec<serde_json::Value>,
}

struct Member {
    nick: String,
    client: String,
    owner: Option<String>,
    since: Instant,
    sent: u64,
    queue: mpsc::Sender<Frame>,
    kick: Option<oneshot::Sender<Kick>>,
}

#[derive(Default)]
struct RoomState {
    members: BTreeMap<u64, Member>,
    history: VecDeque<serde_json::Value>,
    /// Every envelope, the last [`TEACHER_LOG`], for the teacher.
    log: VecDeque<serde_json::Value>,
    seq: u64,
    messages: u64,
    slow_closed: u64,
}

/// One room.
pub struct Room {
    name: String,
    state: Mutex<RoomState>,
}

impl std::fmt::Debug for Room {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Room").field("name", &self.name).finish()
    }
}

/// Every room, by name; a room exists while it has members.
#[derive(Debug, Clone, Default)]
pub struct Rooms {
    inner: Arc<Mutex<HashMap<String, Arc<Room>>>>,
    next_member: Arc<std::sync::atomic::AtomicU64>,
}

/// A member's place in a room; leaving is dropping it.
#[derive(Debug)]
pub struct Membership {
    rooms: Rooms,
    room: Arc<Room>,
    member: u64,
}

/// `text` as one unmasked, unfragmented text frame (RFC 6455 §5.6).
fn text_frame(text: &str) -> Frame {
    let mut out = Vec::with_capacity(text.len() + 4);
    encode_frame(true, Opcode::Text, None, text.as_bytes(), &mut out);
    out.into()
}

/// A room name as given, if it is one.
pub fn room_name(name: &str) -> Option<&str> {
    let ok = !name.is_empty()
        && name.len() <= MAX_NAME
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then_some(name)
}

/// A nickname as shown: control characters dropped, trimmed, at most [`MAX_NAME`]
/// characters; `fallback` when nothing is left.
pub fn nickname(given: &str, fallback: &str) -> String {
    let nick: String = given
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME)
        .collect();
    let nick = nick.trim();
    if nick.is_empty() {
        fallback.to_owned()
    } else {
        nick.to_owned()
    }
}

impl RoomState {
    /// Puts `frame` in every member's queue, closing (1013) those whose queue is full; the
    /// members so closed, by number and nickname.
    fn fan_out(&mut self, frame: &Frame) -> Vec<(u64, String)> {
        let mut slow = Vec::new();
        for (id, m) in &self.members {
            if let Err(mpsc::error::TrySendError::Full(_)) = m.queue.try_send(frame.clone()) {
                slow.push(*id);
            }
        }
        let mut closed = Vec::new();
        for id in slow {
            if let Some(mut m) = self.members.remove(&id) {
                self.slow_closed += 1;
                if let Some(kick) = m.kick.take() {
                    let _ = kick.send((
                        CloseCode::TryAgainLater,
                        format!("too slow: {QUEUE} messages unread"),
                    ));
                }
                closed.push((id, m.nick));
            }
        }
        closed
    }

    /// Tells the room that these members were closed as slow (their own `Drop` finds them
    /// gone and says nothing), each notice itself fanned out like any envelope.
    fn left_slow(&mut self, closed: Vec<(u64, String)>) {
        let mut pending: VecDeque<(u64, String)> = closed.into();
        while let Some((id, nick)) = pending.pop_front() {
            let count = self.members.len();
            let notice = serde_json::json!({
                "type": "leave", "from": nick, "member": id, "members": count,
                "reason": "closed with 1013: stopped reading",
            });
            pending.extend(self.send(notice, false));
        }
    }

    /// Numbers, logs and fans out one envelope; the members it closed as slow.
    fn send(&mut self, mut envelope: serde_json::Value, keep: bool) -> Vec<(u64, String)> {
        self.seq += 1;
        envelope["seq"] = self.seq.into();
        let frame = text_frame(&envelope.to_string());
        if self.log.len() >= TEACHER_LOG {
            self.log.pop_front();
        }
        self.log.push_back(envelope.clone());
        if keep {
            self.history.push_back(envelope);
            if self.history.len() > HISTORY {
                self.history.pop_front();
            }
        }
        self.fan_out(&frame)
    }

    /// Sends an envelope to everyone (and, for messages, keeps it in the history).
    fn relay(&mut self, envelope: serde_json::Value, keep: bool) {
        let closed = self.send(envelope, keep);
        self.left_slow(closed);
    }

    fn names(&self) -> Vec<serde_json::Value> {
        self.members
            .iter()
            .map(|(id, m)| serde_json::json!({"member": id, "nick": m.nick}))
            .collect()
    }
}

impl Rooms {
    /// Joins `name` as `nick` (for the teacher's list: `client`, the browser's description,
    /// and `owner`, its `wt_client` cookie when it has one).
    ///
    /// The rooms' map stays locked until the member is in the room: the last member leaving
    /// at the same moment removes an empty room from the map under that lock, so a joiner
    /// can never land in a room that was just forgotten (and miss everyone who joins after
    /// it). Locks are always taken map first, then room.
    pub fn join(
        &self,
        name: &str,
        nick: &str,
        client: &str,
        owner: Option<&str>,
    ) -> Result<(Membership, Outbox), JoinError> {
        let name = room_name(name).ok_or(JoinError::BadRoom)?;
        let mut rooms = self.inner.lock().map_err(|_| JoinError::TooManyRooms)?;
        if !rooms.contains_key(name) && rooms.len() >= MAX_ROOMS {
            return Err(JoinError::TooManyRooms);
        }
        let room = rooms
            .entry(name.to_owned())
            .or_insert_with(|| {
                Arc::new(Room {
                    name: name.to_owned(),
                    state: Mutex::new(RoomState::default()),
                })
            })
            .clone();
        let member = self
            .next_member
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        let nick = nickname(nick, &format!("student-{member}"));
        let (queue, frames) = mpsc::channel(QUEUE);
        let (kick_tx, kick) = oneshot::channel();
        {
            let mut st = room.state.lock().map_err(|_| JoinError::Full)?;
            if st.members.len() >= MAX_MEMBERS {
                return Err(JoinError::Full);
            }
            let welcome = serde_json::json!({
                "type": "welcome", "room": name, "member": member, "nick": nick,
                "members": st.names(), "history": st.history, "seq": st.seq,
            });
            // The queue is new and empty: the welcome always fits.
            let _ = queue.try_send(text_frame(&welcome.to_string()));
            st.members.insert(
                member,
                Member {
                    nick: nick.clone(),
                    client: nickname(client, "?"),
                    owner: owner.map(str::to_owned),
                    since: Instant::now(),
                    sent: 0,
                    queue,
                    kick: Some(kick_tx),
                },
            );
            let count = st.members.len();
            st.relay(
                serde_json::json!({"type": "join", "from": nick, "member": member, "members": count}),
                false,
            );
        }
        drop(rooms);
        Ok((
            Membership {
                rooms: self.clone(),
                room,
                member,
            },
            Outbox { frames, kick },
        ))
    }

    fn each_room(&self) -> Vec<Arc<Room>> {
        self.inner
            .lock()
            .map(|r| r.values().cloned().collect())
            .unwrap_or_default()
    }

    /// Every room and its members, for the teacher.
    pub fn list(&self) -> Vec<RoomInfo> {
        let mut list: Vec<RoomInfo> = self
            .each_room()
            .iter()
            .filter_map(|room| {
                let st = room.state.lock().ok()?;
                Some(RoomInfo {
                    room: room.name.clone(),
                    members: st
                        .members
                        .iter()
                        .map(|(id, m)| MemberInfo {
                            member: *id,
                            nick: m.nick.clone(),
                            client: m.client.clone(),
                            owner: m.owner.clone(),
                            since_s: m.since.elapsed().as_secs(),
                            sent: m.sent,
                        })
                        .collect(),
                    messages: st.messages,
                    slow_closed: st.slow_closed,
                })
            })
            .collect();
        list.sort_by(|a, b| a.room.cmp(&b.room));
        list
    }

    /// Every room's recent envelopes, for the teacher's view of the traffic.
    pub fn logs(&self) -> Vec<RoomLog> {
        let mut logs: Vec<RoomLog> = self
            .each_room()
            .iter()
            .filter_map(|room| {
                let st = room.state.lock().ok()?;
                Some(RoomLog {
                    room: room.name.clone(),
                    envelopes: st.log.iter().cloned().collect(),
                })
            })
            .collect();
        logs.sort_by(|a, b| a.room.cmp(&b.room));
        logs
    }

    /// An envelope from the server to every room, not kept in the history (a live
    /// question's state: a joiner asks for the current one instead).
    pub fn announce(&self, envelope: &serde_json::Value) -> usize {
        let mut reached = 0;
        for room in self.each_room() {
            if let Ok(mut st) = room.state.lock() {
                reached += st.members.len();
                st.relay(envelope.clone(), false);
            }
        }
        reached
    }

    /// A message from the teacher to every room (kept in each room's history).
    pub fn broadcast(&self, text: &str) -> usize {
        let mut reached = 0;
        for room in self.each_room() {
            if let Ok(mut st) = room.state.lock() {
                reached += st.members.len();
                st.messages += 1;
                st.relay(
                    serde_json::json!({"type": "message", "from": "teacher", "member": 0, "text": text}),
                    true,
                );
            }
        }
        reached
    }

    /// A Ping frame (RFC 6455 §5.5.2) to every member; each browser answers with a Pong.
    pub fn ping_all(&self, payload: &[u8]) -> usize {
        let payload = payload.get(..125).unwrap_or(payload);
        let mut out = Vec::new();
        encode_frame(true, Opcode::Ping, None, payload, &mut out);
        let frame: Frame = out.into();
        let mut reached = 0;
        for room in self.each_room() {
            if let Ok(mut st) = room.state.lock() {
                reached += st.members.len();
                let closed = st.fan_out(&frame);
                st.left_slow(closed);
            }
        }
        reached
    }

    /// Closes every member's socket with `code` and `reason`.
    pub fn close_all(&self, code: CloseCode, reason: &str) -> usize {
        let mut reached = 0;
        for room in self.each_room() {
            if let Ok(mut st) = room.state.lock() {
                for m in st.members.values_mut() {
                    if let Some(kick) = m.kick.take() {
                        reached += 1;
                        let _ = kick.send((code, reason.to_owned()));
                    }
                }
            }
        }
        reached
    }

    /// How many members all rooms hold.
    pub fn member_count(&self) -> usize {
        self.each_room()
            .iter()
            .filter_map(|r| r.state.lock().ok().map(|s| s.members.len()))
            .sum()
    }
}

impl Membership {
    /// Relays `text` from this member to the whole room, this member included; the
    /// message's sequence number.
    pub fn publish(&self, text: &str) -> Option<u64> {
        let mut st = self.room.state.lock().ok()?;
        // Closed as slow: its messages are no longer relayed.
        let m = st.members.get_mut(&self.member)?;
        m.sent += 1;
        let nick = m.nick.clone();
        st.messages += 1;
        st.relay(
            serde_json::json!({"type": "message", "from": nick, "member": self.member, "text": text}),
            true,
        );
        Some(st.seq)
    }

    /// An envelope for this member alone (not numbered, not kept); dropped if its queue is
    /// full (the room's own frames then close it soon enough).
    pub fn tell(&self, envelope: &serde_json::Value) {
        if let Ok(st) = self.room.state.lock()
            && let Some(m) = st.members.get(&self.member)
        {
            let _ = m.queue.try_send(text_frame(&envelope.to_string()));
        }
    }

    /// This member's number in the room's envelopes.
    pub fn member(&self) -> u64 {
        self.member
    }
}

impl Drop for Membership {
    fn drop(&mut self) {
        let empty = match self.room.state.lock() {
            Ok(mut st) => {
                if let Some(m) = st.members.remove(&self.member) {
                    let count = st.members.len();
                    st.relay(
                        serde_json::json!({"type": "leave", "from": m.nick, "member": self.member, "members": count}),
                        false,
                    );
                }
                st.members.is_empty()
            }
            Err(_) => false,
        };
        if empty && let Ok(mut rooms) = self.rooms.inner.lock() {
            // Only if nobody joined since: the room in the map is still this one and empty.
            let still_empty = rooms.get(&self.room.name).is_some_and(|r| {
                Arc::ptr_eq(r, &self.room) && r.state.lock().is_ok_and(|s| s.members.is_empty())
            });
            if still_empty {
                rooms.remove(&self.room.name);
            }
        }
    }
}

/// A copy of the data frames a member sent, exactly as read (still masked): the driver
/// unmasks in place, so the room keeps the bytes before it does. Sans-IO: fed with each
/// read, it cuts the bytes into frames with [`FrameHeader::parse`].
///
/// Bounded: a frame longer than a room message can be (the codec closes with 1009 anyway)
/// or a broken header stops the copying for good; at most [`WIRE_FRAMES`] frames wait.
#[derive(Debug, Default)]
pub struct WireCopy {
    buf: Vec<u8>,
    frames: VecDeque<(bool, Vec<u8>)>,
    stopped: bool,
}

/// The most copied frames kept waiting for their message.
pub const WIRE_FRAMES: usize = 16;

impl WireCopy {
    /// The bytes of one read from the member's socket.
    pub fn feed(&mut self, bytes: &[u8]) {
        if self.stopped {
            return;
        }
        self.buf.extend_from_slice(bytes);
        loop {
            let (header, used) = match FrameHeader::parse(&self.buf) {
                Ok(Some(parsed)) => parsed,
                Ok(None) => break,
                Err(_) => return self.stop(),
            };
            let total = used as u64 + header.payload_len;
            if total > (MAX_TEXT + MAX_HEADER_LEN) as u64 {
                return self.stop();
            }
            let Ok(total) = usize::try_from(total) else {
                return self.stop();
            };
            if self.buf.len() < total {
                if self.buf.len() > MAX_TEXT + MAX_HEADER_LEN {
                    return self.stop();
                }
                break;
            }
            let frame: Vec<u8> = self.buf.drain(..total).collect();
            let data = matches!(header.opcode, Opcode::Text | Opcode::Continuation);
            if data && self.frames.len() < WIRE_FRAMES {
                self.frames.push_back((header.fin, frame));
            }
        }
    }

    fn stop(&mut self) {
        self.stopped = true;
        self.buf = Vec::new();
        self.frames.clear();
    }

    /// The frames of the oldest whole message, in hex (up to and including its FIN frame).
    pub fn take_message(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        while let Some((fin, frame)) = self.frames.pop_front() {
            out.push(frame.iter().map(|b| format!("{b:02x}")).collect());
            if fin {
                break;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(frame: &Frame) -> serde_json::Value {
        // An unmasked text frame with a 7- or 16-bit length.
        let start = if frame[1] == 126 { 4 } else { 2 };
        serde_json::from_slice(&frame[start..]).unwrap()
    }

    #[test]
    fn the_sender_gets_its_own_message_in_the_rooms_order() {
        let rooms = Rooms::default();
        let (a, mut qa) = rooms.join("r1", "ada", "test", None).unwrap();
        let (b, mut qb) = rooms.join("r1", "bob", "test", None).unwrap();
        a.publish("one");
        b.publish("two");
        let seen = |q: &mut Outbox| {
            let mut v = Vec::new();
            while let Ok(f) = q.frames.try_recv() {
                v.push(text_of(&f));
            }
            v
        };
        let got_a = seen(&mut qa);
        let got_b = seen(&mut qb);
        let texts = |v: &[serde_json::Value]| {
            v.iter()
                .filter(|e| e["type"] == "message")
                .map(|e| format!("{}:{}", e["from"], e["text"]))
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(&got_a), ["\"ada\":\"one\"", "\"bob\":\"two\""]);
        assert_eq!(texts(&got_a), texts(&got_b));
        assert_eq!(got_b[0]["type"], "welcome");
        drop(b);
        assert_eq!(seen(&mut qa)[0]["type"], "leave");
        drop(a);
        assert!(rooms.list().is_empty(), "an empty room is forgotten");
    }

    #[test]
    fn a_full_queue_closes_its_member_with_1013() {
        let rooms = Rooms::default();
        let (a, mut qa) = rooms.join("r", "a", "", None).unwrap();
        let (_slow, mut q_slow) = rooms.join("r", "slow", "", None).unwrap();
        for i in 0..QUEUE + 10 {
            a.publish(&format!("m{i}"));
            while qa.frames.try_recv().is_ok() {}
        }
        assert_eq!(q_slow.kick.try_recv().unwrap().0, CloseCode::TryAgainLater);
        let log = &rooms.logs()[0].envelopes;
        assert!(
            log.iter()
                .any(|e| e["type"] == "leave" && e["from"] == "slow"),
            "the room is told the slow member left"
        );
        assert_eq!(rooms.list()[0].members.len(), 1);
        assert_eq!(rooms.list()[0].slow_closed, 1);
    }

    #[test]
    fn the_wire_copy_keeps_each_message_as_read() {
        // RFC 6455 §5.7: a masked "Hello", then a ping, then two fragments "Hel" "lo",
        // fed a byte at a time.
        let hello = [
            0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
        ];
        let ping = [0x89, 0x80, 1, 2, 3, 4];
        let frag1 = [0x01, 0x83, 0, 0, 0, 0, b'H', b'e', b'l'];
        let frag2 = [0x80, 0x82, 0, 0, 0, 0, b'l', b'o'];
        let mut copy = WireCopy::default();
        for b in hello.iter().chain(&ping).chain(&frag1).chain(&frag2) {
            copy.feed(&[*b]);
        }
        assert_eq!(copy.take_message(), ["818537fa213d7f9f4d5158"]);
        assert_eq!(
            copy.take_message(),
            ["01830000000048656c", "8082000000006c6f"]
        );
        assert!(copy.take_message().is_empty());
        copy.feed(&[0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        copy.feed(&hello);
        assert!(
            copy.take_message().is_empty(),
            "a broken header stops the copy"
        );
    }

    #[test]
    fn a_joiner_never_lands_in_a_room_the_last_leaver_just_forgot() {
        // Members join and leave one room from four threads at once; each, while a member,
        // must find itself in the room the map holds (before the fix, a joiner could be put
        // in a room the last leaver had just removed, alone and unseen).
        let rooms = Rooms::default();
        std::thread::scope(|scope| {
            for t in 0..4 {
                let rooms = rooms.clone();
                scope.spawn(move || {
                    for i in 0..300 {
                        let (m, mut q) =
                            rooms.join("race", &format!("t{t}-{i}"), "", None).unwrap();
                        let listed = rooms.list().iter().any(|r| {
                            r.room == "race" && r.members.iter().any(|x| x.member == m.member())
                        });
                        // A thread descheduled long enough for 256 others' notices is closed as
                        // slow, rightly; that member is gone from every room.
                        let slow = q.kick.try_recv().is_ok();
                        assert!(
                            listed || slow,
                            "member {} is in the room everyone sees",
                            m.member()
                        );
                    }
                });
            }
        });
        assert!(rooms.list().is_empty());
    }

    #[test]
    fn history_is_bounded_and_replayed() {
        let rooms = Rooms::default();
        let (a, _qa) = rooms.join("h", "a", "", None).unwrap();
        for i in 0..HISTORY + 5 {
            a.publish(&format!("m{i}"));
        }
        let (_b, mut qb) = rooms.join("h", "b", "", None).unwrap();
        let welcome = text_of(&qb.frames.try_recv().unwrap());
        let history = welcome["history"].as_array().unwrap();
        assert_eq!(history.len(), HISTORY);
        assert_eq!(history[0]["text"], "m5");
        assert!(rooms.join("bad name", "x", "", None).is_err());
        assert_eq!(nickname("  \u{7}Ada\n ", "x"), "Ada");
    }
}
