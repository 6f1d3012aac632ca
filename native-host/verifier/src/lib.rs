//! podpis-verifier (under construction by its owner).
