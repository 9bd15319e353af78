//! The store's JSON files: a pending order's `order.json`, and an installed version's
//! `meta.json` (parsed, written back, parsed again to the same value).
#![no_main]
use agent::pending::PendingOrder;
use agent::store::VersionMeta;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(o) = PendingOrder::from_json(text, Path::new("/nonexistent/order")) {
        let _ = o.structure_id();
        let _ = o.key_store_uri();
        for u in &o.usages {
            let _ = u.key_on_token();
            let _ = o.key_location(u);
        }
    }
    if let Ok(m) = serde_json::from_str::<VersionMeta>(text) {
        let text = serde_json::to_string(&m).expect("meta.json encodes");
        let again: VersionMeta =
            serde_json::from_str(&text).expect("meta.json written back parses");
        assert_eq!(again, m);
    }
});
