//! The letter templates, embedded in the binary, and the one tera instance that holds them.

use std::sync::LazyLock;

use tera::{Context, Tera};

/// The reminder letter kind, usable for any route with a recipient deadline.
pub const RELANCE: &str = "relance";

/// (kind, template source) for every letter kind.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "acces_titre3",
        include_str!("../../templates/acces_titre3.txt"),
    ),
    ("casier_b3", include_str!("../../templates/casier_b3.txt")),
    (
        "casier_releve_integral",
        include_str!("../../templates/casier_releve_integral.txt"),
    ),
    (
        "ccf_interpol",
        include_str!("../../templates/ccf_interpol.txt"),
    ),
    ("cnil_108", include_str!("../../templates/cnil_108.txt")),
    ("cnil_118", include_str!("../../templates/cnil_118.txt")),
    (
        "demande_documents",
        include_str!("../../templates/demande_documents.txt"),
    ),
    (
        "effacement_procureur",
        include_str!("../../templates/effacement_procureur.txt"),
    ),
    ("mandat", include_str!("../../templates/mandat.txt")),
    (
        "plainte_cnil",
        include_str!("../../templates/plainte_cnil.txt"),
    ),
    (
        "recours_chambre_instruction",
        include_str!("../../templates/recours_chambre_instruction.txt"),
    ),
    (RELANCE, include_str!("../../templates/relance.txt")),
    (
        "rgpd_algorithme",
        include_str!("../../templates/rgpd_algorithme.txt"),
    ),
    (
        "rgpd_rectification",
        include_str!("../../templates/rgpd_rectification.txt"),
    ),
    (
        "saisine_cada",
        include_str!("../../templates/saisine_cada.txt"),
    ),
];

/// The names of all letter kinds (template names without `.txt`).
pub const KINDS: &[&str] = &[
    "acces_titre3",
    "casier_b3",
    "casier_releve_integral",
    "ccf_interpol",
    "cnil_108",
    "cnil_118",
    "demande_documents",
    "effacement_procureur",
    "plainte_cnil",
    "recours_chambre_instruction",
    RELANCE,
    "rgpd_algorithme",
    "rgpd_rectification",
    "saisine_cada",
];

static TERA: LazyLock<Result<Tera, String>> = LazyLock::new(|| {
    let mut tera = Tera::new();
    // Letters are plain text: nothing is escaped, and nothing typed is ever template source.
    tera.autoescape_on(Vec::<&'static str>::new());
    for (name, source) in TEMPLATES {
        tera.add_raw_template(name, source)
            .map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(tera)
});

/// Fills the template of `kind` with `context`.
pub fn fill(kind: &str, context: &Context) -> Result<String, String> {
    let tera = TERA.as_ref().map_err(Clone::clone)?;
    tera.render(kind, context).map_err(|e| {
        let mut s = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(inner) = source {
            s.push_str(": ");
            s.push_str(&inner.to_string());
            source = inner.source();
        }
        s
    })
}

/// The top-level variables a template reads (best effort, as tera reports them).
pub fn variables(kind: &str) -> Result<Vec<String>, String> {
    let tera = TERA.as_ref().map_err(Clone::clone)?;
    let mut v: Vec<String> = tera
        .get_template_variables(kind)
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(str::to_string)
        .collect();
    v.sort();
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_file_is_embedded_and_listed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                name.strip_suffix(".txt").map(str::to_string)
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        // The mandate is not a route's letter (`letters::mandate`).
        let mut kinds: Vec<String> = KINDS
            .iter()
            .chain(std::iter::once(&super::super::mandate::KIND))
            .map(|n| n.to_string())
            .collect();
        kinds.sort();
        assert_eq!(on_disk, embedded);
        assert_eq!(on_disk, kinds);
        for (name, source) in TEMPLATES {
            let file = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap();
            assert_eq!(&file, source, "{name}");
        }
    }

    #[test]
    fn variables_are_reported() {
        let v = variables("acces_titre3").unwrap();
        assert!(v.contains(&"personne".to_string()), "{v:?}");
        assert!(v.contains(&"fondements".to_string()), "{v:?}");
    }

    #[test]
    fn an_undefined_variable_is_an_error() {
        let mut tera = Tera::new();
        tera.add_raw_template("t", "{{ absent }}").unwrap();
        assert!(tera.render("t", &Context::new()).is_err());
    }

    #[test]
    fn all_templates_parse() {
        assert!(TERA.is_ok(), "{:?}", TERA.as_ref().err());
    }

    #[test]
    fn user_text_is_not_evaluated() {
        let mut tera = Tera::new();
        tera.autoescape_on(Vec::<&'static str>::new());
        tera.add_raw_template("t", "[{{ v }}]").unwrap();
        for raw in ["{{ 7*7 }}", "{% raw %}", "<b>&amp;</b>", "{# x #}"] {
            let mut ctx = Context::new();
            ctx.insert("v", raw);
            assert_eq!(tera.render("t", &ctx).unwrap(), format!("[{raw}]"));
        }
    }
}
