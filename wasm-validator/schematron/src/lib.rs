//! podpis-schematron (under construction by its owner).
