//! What a platform face's answer looks like, decided when the request is parsed (`platform.rs`
//! encodes it; each service's face picks it).

/// What a platform answer looks like, decided when the request is parsed.
pub(crate) enum Shape {
    NoContent,
    Policy(u16),
    Policies {
        only_authorization: bool,
    },
    NewKmsInstance,
    KmsInstance(String),
    Instance(u16),
    Instances {
        resource_id: Option<String>,
        name: Option<String>,
    },
    Reclamations {
        instance: Option<String>,
    },
    Reclamation,
    IcdDeployment,
    Task,
    Tasks,
    Backups,
    Backup,
    Record,
    Records,
    Disk,
    Settings,
}
