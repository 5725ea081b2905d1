//! Cloud Resource Names: `crn:v1:bluemix:public:<service>:<region>:a/<account>:<instance>:<type>:<resource>`.
//!
//! Parsing names the segment that is wrong, because a documentation reader pasting a CRN by hand needs
//! to know which part to fix.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Crn {
    pub service: String,
    pub region: String,
    pub account: String,
    pub instance: String,
    pub resource_type: String,
    pub resource: String,
}

/// Why a text is not a CRN, naming the segment at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrnError {
    pub segment: &'static str,
    pub message: String,
}

impl fmt::Display for CrnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

const SEGMENTS: [&str; 10] = [
    "crn",
    "version",
    "cname",
    "ctype",
    "service-name",
    "location",
    "scope",
    "service-instance",
    "resource-type",
    "resource",
];

impl Crn {
    pub fn key(region: &str, account: &str, instance: &str, key_id: &str) -> Crn {
        Crn {
            service: "kms".into(),
            region: region.into(),
            account: account.into(),
            instance: instance.into(),
            resource_type: "key".into(),
            resource: key_id.into(),
        }
    }

    /// The CRN of a service instance itself (empty resource type and resource).
    pub fn instance(service: &str, region: &str, account: &str, instance: &str) -> Crn {
        Crn {
            service: service.into(),
            region: region.into(),
            account: account.into(),
            instance: instance.into(),
            resource_type: String::new(),
            resource: String::new(),
        }
    }

    pub fn parse(text: &str) -> Result<Crn, CrnError> {
        let text = text.trim();
        let parts: Vec<&str> = text.split(':').collect();
        let bad = |i: usize, why: String| CrnError {
            segment: SEGMENTS[i.min(9)],
            message: format!("'{text}' is not a valid CRN: {why}"),
        };
        if parts.len() != 10 {
            return Err(CrnError {
                segment: "crn",
                message: format!(
                    "'{text}' is not a valid CRN: it has {} segments separated by ':', a CRN has 10 \
                     (crn:v1:bluemix:public:<service>:<region>:a/<account>:<instance>:<type>:<resource>)",
                    parts.len()
                ),
            });
        }
        let expect = [(0, "crn"), (1, "v1"), (2, "bluemix"), (3, "public")];
        for (i, want) in expect {
            if parts[i] != want {
                return Err(bad(
                    i,
                    format!(
                        "segment {} ({}) is '{}', expected '{want}'",
                        i + 1,
                        SEGMENTS[i],
                        parts[i]
                    ),
                ));
            }
        }
        if parts[4].is_empty() {
            return Err(bad(4, "the service name (segment 5) is empty".into()));
        }
        if parts[5].is_empty() {
            return Err(bad(5, "the location (segment 6) is empty".into()));
        }
        let account = parts[6].strip_prefix("a/").ok_or_else(|| {
            bad(
                6,
                format!(
                    "the scope (segment 7) is '{}', expected 'a/<account id>'",
                    parts[6]
                ),
            )
        })?;
        if account.is_empty() {
            return Err(bad(
                6,
                "the account id in the scope (segment 7) is empty".into(),
            ));
        }
        if parts[7].is_empty() {
            return Err(bad(7, "the service instance (segment 8) is empty".into()));
        }
        Ok(Crn {
            service: parts[4].into(),
            region: parts[5].into(),
            account: account.into(),
            instance: parts[7].into(),
            resource_type: parts[8].into(),
            resource: parts[9].into(),
        })
    }

    /// Parses a CRN that must name a Key Protect (or Hyper Protect Crypto Services) key.
    pub fn parse_key(text: &str) -> Result<Crn, CrnError> {
        let crn = Crn::parse(text)?;
        if crn.service != "kms" && crn.service != "hs-crypto" {
            return Err(CrnError {
                segment: "service-name",
                message: format!(
                    "'{text}' is not a key CRN: its service (segment 5) is '{}', expected 'kms' (Key Protect) or 'hs-crypto'",
                    crn.service
                ),
            });
        }
        if crn.resource_type != "key" {
            return Err(CrnError {
                segment: "resource-type",
                message: format!(
                    "'{text}' is not a key CRN: its resource type (segment 9) is '{}', expected 'key'",
                    crn.resource_type
                ),
            });
        }
        if crn.resource.is_empty() {
            return Err(CrnError {
                segment: "resource",
                message: format!("'{text}' is not a key CRN: the key id (segment 10) is empty"),
            });
        }
        Ok(crn)
    }

    /// Matches a CRN against a pattern whose segments may be `*` (any value); used by the
    /// registrations query `urlEncodedResourceCRNQuery`. A pattern with fewer segments matches
    /// as a prefix ending in a wildcard.
    pub fn matches_pattern(text: &str, pattern: &str) -> bool {
        let mut have = text.split(':');
        for want in pattern.split(':') {
            match have.next() {
                Some(h) if want == "*" || want == h => {}
                None if want == "*" || want.is_empty() => {}
                _ => return false,
            }
        }
        true
    }
}

impl fmt::Display for Crn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "crn:v1:bluemix:public:{}:{}:a/{}:{}:{}:{}",
            self.service,
            self.region,
            self.account,
            self.instance,
            self.resource_type,
            self.resource
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = "crn:v1:bluemix:public:kms:us-south:a/f047b55a3362ac06afad8a3f2f5586ea:12e8c9c2-a162-472d-b7d6-8b9a86b815a6:key:02fd6835-6001-4482-a892-13bd2085f75d";

    #[test]
    fn the_reference_example_round_trips() {
        let crn = Crn::parse_key(EXAMPLE).unwrap();
        assert_eq!(crn.region, "us-south");
        assert_eq!(crn.account, "f047b55a3362ac06afad8a3f2f5586ea");
        assert_eq!(crn.resource, "02fd6835-6001-4482-a892-13bd2085f75d");
        assert_eq!(crn.to_string(), EXAMPLE);
    }

    #[test]
    fn errors_name_the_bad_segment() {
        let cases = [
            ("crn:v1:bluemix:public:kms:us-south", "crn"),
            (&EXAMPLE.replace("crn:v1", "crn:v2")[..], "version"),
            (&EXAMPLE.replace("a/f047", "f047")[..], "scope"),
            (
                &EXAMPLE.replace(":kms:", ":cloud-object-storage:")[..],
                "service-name",
            ),
            (&EXAMPLE.replace(":key:", ":secret:")[..], "resource-type"),
            (
                &EXAMPLE.replace(":02fd6835-6001-4482-a892-13bd2085f75d", ":")[..],
                "resource",
            ),
        ];
        for (text, segment) in cases {
            let err = Crn::parse_key(text).unwrap_err();
            assert_eq!(err.segment, segment, "{text}: {}", err.message);
        }
    }

    #[test]
    fn wildcard_patterns() {
        let db = "crn:v1:bluemix:public:databases-for-redis:us-south:a/acct:dep-1::";
        assert!(Crn::matches_pattern(
            db,
            "crn:v1:bluemix:public:databases-for-redis:us-south:a/acct:dep-1:*:*"
        ));
        assert!(Crn::matches_pattern(
            db,
            "crn:v1:bluemix:public:*:*:*:*:*:*"
        ));
        assert!(!Crn::matches_pattern(
            db,
            "crn:v1:bluemix:public:databases-for-postgresql:*:*:*:*:*"
        ));
    }
}
