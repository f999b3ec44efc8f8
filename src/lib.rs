//! procdiag: process diagnosis from task logs and questionnaires.
//!
//! Pipeline (DESIGN.md): [`ingest`] reads files into the [`model`]; [`analysis`] turns
//! the model into one serializable [`analysis::Analysis`]; [`report`] and [`export`]
//! render it, and [`words`] says every fact in English or Chinese. polars is used only in the first three. [`sample`] generates realistic
//! logs for the sample data, tests and benchmarks.

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod export;
pub mod fast_hash;
pub mod ingest;
pub mod model;
pub mod progress;
pub mod report;
pub mod sample;
pub mod timing;
pub mod words;
