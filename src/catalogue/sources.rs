//! Where a fact's `source_url` may point, and how old a fact may get before it must be
//! checked again. Both are reported by `acces catalogue verifier`.
//!
//! A fact's `source_url` names the primary publisher: Légifrance for texts (article, JORF or
//! LODA pages built from their LEGIARTI/JORFTEXT ids), the CNIL's public site (never a
//! pre-production host), service-public.fr fiches, the courts' own sites or Juricaf for
//! decisions, EUR-Lex and Curia for EU law, and each administration's own site for its
//! addresses. A mirror actually read is kept as `copy_url` (« copie consultée »). A fact whose
//! only source is not a primary publisher must be marked low confidence, with a note.

use chrono::{Months, NaiveDate};

/// The primary publishers, as registrable domains: a host matches when it is the domain or
/// one of its subdomains (`www.legifrance.gouv.fr`, `poitiers.tribunal-administratif.fr`).
pub const PRIMARY_HOSTS: &[&str] = &[
    // Texts.
    "legifrance.gouv.fr",
    "code.travail.gouv.fr",
    "eur-lex.europa.eu",
    // Decisions.
    "conseil-etat.fr",
    "juricaf.org",
    "curia.europa.eu",
    "tribunal-administratif.fr",
    "cour-administrative-appel.fr",
    "conseil-constitutionnel.fr",
    "courdecassation.fr",
    // Authorities and administrations, for their own procedures and addresses.
    "cnil.fr",
    "cada.fr",
    "cada.data.gouv.fr",
    "service-public.fr",
    "service-public.gouv.fr",
    "interieur.gouv.fr",
    "justice.gouv.fr",
    "justice.fr",
    "francetravail.fr",
    "bo-pole-emploi.org",
    "caf.fr",
    "ameli.fr",
    "interpol.int",
    "defenseurdesdroits.fr",
    "assemblee-nationale.fr",
    "senat.fr",
    "home-affairs.ec.europa.eu",
];

/// A fact not checked again for this long is reported as stale.
pub const STALE_AFTER_MONTHS: u32 = 12;

/// The host of an `http(s)` URL, lowercased, without port or trailing dot.
pub fn host(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?;
    let host = host.trim_end_matches('.').to_lowercase();
    (!host.is_empty()).then_some(host)
}

/// Whether `url` is published by one of [`PRIMARY_HOSTS`] (never a pre-production host).
pub fn is_primary(url: &str) -> bool {
    let Some(host) = host(url) else {
        return false;
    };
    if host.split('.').any(|label| label.contains("preprod")) {
        return false;
    }
    PRIMARY_HOSTS
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

/// Whether a fact checked on `checked` is due for a new check on `today`.
pub fn is_stale(checked: NaiveDate, today: NaiveDate) -> bool {
    checked
        .checked_add_months(Months::new(STALE_AFTER_MONTHS))
        .is_some_and(|due| due < today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_publishers_and_their_subdomains() {
        assert!(is_primary(
            "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000037301011"
        ));
        assert!(is_primary("http://cnil.fr/fr/cnil-direct/question/x"));
        assert!(is_primary("https://cnil.fr./exercer-ses-droits"));
        assert!(is_primary(
            "https://poitiers.tribunal-administratif.fr/vos-demarches"
        ));
        assert!(is_primary(
            "https://www.service-public.fr/particuliers/vosdroits/F1420"
        ));
    }

    #[test]
    fn mirrors_preproduction_and_look_alikes_are_not_primary() {
        assert!(!is_primary("https://preprod.cnil.fr/fr/node/167046"));
        assert!(!is_primary(
            "https://legal.tricoteuses.fr/articles/LEGIARTI000025818430"
        ));
        assert!(!is_primary("https://www.doctrine.fr/l/texts/codes/x"));
        assert!(!is_primary("https://notlegifrance.gouv.fr/x"));
        assert!(!is_primary("https://legifrance.gouv.fr.example.com/x"));
        assert!(!is_primary("ftp://legifrance.gouv.fr/x"));
        assert!(!is_primary("https://user@evil.example/legifrance.gouv.fr"));
    }

    #[test]
    fn stale_after_twelve_months() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(!is_stale(d(2026, 11, 29), d(2027, 11, 29)));
        assert!(is_stale(d(2026, 11, 29), d(2027, 11, 30)));
        assert!(!is_stale(d(2026, 11, 29), d(2026, 11, 29)));
    }
}
