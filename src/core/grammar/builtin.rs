//! The catalogue shipped with opsdesk: the files in `commands/`, compiled in.

use std::sync::LazyLock;

use super::{examples, Catalogue, CatalogueError};

/// Every file of `commands/`, in the order `/help` lists them. A test checks that the folder
/// holds exactly these files.
const SOURCES: &[(&str, &str)] = &[
    ("help.toml", include_str!("../../../commands/help.toml")),
    ("whoami.toml", include_str!("../../../commands/whoami.toml")),
    ("ticket.toml", include_str!("../../../commands/ticket.toml")),
    ("task.toml", include_str!("../../../commands/task.toml")),
    (
        "approval.toml",
        include_str!("../../../commands/approval.toml"),
    ),
    ("budget.toml", include_str!("../../../commands/budget.toml")),
    (
        "escalate.toml",
        include_str!("../../../commands/escalate.toml"),
    ),
    (
        "escalation.toml",
        include_str!("../../../commands/escalation.toml"),
    ),
    ("digest.toml", include_str!("../../../commands/digest.toml")),
    ("dept.toml", include_str!("../../../commands/dept.toml")),
    ("member.toml", include_str!("../../../commands/member.toml")),
    ("audit.toml", include_str!("../../../commands/audit.toml")),
    ("export.toml", include_str!("../../../commands/export.toml")),
];

static BUILTIN: LazyLock<Catalogue> = LazyLock::new(|| {
    // The files are part of the build and validated by the tests below, so a broken one is
    // a defect of this build, not a condition to handle at run time.
    load(SOURCES).unwrap_or_else(|e| panic!("built-in command catalogue: {e}"))
});

/// Loads and validates the files, then checks that every example parses.
fn load(sources: &[(&str, &str)]) -> Result<Catalogue, CatalogueError> {
    let catalogue = Catalogue::from_sources(sources)?;
    examples::check(&catalogue, sources)?;
    Ok(catalogue)
}

/// The built-in catalogue, loaded once.
pub fn builtin() -> &'static Catalogue {
    &BUILTIN
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_catalogue_loads() {
        assert!(Catalogue::from_sources(SOURCES).is_ok());
        assert!(builtin().command("ticket").is_some());
    }

    #[test]
    fn every_file_in_commands_is_compiled_in() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/commands");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut compiled: Vec<String> = SOURCES.iter().map(|(n, _)| n.to_string()).collect();
        compiled.sort();
        assert_eq!(on_disk, compiled);
    }
}
