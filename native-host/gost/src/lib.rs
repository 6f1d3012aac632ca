//! podpis-gost (under construction by its owner).
