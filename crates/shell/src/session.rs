//! The shell's state that commands read and change (variables, the acting user, history), and
//! [`Ctx`], what a command handler works with: that state, the backend, and the output.

use std::collections::BTreeMap;

use super::backend::Backend;
use super::output::Output;
use byok_engine::{Request, Response, Sandbox, TOKEN_LIFETIME};

/// The terminal's state: environment variables, the user commands run as, and the history.
pub(crate) struct Session {
    pub env: BTreeMap<String, String>,
    pub user: String,
    pub history: Vec<String>,
    pub last_code: i32,
    /// The region `kp region-set` chose, if any.
    pub kp_region: Option<String>,
    /// How many times `openssl rand` has drawn in this shell.
    pub random_draws: u64,
}

impl Session {
    pub fn new() -> Session {
        Session {
            env: BTreeMap::new(),
            user: "alice".into(),
            history: Vec::new(),
            last_code: 0,
            kp_region: None,
            random_draws: 0,
        }
    }

    /// An environment variable, as `$NAME` expands it.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.env.get(name).map(String::as_str)
    }

    /// The variables every new shell has, as the documentation's examples assume, until the user
    /// exports their own: they follow the acting user and a `sandbox reset`, so they stay right.
    pub fn provided(&self, name: &str, sandbox: &Sandbox) -> Option<String> {
        match name {
            "ACCESS_TOKEN" => self.access_token(sandbox),
            "KP_INSTANCE_ID" => sandbox.instances().first().map(|i| i.guid.clone()),
            "REGION" => Some("us-south".into()),
            _ => None,
        }
    }
}

impl Session {
    /// The acting user's IAM access token, issued now by the sandbox's clock for the hour IAM
    /// gives (a JWT, as `ibmcloud iam oauth-tokens` prints it).
    pub fn access_token(&self, sandbox: &Sandbox) -> Option<String> {
        let user = sandbox.user_by_name(&self.user)?;
        sandbox.issue_token(&user.id, sandbox.now().0, TOKEN_LIFETIME)
    }
}

/// What a command handler works with.
pub(crate) struct Ctx<'a> {
    pub session: &'a mut Session,
    pub backend: &'a mut dyn Backend,
    pub out: &'a mut Output,
}

impl Ctx<'_> {
    /// Sends a request as the current user, with `bluemix-instance` when given.
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
        instance: Option<&str>,
    ) -> Response {
        self.request_with(method, path, body, instance, &[])
    }

    /// [`Ctx::request`] with more headers.
    pub fn request_with(
        &mut self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
        instance: Option<&str>,
        extra: &[(&str, &str)],
    ) -> Response {
        let token = self
            .backend
            .sandbox()
            .user_by_name(&self.session.user)
            .map(|u| u.token.clone())
            .unwrap_or_default();
        let mut req =
            Request::new(method, path).header("authorization", &format!("Bearer {token}"));
        if let Some(i) = instance {
            req = req.header("bluemix-instance", i);
        }
        for (name, value) in extra {
            req = req.header(name, value);
        }
        req.body = body;
        self.backend.request(&req)
    }

    pub fn email(&self) -> String {
        self.backend
            .sandbox()
            .user_by_name(&self.session.user)
            .map_or_else(|| self.session.user.clone(), |u| u.email.clone())
    }

    pub fn account(&self) -> String {
        self.backend.sandbox().account().to_string()
    }
}
