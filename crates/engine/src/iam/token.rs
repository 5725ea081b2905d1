//! IAM's side of signing in: each user's API key, and the access tokens IAM exchanges it for.
//!
//! IBM's SDKs exchange an API key at `POST /identity/token` and decode the access token they get as a
//! JWT, reading its `iat` and `exp` to schedule refreshes, so the sandbox issues real JWTs (three
//! base64url parts) that `Sandbox::request` maps back to their user. Everything here follows from the
//! seed alone, through a generator of its own: drawing from the sandbox's main stream would change
//! every id made after it. A token's instants are the caller's: the engine has only the virtual
//! clock, while SDKs compare `exp` with the real one, so the face that issues a token (the HTTP
//! server) passes the wall-clock time and is the one that refuses an expired token.
//!
//! The MAC is AES-256-GMAC (AES-GCM over an empty message, the signed text as its AAD), since the
//! engine already carries AES-GCM and only this sandbox ever checks a tag. With a fixed nonce it is
//! not a MAC to protect anything real, like the rest of the sandbox's key material; it keeps tokens of
//! another sandbox, or edited ones, from naming a user here.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine as _;
use serde_json::{json, Value};

use super::model::User;
use crate::crypto::Cipher;
use crate::request::{parse_query, Response};
use crate::rng::Rng;
use crate::sandbox::Sandbox;
use crate::time::Duration;

/// How long IAM's access tokens last.
pub const TOKEN_LIFETIME: Duration = Duration::HOUR;

/// The grant type of an API key exchange, as IAM names it.
pub const APIKEY_GRANT: &str = "urn:ibm:params:oauth:grant-type:apikey";

/// The grant type of a refresh.
pub const REFRESH_GRANT: &str = "refresh_token";

/// Mixed into the seed for the token secret's own generator ("iam-toke" in ASCII).
const SECRET_STREAM: u64 = 0x6961_6d2d_746f_6b65;

/// GMAC's nonce; fixed, since each signed text is MAC'd and never encrypted.
const NONCE: [u8; 12] = *b"byok-sandbox";

const ISSUER: &str = "https://iam.cloud.ibm.com/identity";

/// A token whose signature holds: whose it is, and its `exp` (epoch seconds), which the caller
/// compares with its own clock.
#[derive(Debug, PartialEq)]
pub struct Verified<'a> {
    pub user: &'a User,
    pub expires: i64,
}

impl Sandbox {
    /// The user's IAM API key: 22 base64url characters that only this sandbox's seed gives.
    pub fn api_key(&self, user: &User) -> String {
        B64URL.encode(self.mac(&format!("apikey:{}", user.id)))
    }

    /// The user this API key belongs to.
    pub fn user_by_api_key(&self, apikey: &str) -> Option<&User> {
        self.users.iter().find(|u| self.api_key(u) == apikey.trim())
    }

    /// An access token for the user with this IAM id, issued at `issued_at` (epoch seconds) and
    /// valid for `lifetime`; `None` for an unknown user.
    pub fn issue_token(&self, user_id: &str, issued_at: i64, lifetime: Duration) -> Option<String> {
        let user = self.users.iter().find(|u| u.id == user_id)?;
        let header = json!({ "alg": "HS256", "typ": "JWT", "kid": self.token_key_id() });
        let payload = json!({
            "iam_id": user.id,
            "id": user.id,
            "realmid": "IBMid",
            "sub": user.email,
            "sub_type": "Person",
            "name": user.name,
            "email": user.email,
            "account": { "bss": self.account, "valid": true },
            "iat": issued_at,
            "exp": issued_at + lifetime.0,
            "iss": ISSUER,
            "grant_type": APIKEY_GRANT,
            "scope": "ibm openid",
            "client_id": "default",
        });
        let signed = format!("{}.{}", encode_part(&header), encode_part(&payload));
        let tag = B64URL.encode(self.mac(&signed));
        Some(format!("{signed}.{tag}"))
    }

