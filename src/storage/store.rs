//! Typed access to the storage primitives of `store.js` (IndexedDB, one transaction each) and to
//! the channel between tabs. Values cross as JSON (serde_json is in the app anyway), snapshots as
//! bytes (a snapshot's history as the Blob the store keeps, until it is read).

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/storage/store.js")]
extern "C" {
    #[wasm_bindgen(js_name = storeOpen)]
    fn js_open() -> js_sys::Promise;
    #[wasm_bindgen(js_name = storeList)]
    fn js_list() -> js_sys::Promise;
    #[wasm_bindgen(js_name = storeOpenOrCreate)]
    fn js_open_or_create(name: &str, fresh: JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = storeCreate)]
    fn js_create(meta: JsValue, texts: js_sys::Array, snapshot: JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = storeLoad)]
    fn js_load(id: &str, whole: bool) -> js_sys::Promise;
    #[wasm_bindgen(js_name = storeTail)]
    fn js_tail(id: &str, after: f64) -> js_sys::Promise;
    #[wasm_bindgen(js_name = storeAppend)]
    fn js_append(
        id: &str,
        generation: f64,
        expected: f64,
        texts: js_sys::Array,
        patch: JsValue,
    ) -> js_sys::Promise;
    #[wasm_bindgen(js_name = storeReplace)]
    fn js_replace(
        id: &str,
        generation: f64,
        seed: &str,
        texts: js_sys::Array,
        patch: JsValue,
    ) -> js_sys::Promise;
    #[wasm_bindgen(js_name = storePutSnapshot)]
    fn js_put_snapshot(
        id: &str,
        generation: f64,
        seq: f64,
        version: u32,
        bytes: js_sys::Uint8Array,
        state_length: f64,
    ) -> js_sys::Promise;
    #[wasm_bindgen(js_name = storeReadHistory)]
    fn js_read_history(blob: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = storeSetAsideSnapshot)]
    fn js_set_aside_snapshot(id: &str, why: &str, seq: JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = storeKeep)]
    fn js_keep(record: JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = storeKept)]
    fn js_kept() -> js_sys::Promise;
    #[wasm_bindgen(js_name = storeDropKept)]
    fn js_drop_kept(key: JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = storeReadAll)]
    fn js_read_all(id: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = storeRename)]
    fn js_rename(id: &str, name: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = storeRemove)]
    fn js_remove(id: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = channelListen)]
    fn js_listen(callback: &js_sys::Function) -> bool;
    #[wasm_bindgen(js_name = channelAnnounce)]
    fn js_announce(message: JsValue);
}

/// One sandbox as the store lists it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Meta {
    pub id: String,
    pub name: String,
    /// A decimal string, as in exported files.
    pub seed: String,
    /// Bumped by a reset or an import in place: the journal started over.
    pub generation: u64,
    /// How many entries the journal holds.
    pub seq: u64,
    /// Milliseconds since the epoch (the real clock: when a person last used it).
    pub created: f64,
    pub last_used: f64,
    /// The sandbox's simulated now after its last entry.
    pub now: String,
    pub journal_bytes: u64,
    pub snapshot_seq: u64,
    pub snapshot_bytes: u64,
    pub actor: String,
}

impl Meta {
    pub fn size(&self) -> u64 {
        self.journal_bytes + self.snapshot_bytes
    }
}

/// A stored snapshot as opening reads it: how many journal entries it covers, its state's bytes
/// and, to read once the page is drawn, its history. (A snapshot stored before the two were
/// split has all its bytes in `state` and no `history`.)
pub struct StoredSnapshot {
    pub seq: u64,
    pub version: u32,
    pub state: Vec<u8>,
    pub history: Option<History>,
}

/// A snapshot's history, not read yet (a Blob: readable even once the record is replaced).
pub struct History(JsValue);

impl History {
    pub async fn read(&self) -> Result<Vec<u8>, String> {
        let v = call(js_read_history(&self.0)).await?;
        Ok(v.dyn_into::<js_sys::Uint8Array>()
            .map_err(|_| "the store answered something that is not bytes")?
            .to_vec())
    }
}

/// A snapshot record as the store keeps it, handed back as it is to copy a sandbox (duplicate,
/// an undone delete) without reading it.
#[derive(Clone)]
pub struct SnapshotRecord(JsValue);

/// What opening reads: the meta, the newest snapshot and the journal after it.
pub struct Loaded {
    pub meta: Meta,
    pub snapshot: Option<StoredSnapshot>,
    /// The entries the texts follow (the snapshot's, or 0).
    pub after: u64,
    pub texts: Vec<String>,
}

/// The answer to an append or a replace.
pub enum Written {
    Ok(Meta),
    /// Another tab wrote first: the journal is longer than the writer knew.
    Behind(Meta),
    /// The sandbox was started over (reset, import) elsewhere.
    Reset(Meta),
    /// The sandbox was deleted elsewhere.
    Gone,
}

