//! Ingest: from files to the model. Reading bytes and sheets ([`read`]), recognising
//! columns ([`columns`]), parsing times ([`time`]) and building the task log
//! ([`tasklog`]). Every input row is either used or rejected with a reason.

mod assemble;
mod blocks;
pub mod cells;
pub mod columns;
mod dict;
pub mod profile;
pub mod read;
pub mod shapes;
pub mod survey;
pub mod tasklog;
pub mod time;
pub mod timecols;
mod typing;
