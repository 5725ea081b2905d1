// The sandboxes' storage in IndexedDB, and the channel that keeps tabs and embeds in step. Only
// storage primitives live here, each one IndexedDB transaction; when to write, what to apply and
// how to rebase is Rust's (src/web/session.rs). ARCHITECTURE.md, "Storage and tabs", states the
// protocol and its invariant.
//
// Object stores (database "byok-sandbox", version 1):
//   sandboxes  {id, name, seed, generation, seq, created, lastUsed, now, journalBytes,
//               snapshotSeq, snapshotBytes, actor}        key: id; unique index "name"
//   journal    {id, seq, text}                            key: [id, seq]; seq counts from 1
//   snapshots  {id, seq, format, version, bytes, stateLength}   key: id (the newest only);
//              bytes: a Blob, the state (its first stateLength bytes) then the history, so
//              opening reads the state alone and the history once the page is drawn (or,
//              where a Blob cannot be stored, the bytes themselves, read whole)
//   kept       {sandbox, name, why, kind, data, at}       key: auto; copies that could not be read
//
// Every append is one readwrite transaction over `sandboxes` and `journal` that checks the
// sandbox's generation and that its journal still ends where the writer thinks it does: IndexedDB
// runs overlapping readwrite transactions one at a time, across every tab of the origin, so that
// check and the write are atomic and the journal has one order.

const DB = 'byok-sandbox';
const CHANNEL = 'byok-sandbox';
let opening = null;

function req(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new DOMException('the transaction was aborted', 'AbortError'));
  });
}

function db() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      if (typeof indexedDB === 'undefined') throw new Error('this browser has no IndexedDB');
      const r = indexedDB.open(DB, 1);
      r.onupgradeneeded = () => {
        const d = r.result;
        const s = d.createObjectStore('sandboxes', { keyPath: 'id' });
        s.createIndex('name', 'name', { unique: true });
        d.createObjectStore('journal', { keyPath: ['id', 'seq'] });
        d.createObjectStore('snapshots', { keyPath: 'id' });
        d.createObjectStore('kept', { autoIncrement: true });
      };
      r.onsuccess = () => {
        const d = r.result;
        // Another tab of a newer build wants to upgrade: let it.
        d.onversionchange = () => d.close();
        resolve(d);
      };
      r.onerror = () => reject(r.error);
      r.onblocked = () => reject(new Error('another tab of an older build holds the storage open'));
    });
    opening.catch(() => { opening = null; });
  }
  return opening;
}

// Opening's snapshot read starts in index.html, before the app's files are even fetched, so that
// the snapshot (the bulk of a big sandbox) comes off the disk while the wasm downloads and
// compiles; storeLoad takes that read if the sandbox still has that snapshot (see there).
let early = typeof window !== 'undefined' && window.byokSandboxEarlyRead ? window.byokSandboxEarlyRead : null;

// How many bytes a snapshot's `bytes` hold (a Blob, or an array from a build before the Blob).
const sizeOf = (bytes) => (bytes instanceof Blob ? bytes.size : bytes.byteLength ?? bytes.length ?? 0);

// What opening takes from a snapshot record: the state's bytes now, and the history (the rest,
// as a Blob) to read after the first paint. A record written before the split, or by a test,
// holds one array: all of it is the state (the engine then says what it is). `state`: the state's
// bytes if index.html read them already.
async function opened(record, early) {
  if (!record) return null;
  const { seq, version, bytes, stateLength } = record;
  if (bytes instanceof Blob && stateLength > 0 && stateLength <= bytes.size) {
    const state = early || new Uint8Array(await bytes.slice(0, stateLength).arrayBuffer());
    return { seq, version, state, history: bytes.slice(stateLength) };
  }
  const all = bytes instanceof Blob ? new Uint8Array(await bytes.arrayBuffer()) : new Uint8Array(bytes);
  return { seq, version, state: all, history: null };
}

const range = (id, after) => IDBKeyRange.bound([id, after + 1], [id, Infinity]);

// Why a failure happened, as one string Rust can show: "QuotaExceededError: ..." and so on.
function why(e) {
  return e && e.name ? `${e.name}: ${e.message}` : String(e);
}

