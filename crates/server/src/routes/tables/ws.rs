//! The WebSocket tables (RFC 6455, from the `websocket` crate): every close code with its
//! IANA name, meaning and whether it may travel in a Close frame (§7.4), the ranges
//! 3000-3999 and 4000-4999 as one entry each (§7.4.2); the sixteen opcodes (§5.2); the frame
//! header's bits and length forms (§5.2), which the frame workbench's encoder uses.

use serde::Serialize;
use websocket::close::{CLOSE_CODE_LEN, CloseCode, MAX_CLOSE_REASON_LEN};
use websocket::frame::{
    BASE_HEADER_LEN, FIN_BIT, MASK_BIT, MAX_CONTROL_PAYLOAD_LEN, MAX_HEADER_LEN, MAX_PAYLOAD_LEN_7,
    PAYLOAD_LEN_16, PAYLOAD_LEN_64, PAYLOAD_LEN_BITS, RSV1_BIT, RSV2_BIT, RSV3_BIT,
};
use websocket::mask::MASKING_KEY_LEN;
use websocket::opcode::{OPCODE_BITS, OPCODE_CONTROL_BIT, Opcode};

use crate::labs::ws::askable_close_code;

#[derive(Debug, Serialize)]
pub(super) struct WebSocketTables {
    pub(super) close_codes: Vec<CloseEntry>,
    pub(super) opcodes: Vec<OpcodeEntry>,
    pub(super) frame: WsFrame,
}

/// One close code, or one range of codes (`last` set) that share a name (RFC 6455 §7.4.2).
#[derive(Debug, Serialize)]
pub(super) struct CloseEntry {
    pub(super) code: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) last: Option<u16>,
    pub(super) name: &'static str,
    pub(super) meaning: &'static str,
    pub(super) sendable: bool,
    /// Whether the WebSocket lab's ask API sends it ([`askable_close_code`]).
    pub(super) askable: bool,
}

#[derive(Debug, Serialize)]
pub(super) struct OpcodeEntry {
    pub(super) value: u8,
    pub(super) name: &'static str,
    pub(super) meaning: &'static str,
    pub(super) control: bool,
    pub(super) reserved: bool,
}

/// RFC 6455 §5.2's header, by the crate's constants.
#[derive(Debug, Serialize)]
#[allow(non_snake_case)]
pub(super) struct WsFrame {
    pub(super) FIN_BIT: u8,
    pub(super) RSV1_BIT: u8,
    pub(super) RSV2_BIT: u8,
    pub(super) RSV3_BIT: u8,
    pub(super) OPCODE_BITS: u8,
    pub(super) OPCODE_CONTROL_BIT: u8,
    pub(super) MASK_BIT: u8,
    pub(super) PAYLOAD_LEN_BITS: u8,
    pub(super) MAX_PAYLOAD_LEN_7: u64,
    pub(super) PAYLOAD_LEN_16: u8,
    pub(super) PAYLOAD_LEN_64: u8,
    pub(super) MASKING_KEY_LEN: usize,
    pub(super) BASE_HEADER_LEN: usize,
    pub(super) MAX_HEADER_LEN: usize,
    pub(super) MAX_CONTROL_PAYLOAD_LEN: usize,
    pub(super) CLOSE_CODE_LEN: usize,
    pub(super) MAX_CLOSE_REASON_LEN: usize,
}

pub(super) fn websocket_tables() -> WebSocketTables {
    WebSocketTables {
        close_codes: close_codes(),
        opcodes: (0..=OPCODE_BITS)
            .map(Opcode::from_nibble)
            .map(|op| OpcodeEntry {
                value: op.as_u8(),
                name: op.name(),
                meaning: op.meaning(),
                control: op.is_control(),
                reserved: op.is_reserved(),
            })
            .collect(),
        frame: WsFrame {
            FIN_BIT,
            RSV1_BIT,
            RSV2_BIT,
            RSV3_BIT,
            OPCODE_BITS,
            OPCODE_CONTROL_BIT,
            MASK_BIT,
            PAYLOAD_LEN_BITS,
            MAX_PAYLOAD_LEN_7,
            PAYLOAD_LEN_16,
            PAYLOAD_LEN_64,
            MASKING_KEY_LEN,
            BASE_HEADER_LEN,
            MAX_HEADER_LEN,
            MAX_CONTROL_PAYLOAD_LEN,
            CLOSE_CODE_LEN,
            MAX_CLOSE_REASON_LEN,
        },
    }
}

/// Every code the crate names, in order; a run of codes the crate names alike (3000-3999
/// "Registered", 4000-4999 "Private Use") becomes one entry. Unassigned codes are left out.
fn close_codes() -> Vec<CloseEntry> {
    let mut out: Vec<CloseEntry> = Vec::new();
    for n in 0..=u16::MAX {
        let code = CloseCode::from(n);
        let ranged = match code {
            CloseCode::Unassigned(_) => continue,
            CloseCode::Registered(_) | CloseCode::Private(_) => true,
            _ => false,
        };
        if let Some(run) = out.last_mut().filter(|e| ranged && e.last.is_some()) {
            let prev = CloseCode::from(run.code);
            if std::mem::discriminant(&prev) == std::mem::discriminant(&code)
                && run.last == Some(n - 1)
            {
                run.last = Some(n);
                continue;
            }
        }
        out.push(CloseEntry {
            code: n,
            last: ranged.then_some(n),
            name: code.name(),
            meaning: code.meaning(),
            sendable: code.is_sendable(),
            askable: askable_close_code(n),
        });
    }
    out
}
