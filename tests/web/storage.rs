//! Storage: the earlier version's entry, damaged or readable, and saved files refused.

use crate::helpers::{mount_at, text, unique_name};
use wasm_bindgen_test::*;

/// The earlier version's single localStorage entry, damaged: kept (moved into the kept copies),
/// explained, downloadable; the sandbox opens anyway and the old entry is not read twice.
#[wasm_bindgen_test]
async fn a_damaged_sandbox_from_the_old_storage_is_kept_and_explained() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let damaged = "{\"format\":\"byok-sandbox\",\"version\":1,\"seed\":\"x\"";
    storage.set_item("byok-sandbox", damaged).unwrap();
    let root = mount_at(&format!("?sandbox={}", unique_name("legacy")), "#/").await;
    let banner = text(&root, "[data-testid=damaged]");
    assert!(banner.contains("could not be read"), "{banner}");
    assert!(banner.contains("Kept copies"), "{banner}");
    assert_eq!(
        storage.get_item("byok-sandbox").unwrap(),
        None,
        "moved, not left to be read again"
    );
    let kept = byok_sandbox_app::storage::store::kept().await.unwrap();
    assert!(
        kept.iter().any(|k| k.kind == "legacy"
            && k.data == byok_sandbox_app::storage::store::KeptData::Text(damaged.into())),
        "the damaged text is kept as it was"
    );
}

/// The earlier version's entry, readable: it becomes the default sandbox, once.
#[wasm_bindgen_test]
async fn the_old_storage_becomes_the_default_sandbox() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let old = "{\"format\":\"byok-sandbox\",\"version\":1,\"seed\":\"5\",\"actor\":\"bob\",\"journal\":[{\"kind\":\"advance\",\"seconds\":3600}]}";
    storage.set_item("byok-sandbox", old).unwrap();
    let all = byok_sandbox_app::storage::store::list().await.unwrap();
    let had_default = all.iter().any(|m| m.name == "default");
    mount_at("", "#/").await;
    assert_eq!(storage.get_item("byok-sandbox").unwrap(), None);
    let all = byok_sandbox_app::storage::store::list().await.unwrap();
    let moved = all
        .iter()
        .find(|m| {
            m.name
                == if had_default {
                    "from-old-storage"
                } else {
                    "default"
                }
        })
        .expect("the old sandbox is in the store");
    assert_eq!(moved.seed, "5");
    let journal = byok_sandbox_app::storage::store::read_all(&moved.id)
        .await
        .unwrap()
        .unwrap()
        .texts;
    assert_eq!(journal[0], "{\"kind\":\"advance\",\"seconds\":3600}");
}

#[wasm_bindgen_test]
fn saved_files_of_another_format_or_version_are_refused_clearly() {
    use byok_sandbox_app::frame::state::Saved;
    assert!(Saved::parse("not json").unwrap_err().contains("not JSON"));
    assert!(Saved::parse("{\"format\":\"other\"}")
        .unwrap_err()
        .contains("its format is 'other'"));
    assert!(Saved::parse("{\"format\":\"byok-sandbox\",\"version\":9}")
        .unwrap_err()
        .contains("version 9"));
    let ok = Saved::parse("{\"format\":\"byok-sandbox\",\"version\":1,\"seed\":\"5\",\"actor\":\"bob\",\"journal\":[{\"kind\":\"advance\",\"seconds\":60}]}").unwrap();
    let sb = ok.replay().unwrap();
    assert_eq!(sb.now().to_string(), "2026-01-01T00:01:00Z");
}
