//! The routes, one module per concern, each with its own `router()`; [`crate::app`] merges them.

pub mod book;
pub mod cells;
pub mod dissect;
pub mod echo;
pub mod exercises;
pub mod guard;
pub mod labs;
pub mod lang;
pub mod pages;
pub mod room;
pub mod tables;
pub mod teacher;
