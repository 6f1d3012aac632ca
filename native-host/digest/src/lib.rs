//! podpis-digest (under construction by its owner).
