//! podpis-gost-token: a TEST DOUBLE PKCS#11 module (under construction).
