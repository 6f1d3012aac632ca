//! podpis-protocol (under construction by its owner).