/// A copy the app could not read and keeps until the reader discards it.
#[derive(Clone, Debug, PartialEq)]
pub struct Kept {
    pub key: f64,
    pub name: String,
    pub why: String,
    pub kind: String,
    pub at: f64,
    pub data: KeptData,
}

#[derive(Clone, Debug, PartialEq)]
pub enum KeptData {
    Bytes(Vec<u8>),
    Text(String),
}

/// Everything about one sandbox (export, duplicate, delete).
pub struct Everything {
    pub meta: Meta,
    pub texts: Vec<String>,
    pub snapshot: Option<SnapshotRecord>,
}

fn get(v: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn to_js<T: Serialize>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|t| js_sys::JSON::parse(&t).ok())
        .unwrap_or(JsValue::NULL)
}

fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or("the store answered something that is not JSON")?;
    serde_json::from_str(&text).map_err(|e| format!("the store's record is damaged: {e}"))
}

fn texts_to_js(texts: &[String]) -> js_sys::Array {
    texts.iter().map(|t| JsValue::from_str(t)).collect()
}

fn texts_from_js(v: &JsValue) -> Vec<String> {
    v.dyn_ref::<js_sys::Array>()
        .map(|a| a.iter().filter_map(|t| t.as_string()).collect())
        .unwrap_or_default()
}

fn snapshot_from_js(v: &JsValue) -> Option<StoredSnapshot> {
    if v.is_null() || v.is_undefined() {
        return None;
    }
    let state = get(v, "state").dyn_into::<js_sys::Uint8Array>().ok()?;
    let history = get(v, "history");
    Some(StoredSnapshot {
        seq: get(v, "seq").as_f64().unwrap_or(0.0) as u64,
        version: get(v, "version").as_f64().unwrap_or(0.0) as u32,
        state: state.to_vec(),
        history: (!history.is_null() && !history.is_undefined()).then_some(History(history)),
    })
}

