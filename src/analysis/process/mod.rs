//! The process part of the analysis: lead and touch times and the lead-time histogram
//! ([`cycle_time`]), stage statistics ([`stages`]), directly-follows edges, variants
//! and rework ([`flow`]), the bottleneck ranking ([`bottleneck`]), data-quality
//! findings ([`quality`]), the per-case and per-event vectors the plan works on
//! ([`observations`], with compact columns from `compact`), the department handoffs
//! derived from them ([`handoffs`]) and what the swimlane process map shows ([`map`]),
//! work in progress ([`wip`]) and the ranked problem list ([`problems`]), ownership and
//! workload ([`ownership`]), rankings by impact ([`rank`]) and rare stages ([`rare`]).

pub mod bottleneck;
mod compact;
pub mod cycle_time;
pub mod flow;
pub mod groups;
pub mod handoffs;
pub mod map;
pub mod observations;
pub mod ownership;
pub mod problems;
pub mod quality;
pub mod rank;
pub mod rare;
pub mod stages;
pub mod wip;
