//! The store conformance suite against the embedded in-memory store.
orderlink::store_conformance_tests!(|| std::sync::Arc::new(orderlink::MemoryStore::new()));
