//! Server-side verification of Podpis certificate-login tokens and CMS
//! signatures (in progress: signatures first, bodies follow).
