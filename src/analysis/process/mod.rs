//! The process part of the analysis: lead and touch times, stage statistics and the
//! lead-time histogram ([`cycle_time`]), directly-follows edges, variants and rework
//! ([`flow`]), the bottleneck ranking ([`bottleneck`]), data-quality findings
//! ([`quality`]), the per-case and per-event vectors the plan works on
//! ([`observations`]) and the department handoffs derived from them ([`handoffs`]).

pub mod bottleneck;
pub mod cycle_time;
pub mod flow;
pub mod handoffs;
pub mod observations;
pub mod quality;
