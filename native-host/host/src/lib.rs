//! podpis-host (under construction by its owner).
