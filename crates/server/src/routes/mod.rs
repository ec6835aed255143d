//! The routes, one module per concern, each with its own `router()`; [`crate::app`] merges them.

pub mod api;
pub mod book;
pub mod cells;
pub mod exercises;
pub mod lab;
pub mod lab_h2;
pub mod pages;
pub mod tables;
pub mod ws;