async function run(work) {
  try {
    return await work(await db());
  } catch (e) {
    throw why(e);
  }
}

export function storeOpen() {
  return run(async () => true);
}

export function storeList() {
  return run(async (d) => req(d.transaction('sandboxes').objectStore('sandboxes').getAll()));
}

/// The sandbox called `name`, made from `fresh` (a meta without id) if there is none. Two tabs
/// opening the same new name at once get the same one: the name index is unique, and the loser
/// reads the winner's.
export function storeOpenOrCreate(name, fresh) {
  return run(async (d) => {
    // Most opens find it: a read, and the time of use written behind it (opening waits for no write).
    const known = await req(d.transaction('sandboxes').objectStore('sandboxes').index('name').get(name));
    if (known) {
      touch(d, known.id).catch(() => {});
      return known;
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const tx = d.transaction('sandboxes', 'readwrite');
      const s = tx.objectStore('sandboxes');
      const found = await req(s.index('name').get(name));
      if (found) {
        found.lastUsed = Date.now();
        s.put(found);
        await done(tx);
        return found;
      }
      const meta = { ...fresh, id: crypto.randomUUID(), name, created: Date.now(), lastUsed: Date.now() };
      s.add(meta);
      try {
        await done(tx);
        return meta;
      } catch (e) {
        if (e && e.name !== 'ConstraintError') throw e;
      }
    }
    throw new Error(`the sandbox '${name}' could not be opened`);
  });
}

/// Notes that sandbox `id` is used now.
async function touch(d, id) {
  const tx = d.transaction('sandboxes', 'readwrite');
  const s = tx.objectStore('sandboxes');
  const meta = await req(s.get(id));
  if (meta) s.put({ ...meta, lastUsed: Date.now() });
  await done(tx);
}

/// A new sandbox with its journal (and a snapshot, for a duplicate or an undone delete); refused
/// with "exists" if the name is taken.
export function storeCreate(meta, texts, snapshot) {
  return run(async (d) => {
    const tx = d.transaction(['sandboxes', 'journal', 'snapshots'], 'readwrite');
    const full = { ...meta, id: meta.id || crypto.randomUUID(), seq: texts.length, lastUsed: Date.now() };
    full.journalBytes = texts.reduce((n, t) => n + t.length, 0);
    full.snapshotSeq = snapshot ? snapshot.seq : 0;
    full.snapshotBytes = snapshot ? sizeOf(snapshot.bytes) : 0;
    tx.objectStore('sandboxes').add(full);
    texts.forEach((text, i) => tx.objectStore('journal').put({ id: full.id, seq: i + 1, text }));
    if (snapshot) tx.objectStore('snapshots').put({ ...snapshot, id: full.id });
    try {
      await done(tx);
    } catch (e) {
      if (e && e.name === 'ConstraintError') return { status: 'exists' };
      throw e;
    }
    return { status: 'ok', meta: full };
  });
}

/// What opening needs: the meta, the newest snapshot (if any), and the journal after it (or all of
/// it with `whole`), read in one transaction so they agree; then the snapshot's state (its
/// history stays a Blob, read by storeReadHistory when the app wants it).
export function storeLoad(id, whole) {
  return run(async (d) => {
    const pre = early && !whole ? await early : null;
    early = null;
    const tx = d.transaction(['sandboxes', 'journal', 'snapshots']);
    const meta = await req(tx.objectStore('sandboxes').get(id));
    if (!meta) return null;
    // The early read's snapshot if it is still this sandbox's (same generation, same entry).
    const same = pre && pre.meta.id === id && pre.meta.generation === meta.generation
      && pre.meta.snapshotSeq === meta.snapshotSeq && pre.record.seq === meta.snapshotSeq;
    const record = whole ? null : same ? pre.record : (await req(tx.objectStore('snapshots').get(id))) || null;
    const after = record ? record.seq : 0;
    const rows = await req(tx.objectStore('journal').getAll(range(id, after)));
    // After the transaction's reads: a Blob is read outside it.
    const snapshot = await opened(record, same ? pre.state : null);
    return { meta, snapshot, after, texts: rows.map((r) => r.text) };
  });
}