    /// The user and expiry of a token this sandbox issued; `None` for anything else (another
    /// sandbox's token, an altered one, a user no longer here, or not a JWT at all).
    pub fn verify_token(&self, jwt: &str) -> Option<Verified<'_>> {
        let (signed, tag) = jwt.trim().rsplit_once('.')?;
        let (_, payload) = signed.split_once('.')?;
        if B64URL.decode(tag).ok()? != self.mac(signed) {
            return None;
        }
        let claims: Value = serde_json::from_slice(&B64URL.decode(payload).ok()?).ok()?;
        let id = claims.get("iam_id")?.as_str()?;
        let user = self.users.iter().find(|u| u.id == id)?;
        let expires = claims.get("exp")?.as_i64()?;
        Some(Verified { user, expires })
    }

    /// The user a request's `authorization` header names, by access token or by the sandbox's own
    /// bearer token; `None` when it names nobody (a service's token names no user either).
    pub fn user_for_bearer(&self, authorization: Option<&str>) -> Option<&User> {
        let a = authorization?.trim();
        let token = a
            .strip_prefix("Bearer ")
            .or(a.strip_prefix("bearer "))?
            .trim();
        self.user_by_token(token)
            .or_else(|| self.verify_token(token).map(|v| v.user))
    }

    /// Whether `authorization` carries one of this sandbox's access tokens whose `exp` is at or
    /// before `now` (epoch seconds, by whichever clock the face goes by: the server's wall clock,
    /// the terminal's virtual one).
    pub fn token_expired(&self, authorization: Option<&str>, now: i64) -> bool {
        let Some(a) = authorization.map(str::trim) else {
            return false;
        };
        let Some(token) = a.strip_prefix("Bearer ").or(a.strip_prefix("bearer ")) else {
            return false;
        };
        self.verify_token(token).is_some_and(|v| v.expires <= now)
    }

    /// IAM's `/identity/token` as a face receives it, the method and the form body's text (what the
    /// HTTP server and the terminal's `curl` both hand over): anything but POST gets IAM's 405.
    pub fn identity_token(
        &self,
        method: &str,
        form: &str,
        issued_at: i64,
        lifetime: Duration,
    ) -> Response {
        if !method.eq_ignore_ascii_case("POST") {
            let body = iam_error("BXNIM0405E", "Use POST for /identity/token");
            return Response::new(405, Default::default(), Some(body));
        }
        self.token_request(&parse_query(form), issued_at, lifetime)
    }

    /// IAM's `POST /identity/token`, given its form fields: an API key (or a refresh token) for an
    /// access token issued at `issued_at`, or IAM's 400.
    pub fn token_request(
        &self,
        form: &[(String, String)],
        issued_at: i64,
        lifetime: Duration,
    ) -> Response {
        let field = |name: &str| {
            form.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
                .filter(|v| !v.is_empty())
        };
        let user = match field("grant_type") {
            Some(APIKEY_GRANT) => match field("apikey") {
                Some(key) => self.user_by_api_key(key).ok_or_else(key_not_found),
                None => Err(missing("apikey")),
            },
            Some(REFRESH_GRANT) => match field("refresh_token") {
                Some(token) => self.user_by_refresh_token(token).ok_or_else(|| {
                    iam_error(
                        "BXNIM0407E",
                        "The refresh token is not valid: this sandbox did not issue it.",
                    )
                }),
                None => Err(missing("refresh_token")),
            },
            Some(other) => Err(iam_error(
                "BXNIM0109E",
                &format!("Unsupported grant type '{other}': the sandbox exchanges '{APIKEY_GRANT}' and '{REFRESH_GRANT}'."),
            )),
            None => Err(missing("grant_type")),
        };
        let user = match user {
            Ok(u) => u,
            Err(body) => return Response::new(400, Default::default(), Some(body)),
        };
        let access = self
            .issue_token(&user.id, issued_at, lifetime)
            .expect("the user was just found");
        let body = json!({
            "access_token": access,
            "refresh_token": self.refresh_token(user),
            "token_type": "Bearer",
            "expires_in": lifetime.0,
            "expiration": issued_at + lifetime.0,
            "scope": "ibm openid",
        });
        Response::new(200, Default::default(), Some(body))
    }

    /// A refresh token: the user's id and a tag over it, so only this sandbox's refresh tokens work.
    fn refresh_token(&self, user: &User) -> String {
        let tag = B64URL.encode(self.mac(&format!("refresh:{}", user.id)));
        format!("{}.{tag}", B64URL.encode(&user.id))
    }

    fn user_by_refresh_token(&self, token: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| self.refresh_token(u) == token.trim())
    }

    fn token_key_id(&self) -> String {
        format!("sandbox-{}", &self.account[..8])
    }

    /// The sandbox's tag over `text`. The key is made afresh on each call: an AES key schedule
    /// costs far less than a request, and the sandbox keeps no state for it.
    fn mac(&self, text: &str) -> Vec<u8> {
        let secret: [u8; 32] = Rng::new(self.seed ^ SECRET_STREAM).bytes();
        let key = Cipher::new(&secret).expect("32 bytes make an AES-256 key");
        key.seal(&NONCE, text.as_bytes(), &[])
    }
}

