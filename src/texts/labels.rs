//! French names for the catalogue's enumerations.

use crate::catalogue::{Accred, Confidence, CountedFrom, Party, Regime, Silence, Unit};

pub fn regime(r: Regime) -> &'static str {
    match r {
        Regime::Rgpd => "RGPD",
        Regime::LilTitre3 => "loi 78-17, titre III (police-justice)",
        Regime::LilTitre4 => "loi 78-17, titre IV (sûreté de l'État)",
        Regime::Cpp => "code de procédure pénale",
        Regime::Crpa => "CRPA (documents administratifs)",
        Regime::Other => "règles propres à l'organisme",
    }
}

pub fn regime_short(r: Regime) -> &'static str {
    match r {
        Regime::Rgpd => "RGPD",
        Regime::LilTitre3 => "titre III",
        Regime::LilTitre4 => "titre IV",
        Regime::Cpp => "CPP",
        Regime::Crpa => "CRPA",
        Regime::Other => "autre",
    }
}

pub fn regimes_short(rs: &[Regime]) -> String {
    rs.iter()
        .map(|r| regime_short(*r))
        .collect::<Vec<_>>()
        .join(" + ")
}

pub fn confidence(c: Confidence) -> &'static str {
    match c {
        Confidence::High => "élevée",
        Confidence::Medium => "moyenne",
        Confidence::Low => "faible — à revérifier",
    }
}

pub fn accred(a: Accred) -> &'static str {
    match a {
        Accred::Yes => "oui",
        Accred::No => "non",
        Accred::Unknown => "inconnu",
    }
}

pub fn length(n: u32, unit: Unit) -> String {
    match (unit, n) {
        (Unit::Months, n) => format!("{n} mois"),
        (Unit::Days, 1) => "1 jour".into(),
        (Unit::Days, n) => format!("{n} jours"),
    }
}

pub fn counted_from(f: CountedFrom) -> &'static str {
    match f {
        CountedFrom::Receipt => "à compter de la réception de la demande",
        CountedFrom::Sending => "à compter de l'envoi",
        CountedFrom::Decision => "à compter de la décision (refus exprès ou implicite)",
    }
}

pub fn party(p: Party) -> &'static str {
    match p {
        Party::Administration => "délai de réponse du destinataire",
        Party::Person => "délai pour agir (vous)",
    }
}

pub fn silence(s: Silence) -> Option<&'static str> {
    match s {
        Silence::Refusal => Some("sans réponse, la demande est considérée comme refusée"),
        Silence::Restriction => {
            Some("sans réponse, l'accès est considéré comme restreint : vous pouvez saisir la CNIL")
        }
        Silence::Nothing => None,
    }
}
