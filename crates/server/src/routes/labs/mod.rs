//! The two live labs' endpoints, side by side: [`ws`] (the WebSocket lab) and [`h2`] (the
//! HTTP/2 lab).

pub mod h2;
pub mod ws;