fn encode_part(value: &Value) -> String {
    B64URL.encode(value.to_string())
}

/// IAM's error body.
fn iam_error(code: &str, message: &str) -> Value {
    json!({ "errorCode": code, "errorMessage": message })
}

/// The reference's answer to an API key IAM does not know.
fn key_not_found() -> Value {
    iam_error("BXNIM0415E", "Provided API key could not be found.")
}

fn missing(field: &str) -> Value {
    iam_error(
        "BXNIM0109E",
        &format!("Property missing or empty. Property name: '{field}'"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Actor, Request};

    const T0: i64 = 1_800_000_000;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn exchange(sb: &Sandbox, key: &str) -> Response {
        let grant = [("grant_type", APIKEY_GRANT), ("apikey", key)];
        sb.token_request(&form(&grant), T0, TOKEN_LIFETIME)
    }

    fn decode_part(part: &str) -> Value {
        serde_json::from_slice(&B64URL.decode(part).unwrap()).unwrap()
    }

    #[test]
    fn api_keys_follow_the_seed_and_differ_per_user() {
        let (a, b) = (Sandbox::new(7), Sandbox::new(7));
        let keys: Vec<String> = a.users().iter().map(|u| a.api_key(u)).collect();
        assert_eq!(keys[0], b.api_key(&b.users()[0]));
        assert_eq!(keys[0].len(), 22);
        assert!(keys[1..].iter().all(|k| *k != keys[0]));
        let other = Sandbox::new(8);
        assert_ne!(other.api_key(&other.users()[0]), keys[0]);
        assert_eq!(a.user_by_api_key(&keys[2]).unwrap().name, "carol");
    }

    #[test]
    fn deriving_keys_and_tokens_draws_nothing_from_the_sandbox_stream() {
        let mut a = Sandbox::new(3);
        let mut b = Sandbox::new(3);
        let owner = a.users()[0].clone();
        a.api_key(&owner);
        a.issue_token(&owner.id, T0, TOKEN_LIFETIME);
        let key = Request::new("POST", "/api/v2/key_rings/ring-1");
        let headers = |sb: &Sandbox| {
            key.clone()
                .header("authorization", &format!("Bearer {}", sb.users()[0].token))
                .header("bluemix-instance", &sb.instances()[0].guid)
        };
        let (ra, rb) = (headers(&a), headers(&b));
        assert_eq!(a.request(&ra), b.request(&rb));
    }

    #[test]
    fn an_exchange_answers_as_iam_with_a_jwt_naming_the_user() {
        let sb = Sandbox::new(1);
        let bob = &sb.users()[1];
        let answer = exchange(&sb, &sb.api_key(bob));
        assert_eq!(answer.status, 200);
        let body = answer.body.unwrap();
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], 3600);
        assert_eq!(body["expiration"], T0 + 3600);
        let jwt = body["access_token"].as_str().unwrap();
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(decode_part(parts[0])["typ"], "JWT");
        let claims = decode_part(parts[1]);
        assert_eq!(claims["iam_id"], bob.id.as_str());
        assert_eq!(claims["account"]["bss"], sb.account());
        assert_eq!(
            (claims["iat"].as_i64(), claims["exp"].as_i64()),
            (Some(T0), Some(T0 + 3600))
        );
        let verified = sb.verify_token(jwt).unwrap();
        assert_eq!(
            (verified.user.name.as_str(), verified.expires),
            ("bob", T0 + 3600)
        );
    }

    #[test]
    fn a_bad_key_gets_iams_400() {
        let sb = Sandbox::new(1);
        let answer = exchange(&sb, "not-a-key");
        assert_eq!(answer.status, 400);
        let body = answer.body.unwrap();
        assert_eq!(body["errorCode"], "BXNIM0415E");
        assert_eq!(body["errorMessage"], "Provided API key could not be found.");
        let no_key = sb.token_request(&form(&[("grant_type", APIKEY_GRANT)]), T0, TOKEN_LIFETIME);
        assert_eq!(no_key.status, 400);
        let odd = sb.token_request(&form(&[("grant_type", "password")]), T0, TOKEN_LIFETIME);
        assert_eq!(odd.status, 400);
    }

    #[test]
    fn the_endpoint_takes_a_form_body_by_post_only() {
        let sb = Sandbox::new(1);
        let key = sb.api_key(&sb.users()[0]);
        let form =
            format!("grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey={key}");
        let answer = sb.identity_token("POST", &form, T0, TOKEN_LIFETIME);
        assert_eq!(answer.status, 200);
        let jwt = answer.body.unwrap()["access_token"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(sb.verify_token(&jwt).unwrap().user.id, sb.users()[0].id);
        let get = sb.identity_token("GET", &form, T0, TOKEN_LIFETIME);
        assert_eq!(get.status, 405);
        assert_eq!(get.body.unwrap()["errorCode"], "BXNIM0405E");
    }

    #[test]
    fn a_refresh_token_gives_a_new_access_token_and_a_forged_one_does_not() {
        let sb = Sandbox::new(1);
        let first = exchange(&sb, &sb.api_key(&sb.users()[0])).body.unwrap();
        let refresh = first["refresh_token"].as_str().unwrap();
        let grant = [("grant_type", REFRESH_GRANT), ("refresh_token", refresh)];
        let again = sb.token_request(&form(&grant), T0 + 10, TOKEN_LIFETIME);
        assert_eq!(again.status, 200);
        let other = Sandbox::new(2);
        assert_eq!(
            other
                .token_request(&form(&grant), T0, TOKEN_LIFETIME)
                .status,
            400
        );
    }

    #[test]
    fn foreign_altered_and_garbled_tokens_do_not_verify() {
        let sb = Sandbox::new(1);
        let owner = sb.users()[0].id.clone();
        let jwt = sb.issue_token(&owner, T0, TOKEN_LIFETIME).unwrap();
        assert!(Sandbox::new(2).verify_token(&jwt).is_none());
        let parts: Vec<&str> = jwt.split('.').collect();
        let mut claims = decode_part(parts[1]);
        claims["exp"] = json!(T0 + 999_999);
        let altered = format!("{}.{}.{}", parts[0], encode_part(&claims), parts[2]);
        assert!(sb.verify_token(&altered).is_none());
        for garbled in ["", "a.b", "a.b.c", "..", "x.y.z.w", &jwt[..jwt.len() - 2]] {
            assert!(sb.verify_token(garbled).is_none(), "{garbled}");
        }
        assert!(sb.issue_token("IBMid-NOBODY", T0, TOKEN_LIFETIME).is_none());
    }

    #[test]
    fn requests_with_a_verified_token_act_as_its_user_and_foreign_ones_are_anonymous() {
        let sb = Sandbox::new(1);
        let carol = sb.users()[2].clone();
        let jwt = sb.issue_token(&carol.id, T0, TOKEN_LIFETIME).unwrap();
        let bearer = format!("Bearer {jwt}");
        assert_eq!(sb.actor_for(Some(&bearer)), Actor::User(carol.id.clone()));
        assert_eq!(
            sb.user_for_bearer(Some(&bearer)).map(|u| &u.name),
            Some(&carol.name)
        );
        let foreign =
            Sandbox::new(9).issue_token(&Sandbox::new(9).users()[0].id, T0, TOKEN_LIFETIME);
        let foreign = format!("Bearer {}", foreign.unwrap());
        assert_eq!(sb.actor_for(Some(&foreign)), Actor::Anonymous);
        assert!(sb.user_for_bearer(Some(&foreign)).is_none());
    }
}
