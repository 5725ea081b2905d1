//! The engine in headless Chromium (wasm-bindgen-test): the same transcripts the native tests
//! compare, byte for byte, so native and browser builds are proven to answer alike; and the
//! JavaScript class as a page would use it.
#![cfg(target_arch = "wasm32")]

#[path = "support/transcript.rs"]
mod transcript;

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

macro_rules! transcript_test {
    ($name:ident, $file:literal) => {
        #[wasm_bindgen_test]
        fn $name() {
            let expected = include_str!(concat!("transcripts/", $file));
            let actual = transcript::Runner::run(expected);
            if actual != expected {
                let line = expected
                    .lines()
                    .zip(actual.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                panic!(
                    "{} differs in wasm at line {}:\n  native: {}\n  wasm:   {}",
                    $file,
                    line + 1,
                    expected.lines().nth(line).unwrap_or("<end>"),
                    actual.lines().nth(line).unwrap_or("<end>")
                );
            }
        }
    };
}

transcript_test!(create_and_read, "01-create-and-read.t");
transcript_test!(state_table, "02-state-table.t");
transcript_test!(deletion, "03-deletion.t");
transcript_test!(dual_auth, "04-dual-auth.t");
transcript_test!(rotation, "05-rotation.t");
transcript_test!(wrap, "06-wrap.t");
transcript_test!(bad_input, "07-bad-input.t");
transcript_test!(byok_seed, "08-byok-seed.t");
transcript_test!(soft_deletion, "09-soft-deletion.t");
transcript_test!(provisioning_refusals, "10-provisioning-refusals.t");
transcript_test!(key_events, "11-key-events.t");
transcript_test!(iam, "12-iam.t");
transcript_test!(sdk_list_defaults, "13-sdk-list-defaults.t");

fn get(v: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(v.clone(), |acc, p| {
        js_sys::Reflect::get(&acc, &JsValue::from_str(p)).unwrap()
    })
}

#[wasm_bindgen_test]
fn the_js_class_creates_a_key_and_advances_the_clock() {
    let mut sb = byok_sandbox::Sandbox::new(JsValue::from_f64(42.0)).unwrap();
    let users = sb.users().unwrap();
    let token = get(&js_sys::Array::from(&users).get(0), &["token"])
        .as_string()
        .unwrap();
    let guid = get(
        &js_sys::Array::from(&sb.instances().unwrap()).get(0),
        &["guid"],
    )
    .as_string()
    .unwrap();
    let request = js_sys::JSON::parse(&format!(
        r#"{{"method":"POST","path":"/api/v2/keys","headers":{{"authorization":"Bearer {token}","bluemix-instance":"{guid}"}},
            "body":{{"metadata":{{"collectionType":"application/vnd.ibm.kms.key+json","collectionTotal":1}},
                     "resources":[{{"type":"application/vnd.ibm.kms.key+json","name":"browser-root"}}]}}}}"#
    ))
    .unwrap();
    let response = sb.request(request).unwrap();
    assert_eq!(get(&response, &["status"]).as_f64(), Some(201.0));
    assert_eq!(get(&response, &["body", "resources"]).is_array(), true);
    assert_eq!(sb.advance("1d12h").unwrap(), "2026-01-02T12:00:00Z");
    assert_eq!(sb.now(), "2026-01-02T12:00:00Z");
    let events = js_sys::Array::from(&sb.events().unwrap());
    assert_eq!(
        get(&events.get(events.length() - 1), &["action"])
            .as_string()
            .unwrap(),
        "kms.secrets.create"
    );
    assert!(
        sb.advance("soon").is_err(),
        "a bad duration is an error, not a panic"
    );
}

#[wasm_bindgen_test]
fn without_a_seed_the_browser_random_source_picks_one() {
    let a = byok_sandbox::Sandbox::new(JsValue::UNDEFINED).unwrap();
    let b = byok_sandbox::Sandbox::new(JsValue::UNDEFINED).unwrap();
    assert_ne!(a.seed(), b.seed());
    let same = byok_sandbox::Sandbox::new(JsValue::from_f64(7.0)).unwrap();
    assert_eq!(same.seed(), "7");
    assert!(byok_sandbox::Sandbox::new(JsValue::from_f64(1.5)).is_err());
}
