//! The handshake's sequence arithmetic and the chapter's explanations.

use crate::handshake;

#[test]
fn handshake_sequence_arithmetic() {
    let p = handshake::Params {
        request: b"GET / HTTP/1.1\r\nHost: a\r\n\r\n".to_vec(),
        response: b"HTTP/1.1 204 No Content\r\n\r\n".to_vec(),
        mss: Some(1460),
        // Near the top: the numbers wrap.
        client_isn: u32::MAX - 1,
        ..handshake::Params::default()
    };
    let steps = handshake::steps(&p);
    let table: Vec<String> = steps
        .iter()
        .map(|s| {
            format!(
                "{} {:6} {:8} seq {:10} ack {:10} len {:2} {} / {}",
                s.number,
                s.from.name(),
                s.label,
                s.sequence,
                s.acknowledgment,
                s.data_len,
                s.client_state,
                s.server_state
            )
        })
        .collect();
    insta::assert_snapshot!("handshake_with_data", table.join("\n"));
    for s in &steps {
        assert!(
            s.ip.is_ok() && s.tcp.is_ok(),
            "step {}: {:?}",
            s.number,
            s.tcp.problems
        );
    }
    assert!(steps.iter().any(|s| s.explanation.contains("wrapped")));
}

#[test]
fn handshake_chapter_explanations() {
    let steps = handshake::steps(&handshake::Params::default());
    assert_eq!(steps.len(), 7);
    let text: Vec<String> = steps
        .iter()
        .map(|s| {
            format!(
                "{} {} [{}]: {}\n  {}",
                s.number,
                s.from.name(),
                s.label,
                s.tcp.summary,
                s.explanation
            )
        })
        .collect();
    insta::assert_snapshot!("handshake_chapter", text.join("\n"));
}
