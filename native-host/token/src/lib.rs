//! podpis-token (under construction by its owner).