/// Awaits a store call; a refusal comes back as the browser's "Name: message".
async fn call(p: js_sys::Promise) -> Result<JsValue, String> {
    JsFuture::from(p)
        .await
        .map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

fn written(v: &JsValue) -> Result<Written, String> {
    let meta = || from_js::<Meta>(&get(v, "meta"));
    Ok(match get(v, "status").as_string().as_deref() {
        Some("ok") => Written::Ok(meta()?),
        Some("behind") => Written::Behind(meta()?),
        Some("reset") => Written::Reset(meta()?),
        _ => Written::Gone,
    })
}

/// Whether the browser gives this page its storage (it may refuse: some private modes, a
/// sandboxed frame, storage turned off).
pub async fn available() -> Result<(), String> {
    call(js_open()).await.map(|_| ())
}

pub async fn list() -> Result<Vec<Meta>, String> {
    from_js(&call(js_list()).await?)
}

pub async fn open_or_create(name: &str, fresh: &Meta) -> Result<Meta, String> {
    from_js(&call(js_open_or_create(name, to_js(fresh))).await?)
}

/// A new sandbox; `Ok(None)` if the name is taken.
pub async fn create(
    meta: &Meta,
    texts: &[String],
    snapshot: Option<&SnapshotRecord>,
) -> Result<Option<Meta>, String> {
    let snap = snapshot.map_or(JsValue::NULL, |r| r.0.clone());
    let v = call(js_create(to_js(meta), texts_to_js(texts), snap)).await?;
    match written(&v)? {
        Written::Ok(m) => Ok(Some(m)),
        _ => Ok(None),
    }
}

/// Opening's read; `whole` skips the snapshot and reads the whole journal.
pub async fn load(id: &str, whole: bool) -> Result<Option<Loaded>, String> {
    let v = call(js_load(id, whole)).await?;
    if v.is_null() {
        return Ok(None);
    }
    Ok(Some(Loaded {
        meta: from_js(&get(&v, "meta"))?,
        snapshot: snapshot_from_js(&get(&v, "snapshot")),
        after: get(&v, "after").as_f64().unwrap_or(0.0) as u64,
        texts: texts_from_js(&get(&v, "texts")),
    }))
}

/// The meta and the journal after `after`; `None` if the sandbox is gone.
pub async fn tail(id: &str, after: u64) -> Result<Option<(Meta, Vec<String>)>, String> {
    let v = call(js_tail(id, after as f64)).await?;
    if v.is_null() {
        return Ok(None);
    }
    Ok(Some((
        from_js(&get(&v, "meta"))?,
        texts_from_js(&get(&v, "texts")),
    )))
}

/// What an append or a replace also records about the sandbox.
#[derive(Serialize)]
pub struct Patch {
    pub now: String,
    pub actor: String,
}

pub async fn append(
    id: &str,
    generation: u64,
    expected: u64,
    texts: &[String],
    patch: &Patch,
) -> Result<Written, String> {
    written(
        &call(js_append(
            id,
            generation as f64,
            expected as f64,
            texts_to_js(texts),
            to_js(patch),
        ))
        .await?,
    )
}

pub async fn replace(
    id: &str,
    generation: u64,
    seed: &str,
    texts: &[String],
    patch: &Patch,
) -> Result<Written, String> {
    written(
        &call(js_replace(
            id,
            generation as f64,
            seed,
            texts_to_js(texts),
            to_js(patch),
        ))
        .await?,
    )
}

pub async fn put_snapshot(
    id: &str,
    generation: u64,
    seq: u64,
    version: u32,
    bytes: &[u8],
    state_len: usize,
) -> Result<bool, String> {
    let v = call(js_put_snapshot(
        id,
        generation as f64,
        seq as f64,
        version,
        js_sys::Uint8Array::from(bytes),
        state_len as f64,
    ))
    .await?;
    Ok(v.as_bool().unwrap_or(false))
}

/// Moves an unreadable snapshot into the kept copies, saying why; with `seq`, only the snapshot
/// taken after that many entries (not a newer one another tab wrote meanwhile). `Ok(false)`:
/// there was no such snapshot to keep.
pub async fn set_aside_snapshot(id: &str, why: &str, seq: Option<u64>) -> Result<bool, String> {
    let seq = seq.map_or(JsValue::UNDEFINED, |s| JsValue::from_f64(s as f64));
    // The kept copy's key, or null if there was no such snapshot to keep.
    call(js_set_aside_snapshot(id, why, seq))
        .await
        .map(|key| !key.is_null() && !key.is_undefined())
}

/// Keeps a text the app could not read (the old storage's entry), saying why.
pub async fn keep_text(name: &str, why: &str, kind: &str, text: &str) -> Result<(), String> {
    let o = js_sys::Object::new();
    for (k, v) in [("name", name), ("why", why), ("kind", kind), ("data", text)] {
        let _ = js_sys::Reflect::set(&o, &k.into(), &v.into());
    }
    call(js_keep(o.into())).await.map(|_| ())
}

pub async fn kept() -> Result<Vec<Kept>, String> {
    let v = call(js_kept()).await?;
    let all: js_sys::Array = v.dyn_into().unwrap_or_default();
    Ok(all
        .iter()
        .map(|k| {
            let data = get(&k, "data");
            Kept {
                key: get(&k, "key").as_f64().unwrap_or(0.0),
                name: get(&k, "name").as_string().unwrap_or_default(),
                why: get(&k, "why").as_string().unwrap_or_default(),
                kind: get(&k, "kind").as_string().unwrap_or_default(),
                at: get(&k, "at").as_f64().unwrap_or(0.0),
                data: match data.dyn_into::<js_sys::Uint8Array>() {
                    Ok(b) => KeptData::Bytes(b.to_vec()),
                    Err(t) => KeptData::Text(t.as_string().unwrap_or_default()),
                },
            }
        })
        .collect())
}

pub async fn drop_kept(key: f64) -> Result<(), String> {
    call(js_drop_kept(JsValue::from_f64(key))).await.map(|_| ())
}

pub async fn read_all(id: &str) -> Result<Option<Everything>, String> {
    let v = call(js_read_all(id)).await?;
    if v.is_null() {
        return Ok(None);
    }
    Ok(Some(Everything {
        meta: from_js(&get(&v, "meta"))?,
        texts: texts_from_js(&get(&v, "texts")),
        snapshot: Some(get(&v, "snapshot"))
            .filter(|s| !s.is_null() && !s.is_undefined())
            .map(SnapshotRecord),
    }))
}

/// Renames; `Err` says why not (the name is taken, the sandbox is gone).
pub async fn rename(id: &str, name: &str) -> Result<(), String> {
    match call(js_rename(id, name)).await?.as_string().as_deref() {
        Some("ok") => Ok(()),
        Some("exists") => Err(format!("there is already a sandbox called '{name}'")),
        _ => Err("that sandbox no longer exists".into()),
    }
}

pub async fn remove(id: &str) -> Result<(), String> {
    call(js_remove(id)).await.map(|_| ())
}

/// What one tab tells the others on the channel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Announcement {
    /// The journal of sandbox `id` now has `seq` entries in `generation`.
    Appended {
        id: String,
        seq: u64,
        generation: u64,
    },
    /// The list of sandboxes changed (created, renamed, deleted).
    Listed { id: String },
}

pub fn announce(a: &Announcement) {
    js_announce(to_js(a));
}

/// Calls `heard` with every announcement of the other tabs; false if the browser has no channel.
pub fn listen(heard: impl Fn(Announcement) + 'static) -> bool {
    let f = Closure::<dyn Fn(JsValue)>::new(move |v: JsValue| {
        if let Ok(a) = from_js::<Announcement>(&v) {
            heard(a);
        }
    });
    let ok = js_listen(f.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    f.forget();
    ok
}
