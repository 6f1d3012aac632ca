//! podpis-wasm (under construction by its owner).
