//! NCP: RFC 165's ICP step by step, the control commands bit by bit, every opcode, the ranges and the parity rule.

use super::*;

/// The steps as the chapter's table prints them.
fn icp_table(steps: &[ncp::Step]) -> String {
    let table: Vec<String> = steps
        .iter()
        .map(|s| {
            let msgs: Vec<String> = s
                .messages
                .iter()
                .map(|m| format!("{} {}", m.from.name(), m.text))
                .collect();
            format!("{:2} {:6} {}", s.number, s.from, msgs.join(" | "))
        })
        .collect();
    table.join("\n")
}

#[test]
fn ncp_icp_follows_rfc_165() {
    // RFC 165 (after RFC 161): contact U <- L, the number S, then S+1 -> U+2 and U+3 -> S.
    let p = ncp::Params::default();
    assert!(p.problems().is_empty());
    let steps = ncp::steps(&p).unwrap();
    insta::assert_snapshot!(icp_table(&steps), @r"
     1 user   user RTS 100, 1, link 5
     2 server server STR 1, 100, size 32
     3 user   user ALL link 5, 1 msg, 32 bits
     4 server server data on link 5: 200
     5 both   server CLS 1, 100 | user CLS 100, 1
     6 server server STR 201, 102, size 8
     7 user   user RTS 102, 201, link 7
     8 server server RTS 200, 103, link 9
     9 user   user STR 103, 200, size 8
    10 both   user ALL link 7, 8 msgs, 1024 bits | server ALL link 9, 8 msgs, 1024 bits
    ");
    for s in &steps {
        for m in &s.messages {
            assert!(
                m.dissection.is_ok(),
                "step {}: {:?}",
                s.number,
                m.dissection.problems
            );
        }
    }
    let last: Vec<(&str, &str, &str, bool)> = steps[9]
        .connections
        .iter()
        .map(|c| {
            (
                c.sender.as_str(),
                c.receiver.as_str(),
                c.sum.as_str(),
                c.sum_odd,
            )
        })
        .collect();
    assert_eq!(
        last,
        [
            ("server 1", "user 100", "1 + 100 = 101, odd", true),
            ("server 201", "user 102", "201 + 102 = 303, odd", true),
            ("user 103", "server 200", "103 + 200 = 303, odd", true),
        ]
    );
}

#[test]
fn ncp_commands_dissect_bit_by_bit() {
    let rts = ncp::Command::Rts {
        receive: 100,
        send: 1,
        link: 5,
    };
    assert_eq!(to_hex(&rts.encode()), "01000000640000000105");
    insta::assert_snapshot!("ncp_rts", check(&ncp::dissect(&rts.encode())));
    let all = ncp::Command::All {
        link: 5,
        messages: 1,
        bits: 32,
    };
    assert_eq!(to_hex(&all.encode()), "0405000100000020");
}

#[test]
fn ncp_every_opcode_of_the_table_is_legal() {
    // NOP, GVB link 7 fm 1 fb 2, RET, INR, INS, ECO, ERP, ERR, RST, RRP back to back.
    let b = parse_hex(
        "00 05070102 0607000100000020 0707 0807 0941 0a41 \
         0b03 01000000650000000105 0c 0d",
    )
    .unwrap();
    let d = ncp::dissect(&b);
    assert!(d.is_ok(), "{:?}", d.problems);
    assert_eq!(
        d.summary,
        "NOP; GVB link 7, fm 1, fb 2; RET link 7, 1 msg, 32 bits; INR link 7; INS link 7; \
         ECO 0x41; ERP 0x41; ERR 3 (bad parameters); RST; RRP"
    );
    insta::assert_snapshot!("ncp_all_opcodes", check(&d));
    // Only codes past the table are illegal, and the rest of the message is not read.
    let d = ncp::dissect(&[0x0d, 0x0e, 0x00]);
    assert_eq!(rules(&d), ["RFC 6529 §3"]);
    assert_eq!(
        d.problems[0].answer.as_deref(),
        Some("ERR 1 (illegal opcode)")
    );
}

#[test]
fn ncp_ranges_are_checked() {
    // An RTS link is 2-71; an STR byte size is 1-255.
    for (link, ok) in [
        (0, false),
        (1, false),
        (2, true),
        (71, true),
        (72, false),
        (255, false),
    ] {
        let d = ncp::dissect(
            &ncp::Command::Rts {
                receive: 100,
                send: 1,
                link,
            }
            .encode(),
        );
        assert_eq!(d.is_ok(), ok, "link {link}: {:?}", d.problems);
    }
    for (size, ok) in [(0, false), (1, true), (255, true)] {
        let d = ncp::dissect(
            &ncp::Command::Str {
                send: 1,
                receive: 100,
                size,
            }
            .encode(),
        );
        assert_eq!(d.is_ok(), ok, "size {size}: {:?}", d.problems);
    }
    let d = ncp::dissect(&parse_hex("01 00000064 00000001 48").unwrap());
    assert_eq!(
        d.problems[0].answer.as_deref(),
        Some("ERR 3 (bad parameters)")
    );
}

#[test]
fn ncp_parity_is_checked_and_a_broken_icp_is_refused() {
    // An odd user socket: the user's RTS asks with a send socket, and the sum goes even.
    let p = ncp::Params {
        user_socket: 101,
        ..ncp::Params::default()
    };
    assert_eq!(p.problems().len(), 1, "{:?}", p.problems());
    assert!(p.problems()[0].starts_with("U = 101 is odd"));
    let steps = ncp::steps(&p).unwrap();
    let d = &steps[0].messages[0].dissection;
    assert_eq!(
        rules(d),
        ["RFC 165 (socket parity)", "RFC 165 (socket parity)"]
    );
    // The server refuses with CLS, and nothing else happens.
    insta::assert_snapshot!(icp_table(&steps), @r"
    1 user   user RTS 101, 1, link 5
    2 server server CLS 1, 101
    ");
    insta::assert_snapshot!(steps[1].explanation, @"The server NCP finds that socket 101 is odd, but here it must be a receive socket (even), which breaks RFC 165 (socket parity), so it answers as a conforming NCP does (refuse the connection with CLS); the ICP stops here: no session.");
    assert_eq!(steps[1].connections[0].state, "refused");
    assert!(!steps[1].connections[0].sum_odd);

    // An odd S: the user sees it in the data and gives up.
    let steps = ncp::steps(&ncp::Params {
        server_socket: 201,
        ..ncp::Params::default()
    })
    .unwrap();
    assert_eq!(steps.len(), 5);
    assert_eq!(steps[4].messages[0].text, "CLS 100, 1");
    // A link out of range: ERR 3 quoting the command.
    let steps = ncp::steps(&ncp::Params {
        user_link: 80,
        ..ncp::Params::default()
    })
    .unwrap();
    assert_eq!(steps.len(), 8);
    assert_eq!(steps[7].messages[0].text, "ERR 3 (bad parameters)");
    assert!(to_hex(&steps[7].messages[0].dissection.bytes).starts_with("0b030100000066000000c950"));
    // U + 3 must fit in 32 bits.
    assert!(
        ncp::steps(&ncp::Params {
            user_socket: u32::MAX - 1,
            ..ncp::Params::default()
        })
        .is_err()
    );

    // Several commands in one message, and a truncated one.
    let mut b = ncp::Command::Cls {
        mine: 1,
        yours: 100,
    }
    .encode();
    b.extend(
        ncp::Command::Str {
            send: 201,
            receive: 102,
            size: 8,
        }
        .encode(),
    );
    b.extend([ncp::opcode::ALL, 7]);
    insta::assert_snapshot!("ncp_several_and_truncated", check(&ncp::dissect(&b)));
}
