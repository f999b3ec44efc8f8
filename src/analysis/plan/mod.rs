//! The plan part of the analysis: the baseline and comparison periods ([`periods`]),
//! metrics by name with their filters ([`metrics`]), targets with tests and intervals
//! ([`improvement`], [`inference`]), the KPI review per period ([`kpi`]) and which
//! periods may show survey figures ([`disclosure`], the anonymity rule across time).

pub mod disclosure;
pub mod improvement;
pub mod inference;
pub mod kpi;
pub mod metrics;
pub mod periods;
