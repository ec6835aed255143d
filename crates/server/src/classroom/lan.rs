//! The address students type, and its QR code for the projector.
//!
//! Which of the machine's addresses is "the LAN address"? The routing table knows: connecting
//! a UDP socket sends nothing (UDP has no handshake, RFC 768) but makes the kernel pick the
//! source address it would use towards that destination. We ask for a route to a private
//! address (RFC 1918) and to a documentation one (RFC 5737), so no internet is needed and no
//! packet leaves; the first answer that is not loopback wins.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};

/// Destinations whose route names the LAN interface (no packet is sent to them).
const PROBES: [Ipv4Addr; 3] = [
    Ipv4Addr::new(10, 255, 255, 255),
    Ipv4Addr::new(192, 168, 255, 255),
    Ipv4Addr::new(192, 0, 2, 1),
];

/// The first non-loopback IPv4 address this machine would send from, if any.
pub fn lan_address() -> Option<Ipv4Addr> {
    PROBES.iter().find_map(|probe| {
        let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
        socket.connect((*probe, 9)).ok()?;
        match socket.local_addr().ok()?.ip() {
            IpAddr::V4(ip) if !ip.is_loopback() && !ip.is_unspecified() => Some(ip),
            _ => None,
        }
    })
}

/// The URL students open: the LAN address at the bound port when bound to every address,
/// else the bound address itself.
pub fn student_url(bound: SocketAddr) -> String {
    let host = match bound.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => lan_address().map_or(IpAddr::V4(ip), IpAddr::V4),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(host, bound.port()))
}

/// `text` as a QR code drawn with Unicode half blocks (two modules per character row), dark
/// modules as spaces on a light background so phone cameras read it on a dark terminal too.
pub fn qr(text: &str) -> Option<String> {
    use qrcode::render::unicode::Dense1x2;
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}

/// What `wiretrail classroom` prints under its first line: the students' URL, its QR code
/// and the teacher's link (the token is printed here and nowhere else).
pub fn announcement(bound: SocketAddr, token: &str) -> String {
    let url = student_url(bound);
    let mut text = format!("\nStudents: open {url}\n");
    if let Some(code) = qr(&url) {
        text.push_str(&code);
        text.push('\n');
    }
    if url.contains("0.0.0.0") {
        text.push_str("(no LAN address found: students need this machine's address)\n");
    }
    text.push_str(&format!(
        "Chat-room lab: {url}labs/room\nTeacher (keep this to yourself): http://127.0.0.1:{port}/teacher?token={token}\n\
         From another device: {url}teacher?token={token}\n",
        port = bound.port()
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_becomes_a_square_of_half_blocks() {
        let code = qr("http://192.168.1.20:8080/").unwrap();
        let lines: Vec<&str> = code.lines().collect();
        let width = lines[0].chars().count();
        // Version 2 (25 modules) plus a quiet zone of 4 on each side; two rows per line.
        assert!(width >= 25 && lines.iter().all(|l| l.chars().count() == width));
        assert!(lines.len() * 2 >= width);
    }

    #[test]
    fn a_specific_address_is_kept() {
        let bound: SocketAddr = "10.0.0.5:8080".parse().unwrap();
        assert_eq!(student_url(bound), "http://10.0.0.5:8080/");
        let text = announcement(bound, "t0k3n");
        assert!(text.contains("teacher?token=t0k3n"), "{text}");
    }
}
