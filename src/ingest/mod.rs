//! Ingest: from files to the model. Reading bytes and sheets ([`read`]), recognising
//! columns ([`columns`]), parsing times ([`time`]) and building the task log
//! ([`tasklog`]). Every input row is either used or rejected with a reason.

pub mod cells;
pub mod columns;
pub mod profile;
pub mod read;
pub mod shapes;
pub mod survey;
pub mod tasklog;
pub mod time;
pub mod timecols;
mod typing;
mod assemble;
mod blocks;
mod dict;
