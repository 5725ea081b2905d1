//! The live sandbox: the engine, the journal of inputs that made it (the app's export format), and
//! the state file that journal is written to after every change.
//!
//! Every input goes through here, journaled exactly as the app journals it (`Entry::Request`,
//! `Entry::Advance`), so an exported or saved state replays identically in the browser.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use byok_engine::{Duration, Request, Response, Sandbox};
use byok_shell::journal::{Entry, Saved, FORMAT, VERSION};
use serde_json::{json, Value};

pub struct Live {
    pub sb: Sandbox,
    journal: Vec<Entry>,
    file: Option<PathBuf>,
}

impl Live {
    /// The sandbox at start: the state file's when there is one, else a new one with `seed` (a
    /// random seed when none is given). A state file that cannot be read is refused, untouched.
    pub fn start(seed: Option<u64>, file: Option<PathBuf>) -> Result<Live, String> {
        let mut live = Live {
            sb: Sandbox::new(seed.map_or_else(random_seed, Ok)?),
            journal: Vec::new(),
            file,
        };
        let Some(path) = live.file.clone() else {
            return Ok(live);
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                live.import(&text)
                    .map_err(|e| format!("cannot load the state file {}: {e}", path.display()))?;
                if seed.is_some_and(|s| s != live.sb.seed()) {
                    eprintln!(
                        "note: --seed is ignored: the state file {} has seed {}",
                        path.display(),
                        live.sb.seed()
                    );
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => live
                .save()
                .map_err(|e| format!("cannot create the state file: {e}"))?,
            Err(e) => {
                return Err(format!(
                    "cannot read the state file {}: {e}",
                    path.display()
                ))
            }
        }
        Ok(live)
    }

    /// Answers one request to the engine and journals it.
    pub fn request(&mut self, req: Request) -> Response {
        let response = self.sb.request(&req);
        self.journal.push(Entry::Request { request: req });
        self.changed();
        response
    }

    /// Moves the virtual clock forward, doing every scheduled item that falls due.
    pub fn advance(&mut self, d: Duration) {
        self.sb.advance(d);
        if d.0 > 0 {
            self.journal.push(Entry::Advance { seconds: d.0 });
            self.changed();
        }
    }

    /// Starts over with a new sandbox (a random seed when none is given).
    pub fn reset(&mut self, seed: Option<u64>) -> Result<(), String> {
        self.sb = Sandbox::new(seed.map_or_else(random_seed, Ok)?);
        self.journal.clear();
        self.changed();
        Ok(())
    }

    /// Replaces the sandbox with an exported one; a file of another format or version, or one whose
    /// journal does not replay, is refused with a message and changes nothing.
    pub fn import(&mut self, text: &str) -> Result<(), String> {
        let saved = Saved::parse(text)?;
        self.sb = saved.replay()?;
        self.journal = saved.journal;
        self.changed();
        Ok(())
    }

    /// The sandbox as the app exports it: its seed and the journal of inputs.
    pub fn export(&self) -> String {
        let saved = Saved {
            format: FORMAT.into(),
            version: VERSION,
            seed: self.sb.seed().to_string(),
            actor: self.sb.users()[0].name.clone(),
            journal: self.journal.clone(),
        };
        serde_json::to_string(&saved).expect("a journal always serialises")
    }

    /// What a script needs to use the sandbox: the server's URL, the Key Protect instance, the
    /// users' API keys (the account owner first) and the stand-in service's token.
    pub fn intro(&self, url: &str) -> Value {
        let mut users: Vec<_> = self.sb.users().iter().collect();
        users.sort_by_key(|u| !u.owner);
        let users: Vec<Value> = users
            .iter()
            .map(|u| {
                let roles: Vec<&str> = u.kms_roles.list().iter().map(|r| r.name()).collect();
                json!({ "name": u.name, "role": roles.join(","), "apikey": self.sb.api_key(u) })
            })
            .collect();
        json!({
            "url": url,
            "instance": self.sb.instances()[0].guid,
            "seed": self.sb.seed().to_string(),
            "serviceToken": self.sb.service_token(),
            "users": users,
        })
    }

    /// Writes the state file, if there is one. A failure is reported on stderr and the server goes
    /// on: the sandbox in memory is still right, and the next change tries again.
    pub fn save(&self) -> std::io::Result<()> {
        match &self.file {
            Some(path) => write_atomically(path, self.export().as_bytes()),
            None => Ok(()),
        }
    }

    fn changed(&self) {
        if let Err(e) = self.save() {
            eprintln!("byok-sandbox-server: could not write the state file: {e}");
        }
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`, so a reader (or a
/// crash of the server) sees the old file or the new one, never half of one. There is no fsync: the
/// page cache already outlives the process, and syncing after every request made a `--state` run
/// about 12% slower (BENCHMARKS.md) while guarding only against a power cut.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("the state file's path has no file name"))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(".tmp");
    let temp = path.with_file_name(temp_name);
    let mut file = std::fs::File::create(&temp)?;
    file.write_all(bytes)?;
    std::fs::rename(&temp, path)
}

fn random_seed() -> Result<u64, String> {
    getrandom::u64().map_err(|e| format!("no random seed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("byok-live-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn ring(live: &Live, id: &str) -> Request {
        Request::new("POST", &format!("/api/v2/key_rings/{id}"))
            .header(
                "authorization",
                &format!("Bearer {}", live.sb.users()[0].token),
            )
            .header("bluemix-instance", &live.sb.instances()[0].guid)
    }

    #[test]
    fn an_export_replays_to_the_same_sandbox() {
        let mut live = Live::start(Some(5), None).unwrap();
        let created = live.request(ring(&live, "r1"));
        assert_eq!(created.status, 201);
        live.advance(Duration::days(9));
        let mut other = Live::start(Some(1), None).unwrap();
        other.import(&live.export()).unwrap();
        assert_eq!(other.sb.now(), live.sb.now());
        assert_eq!(other.sb.events(), live.sb.events());
        assert_eq!(other.export(), live.export());
    }

    #[test]
    fn the_state_file_follows_every_change_and_a_bad_one_is_refused_untouched() {
        let dir = temp_dir("state");
        let path = dir.join("state.json");
        let mut live = Live::start(Some(5), Some(path.clone())).unwrap();
        live.request(ring(&live, "r1"));
        let restarted = Live::start(None, Some(path.clone())).unwrap();
        assert_eq!(restarted.export(), live.export());
        assert!(!dir.join(".state.json.tmp").exists());

        std::fs::write(&path, b"{\"format\": \"something-else\"}").unwrap();
        let error = Live::start(None, Some(path.clone())).err().unwrap();
        assert!(error.contains("its format is 'something-else'"), "{error}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"{\"format\": \"something-else\"}"
        );
    }

    #[test]
    fn the_intro_lists_the_owner_first_with_roles_and_api_keys() {
        let live = Live::start(Some(5), None).unwrap();
        let intro = live.intro("http://127.0.0.1:1");
        assert_eq!(intro["users"][0]["name"], "alice");
        assert_eq!(intro["users"][0]["role"], "Manager");
        assert_eq!(intro["users"][3]["role"], "Reader");
        let key = intro["users"][0]["apikey"].as_str().unwrap();
        assert_eq!(live.sb.user_by_api_key(key).unwrap().name, "alice");
        assert_eq!(intro["instance"], live.sb.instances()[0].guid.as_str());
    }
}