/// The bytes of a snapshot's history (the Blob storeLoad gave): still readable if the record has
/// been replaced since, since a Blob holds its data.
export async function storeReadHistory(blob) {
  try {
    return new Uint8Array(await blob.arrayBuffer());
  } catch (e) {
    throw why(e);
  }
}

/// The journal after `after`, with the meta, for a tab catching up.
export function storeTail(id, after) {
  return run(async (d) => {
    const tx = d.transaction(['sandboxes', 'journal']);
    const meta = await req(tx.objectStore('sandboxes').get(id));
    if (!meta) return null;
    const rows = await req(tx.objectStore('journal').getAll(range(id, after)));
    return { meta, texts: rows.map((r) => r.text) };
  });
}

/// Appends `texts` if the journal still has `expected` entries in `generation`:
/// {status: "ok" | "behind" | "reset" | "gone", meta}.
export function storeAppend(id, generation, expected, texts, patch) {
  const start = performance.now();
  return run(async (d) => {
    const tx = d.transaction(['sandboxes', 'journal'], 'readwrite');
    const s = tx.objectStore('sandboxes');
    const meta = await req(s.get(id));
    if (!meta) return { status: 'gone' };
    if (meta.generation !== generation) return { status: 'reset', meta };
    if (meta.seq !== expected) return { status: 'behind', meta };
    const j = tx.objectStore('journal');
    texts.forEach((text, i) => j.add({ id, seq: expected + i + 1, text }));
    meta.seq = expected + texts.length;
    meta.journalBytes = (meta.journalBytes || 0) + texts.reduce((n, t) => n + t.length, 0);
    Object.assign(meta, patch, { lastUsed: Date.now() });
    s.put(meta);
    await done(tx);
    // For scripts/bench-app.mjs: each append's time, from the call to the commit.
    performance.measure('byok-sandbox append', { start, end: performance.now() });
    return { status: 'ok', meta };
  });
}

/// Starts the sandbox over (a reset or an import in place): a new generation with this seed and
/// journal, if it is still in `generation`.
export function storeReplace(id, generation, seed, texts, patch) {
  return run(async (d) => {
    const tx = d.transaction(['sandboxes', 'journal', 'snapshots'], 'readwrite');
    const s = tx.objectStore('sandboxes');
    const meta = await req(s.get(id));
    if (!meta) return { status: 'gone' };
    if (meta.generation !== generation) return { status: 'reset', meta };
    const j = tx.objectStore('journal');
    j.delete(range(id, 0));
    tx.objectStore('snapshots').delete(id);
    texts.forEach((text, i) => j.add({ id, seq: i + 1, text }));
    Object.assign(meta, patch, {
      seed, generation: generation + 1, seq: texts.length, snapshotSeq: 0, snapshotBytes: 0,
      journalBytes: texts.reduce((n, t) => n + t.length, 0), lastUsed: Date.now(),
    });
    s.put(meta);
    await done(tx);
    return { status: 'ok', meta };
  });
}

/// Keeps a snapshot taken after `seq` entries, unless the sandbox moved to another generation or a
/// newer snapshot is there already. `stateLength`: where its state ends and its history begins.
export async function storePutSnapshot(id, generation, seq, version, bytes, stateLength) {
  const put = (value) => run(async (d) => {
    const tx = d.transaction(['sandboxes', 'snapshots'], 'readwrite');
    const s = tx.objectStore('sandboxes');
    const meta = await req(s.get(id));
    if (!meta || meta.generation !== generation || meta.seq < seq) return false;
    const old = await req(tx.objectStore('snapshots').get(id));
    if (old && old.seq >= seq) return false;
    tx.objectStore('snapshots').put({ id, seq, format: 'byok-sandbox/snapshot', version, bytes: value, stateLength });
    meta.snapshotSeq = seq;
    meta.snapshotBytes = bytes.length;
    s.put(meta);
    await done(tx);
    return true;
  });
  try {
    return await put(new Blob([bytes]));
  } catch (e) {
    // A browser that cannot keep a Blob in IndexedDB (some private modes): the bytes themselves,
    // which opening then reads whole.
    if (!/^(DataCloneError|UnknownError|NotSupportedError)/.test(e)) throw e;
    return put(bytes);
  }
}

