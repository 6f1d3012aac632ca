//! podpis-validator (under construction by its owner).
