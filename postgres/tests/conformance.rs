//! The core's store conformance suite, unchanged, against PostgreSQL: each check gets a store
//! in a new, empty schema.

mod common;

orderlink::store_conformance_tests!(|| std::sync::Arc::new(common::fresh()));