/// Moves a snapshot that could not be read out of the way, into `kept`, with why (only the one
/// taken after `seq` entries, if `seq` is given: a newer one another tab wrote stays).
export function storeSetAsideSnapshot(id, why, seq) {
  return run(async (d) => {
    const tx = d.transaction(['sandboxes', 'snapshots', 'kept'], 'readwrite');
    const meta = await req(tx.objectStore('sandboxes').get(id));
    const snap = await req(tx.objectStore('snapshots').get(id));
    if (!snap || (seq !== undefined && snap.seq !== seq)) return null;
    const key = await req(tx.objectStore('kept').add({
      sandbox: id, name: meta ? meta.name : '', why, kind: 'snapshot', data: snap.bytes,
      version: snap.version, seq: snap.seq, at: Date.now(),
    }));
    tx.objectStore('snapshots').delete(id);
    if (meta) { meta.snapshotSeq = 0; meta.snapshotBytes = 0; tx.objectStore('sandboxes').put(meta); }
    await done(tx);
    return key;
  });
}

/// Keeps something that could not be read (the old single-entry storage, for one).
export function storeKeep(record) {
  return run(async (d) => {
    const tx = d.transaction('kept', 'readwrite');
    const key = await req(tx.objectStore('kept').add({ ...record, at: Date.now() }));
    await done(tx);
    return key;
  });
}

export function storeKept() {
  return run(async (d) => {
    const tx = d.transaction('kept');
    const s = tx.objectStore('kept');
    const [keys, values] = await Promise.all([req(s.getAllKeys()), req(s.getAll())]);
    // A kept snapshot's bytes may be a Blob: as an array, for the download.
    return Promise.all(values.map(async (v, i) => ({
      ...v, key: keys[i], data: v.data instanceof Blob ? new Uint8Array(await v.data.arrayBuffer()) : v.data,
    })));
  });
}

export function storeDropKept(key) {
  return run(async (d) => {
    const tx = d.transaction('kept', 'readwrite');
    tx.objectStore('kept').delete(key);
    await done(tx);
  });
}

/// Everything about one sandbox: meta, whole journal, snapshot (for export, duplicate, delete).
export function storeReadAll(id) {
  return run(async (d) => {
    const tx = d.transaction(['sandboxes', 'journal', 'snapshots']);
    const meta = await req(tx.objectStore('sandboxes').get(id));
    if (!meta) return null;
    const rows = await req(tx.objectStore('journal').getAll(range(id, 0)));
    const snapshot = (await req(tx.objectStore('snapshots').get(id))) || null;
    return { meta, texts: rows.map((r) => r.text), snapshot };
  });
}

export function storeRename(id, name) {
  return run(async (d) => {
    const tx = d.transaction('sandboxes', 'readwrite');
    const s = tx.objectStore('sandboxes');
    const meta = await req(s.get(id));
    if (!meta) return 'gone';
    meta.name = name;
    s.put(meta);
    try {
      await done(tx);
    } catch (e) {
      if (e && e.name === 'ConstraintError') return 'exists';
      throw e;
    }
    return 'ok';
  });
}

export function storeRemove(id) {
  return run(async (d) => {
    const tx = d.transaction(['sandboxes', 'journal', 'snapshots'], 'readwrite');
    tx.objectStore('sandboxes').delete(id);
    tx.objectStore('journal').delete(range(id, 0));
    tx.objectStore('snapshots').delete(id);
    await done(tx);
  });
}

/// The channel between tabs and embeds of this origin: `listen` hears what the others announce.
let channel = null;
export function channelListen(callback) {
  if (typeof BroadcastChannel === 'undefined') return false;
  channel = channel || new BroadcastChannel(CHANNEL);
  channel.addEventListener('message', (e) => callback(e.data));
  return true;
}

export function channelAnnounce(message) {
  if (typeof BroadcastChannel === 'undefined') return;
  channel = channel || new BroadcastChannel(CHANNEL);
  channel.postMessage(message);
}
