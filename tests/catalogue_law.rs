//! The legal audit of 29 November 2026, corrected: for each wrong or outdated fact, the fiche
//! (`acces catalogue CODE`, the guide) and the letter say the corrected value. Then the
//! verifier's rules on primary sources and stale facts.

use crate::common;

use acces::catalogue::{Catalogue, Confidence, EMBEDDED_FILES, Party, Silence, SourceFile, Unit};
use acces::letters::{self, Letter, Target};
use acces::texts::catalogue::{entry_detail, situation_detail};
use chrono::NaiveDate;
use common::{fields, fixture_person as person, letter_options};

fn cat() -> Catalogue {
    Catalogue::embedded().unwrap()
}

fn letter(cat: &Catalogue, code: &str, route: &str, pairs: &[(&str, &str)]) -> Letter {
    let entry = cat.entry(code).unwrap();
    let route = entry.route(route).unwrap();
    let target = Target::new(cat, entry, route, false).unwrap();
    letters::render(&target, &person(), &fields(pairs), letter_options(true)).unwrap()
}

fn fiche(cat: &Catalogue, code: &str) -> String {
    entry_detail(cat, cat.entry(code).unwrap())
}

const ADDRESS: &str = "Destinataire|1 rue de l’Exemple|69007 Lyon";

// 1. TAJ: the CNIL has six months (R.40-33 III), not four or five.
#[test]
fn taj_cnil_step_is_six_months_under_r40_33_iii() {
    let cat = cat();
    let route = cat.entry("TAJ").unwrap().route("cnil-108").unwrap();
    let d = route.deadline_for(Party::Administration).unwrap();
    assert_eq!((d.length, d.unit), (6, Unit::Months));
    assert!(d.extension.is_none());
    assert!(d.basis.contains("R.40-33, III"), "{}", d.basis);
    let text = fiche(&cat, "TAJ");
    assert!(text.contains("6 mois"), "{text}");
    let l = letter(&cat, "TAJ", "cnil-108", &[("date_demande", "2026-11-02")]).text();
    assert!(l.contains("délai de six mois"), "{l}");
    assert!(!l.contains("quatre mois") && !l.contains("5 mois"), "{l}");
    assert!(l.contains("art. R.40-33, III"), "{l}");
}

// 2. TAJ: the favourable court decisions are an imperative enclosure of the CNIL request.
#[test]
fn taj_cnil_request_encloses_the_favourable_decisions() {
    let cat = cat();
    let text = fiche(&cat, "TAJ");
    assert!(text.contains("décisions judiciaires favorables"), "{text}");
    let l = letter(&cat, "TAJ", "cnil-108", &[("date_demande", "2026-11-02")]);
    assert!(
        l.enclosures
            .iter()
            .any(|e| e.starts_with("Copie des décisions judiciaires favorables")),
        "{:?}",
        l.enclosures
    );
    assert!(l.cautions.iter().any(|c| c.contains("impérativement")));
}

// 3. The magistrat référent is open to anyone (230-9), not only to multi-court cases.
#[test]
fn magistrat_referent_is_open_to_anyone() {
    let cat = cat();
    let route = cat.entry("TAJ").unwrap().route("effacement").unwrap();
    assert!(
        route
            .explanation
            .contains("Toute personne peut aussi saisir le magistrat référent")
    );
    assert!(
        !route
            .explanation
            .contains("Si l’affaire concerne plusieurs tribunaux")
    );
    assert!(fiche(&cat, "TAJ").contains("c’est une faculté, pas une obligation"));
    // Nor is 230-9 cited to the procureur any more.
    let l = letter(
        &cat,
        "TAJ",
        "effacement",
        &[
            ("destinataire_adresse", ADDRESS),
            ("decision_judiciaire", "classement sans suite"),
            ("motifs", "Motifs."),
        ],
    );
    assert!(!l.text().contains("230-9"), "{}", l.text());
}

// 4. Erasure requests to the procureur: LRAR « à peine d'irrecevabilité » (R.40-31).
#[test]
fn erasure_request_must_be_sent_by_lrar_or_it_is_inadmissible() {
    let cat = cat();
    assert!(fiche(&cat, "TAJ").contains("à peine d’irrecevabilité (art. R.40-31 CPP)"));
    let l = letter(
        &cat,
        "TAJ",
        "effacement",
        &[
            ("destinataire_adresse", ADDRESS),
            ("decision_judiciaire", "classement sans suite"),
            ("motifs", "Motifs."),
        ],
    );
    assert!(
        l.cautions
            .iter()
            .any(|c| c.contains("à peine d’irrecevabilité") && c.contains("R.40-31")),
        "{:?}",
        l.cautions
    );
    let faed = letter(
        &cat,
        "FAED",
        "effacement",
        &[
            ("destinataire_adresse", ADDRESS),
            ("decision_judiciaire", "relaxe"),
            ("motifs", "Motifs."),
        ],
    );
    assert!(faed.cautions.iter().any(|c| c.contains("R.40-38-6")));
    // The recourse's one-month limit is said before writing it.
    let recours = cat.entry("TAJ").unwrap().route("recours-ci").unwrap();
    assert!(recours.cautions[0].text.contains("irrecevable"));
}

// 5. The préfet de police as a recipient for Paris-area PASP and EASP data.
#[test]
fn prefet_de_police_is_a_recipient_for_pasp_and_easp() {
    let cat = cat();
    let prefet = cat.authority("prefet-police").unwrap();
    assert!(
        prefet.address_lines.is_empty(),
        "no address without a source"
    );
    for code in ["PASP", "EASP"] {
        let route = cat
            .entry(code)
            .unwrap()
            .route("acces-prefet-police")
            .unwrap();
        assert_eq!(route.recipient, "prefet-police");
        assert!(route.start);
        assert!(fiche(&cat, code).contains("Destinataire : Préfet de police"));
        let l = letter(
            &cat,
            code,
            "acces-prefet-police",
            &[(
                "destinataire_adresse",
                "Préfecture de police|Adresse relevée par la personne|75004 Paris",
            )],
        );
        assert!(
            l.recipient
                .iter()
                .any(|r| r.contains("Préfecture de police"))
        );
    }
    // The EASP's mixed regime is now confirmed by the CAA Paris: no longer low.
    let easp = cat.entry("EASP").unwrap();
    assert_eq!(
        easp.route("cnil-118").unwrap().confidence,
        Confidence::Medium
    );
}

// 6. France Travail: 10 days for observations before a radiation is a legal time (R.5412-7).
#[test]
fn france_travail_ten_days_before_radiation_is_r5412_7() {
    let cat = cat();
    let text = fiche(&cat, "FT-CONTROLE");
    assert!(
        text.contains("10 jours (art. R.5412-7 du code du travail)"),
        "{text}"
    );
    assert!(!text.contains("source unique"), "{text}");
    let guide = situation_detail(&cat, "controle-france-travail").unwrap();
    assert!(guide.contains("R.5412-7"), "{guide}");
}

// 7. France Travail: the mandatory prior mediation (R.5312-47 code du travail, L.213-11 CJA),
//    said before output when the letter mentions a decision, and in the guide.
#[test]
fn france_travail_letter_citing_a_decision_warns_of_the_mandatory_mediation() {
    let cat = cat();
    let address = ("destinataire_adresse", ADDRESS);
    for code in ["FT-SUSPICION", "FT-CONTROLE", "FT-JRE", "FT-EMPLOYABILITE"] {
        let with = letter(
            &cat,
            code,
            "rgpd",
            &[
                address,
                ("decisions", "radiation notifiée le 12 février 2027"),
            ],
        );
        let caution = with.cautions.join("\n");
        assert!(
            caution.contains("n’arrête pas le délai"),
            "{code}: {caution}"
        );
        assert!(
            caution.contains("médiation préalable est obligatoire"),
            "{code}"
        );
        assert!(caution.contains("R.5312-47") && caution.contains("L.213-11"));
        assert!(caution.contains("dans les 2 mois"), "{code}: {caution}");
        // Never printed in the letter itself.
        assert!(!with.text().contains("médiation"), "{code}");
        let without = letter(&cat, code, "rgpd", &[address]);
        assert!(
            without.cautions.is_empty(),
            "{code}: {:?}",
            without.cautions
        );
    }
    let guide = situation_detail(&cat, "controle-france-travail").unwrap();
    assert!(
        guide.contains("médiation préalable est obligatoire"),
        "{guide}"
    );
    assert!(!guide.contains("qui n’est pas décrit ici"), "{guide}");
}

#[test]
fn caf_letter_citing_a_decision_warns_that_it_does_not_stop_the_time_limit() {
    let cat = cat();
    let l = letter(
        &cat,
        "CAF-SCORE",
        "rgpd",
        &[
            ("destinataire_adresse", ADDRESS),
            ("decisions", "indu notifié le 3 février 2027"),
        ],
    );
    let caution = l.cautions.join("\n");
    assert!(caution.contains("n’arrête pas le délai"), "{caution}");
    assert!(
        caution.contains("commission de recours amiable"),
        "{caution}"
    );
    // No primary source was read for the CAF's recourse: the fact is marked low.
    let route = cat.entry("CAF-SCORE").unwrap().route("rgpd").unwrap();
    assert_eq!(route.cautions[0].confidence, Confidence::Low);
    assert!(route.cautions[0].note.is_some());
    let guide = situation_detail(&cat, "allocataire-caf").unwrap();
    assert!(guide.contains("n’arrête pas le délai"), "{guide}");
}

// 8. CNIL complaint: three months of silence are an implicit rejection (art. 10 décret
//    2019-536), which starts the two months to go to the Conseil d'État.
#[test]
fn cnil_complaint_silence_of_three_months_is_a_rejection() {
    let cat = cat();
    for code in ["FT-SUSPICION", "CAF-SCORE", "CNAM-C2S", "TES"] {
        let entry = cat.entry(code).unwrap();
        let plainte = entry.route("plainte-cnil").unwrap();
        let d = plainte.deadline_for(Party::Administration).unwrap();
        assert_eq!(
            (d.length, d.unit, d.silence),
            (3, Unit::Months, Silence::Refusal)
        );
        assert!(d.basis.contains("2019-536, art. 10"), "{code}");
        assert!(
            plainte.explanation.contains("implicitement rejetée"),
            "{code}"
        );
        let text = fiche(&cat, code);
        assert!(text.contains("3 mois"), "{code}");
        if let Some(ce) = entry.route("conseil-etat") {
            assert!(ce.explanation.contains("garde le silence pendant 3 mois"));
        }
    }
}

// 9. Bulletin n° 3: cerfa n° 10071 or the online service.
#[test]
fn b3_request_goes_with_cerfa_10071_or_online() {
    let cat = cat();
    let text = fiche(&cat, "CJN");
    assert!(text.contains("cerfa n° 10071"), "{text}");
    let l = letter(&cat, "CJN", "b3", &[]);
    assert!(l.enclosures.iter().any(|e| e.contains("cerfa n° 10071")));
    assert!(l.cautions.iter().any(|c| c.contains("service en ligne")));
}

// 10. CRPA: R.*311-12 and R.311-13 come from décret 2015-1342; L.311-5 is not a basis.
#[test]
fn crpa_articles_have_the_right_provenance_and_l311_5_is_gone() {
    let cat = cat();
    for code in ["FT-SUSPICION", "CAF-SCORE", "CNAM-C2S", "FT-EMPLOYABILITE"] {
        let entry = cat.entry(code).unwrap();
        for route in &entry.routes {
            for b in &route.legal_basis {
                assert!(!b.text.contains("2017-330"), "{code}/{}", route.id);
                assert!(
                    !b.articles.iter().any(|a| a.starts_with("L.311-5")),
                    "{code}/{}",
                    route.id
                );
            }
        }
        let crpa = entry.route("crpa").unwrap();
        let silence = crpa.deadline_for(Party::Administration).unwrap();
        assert_eq!(silence.basis, "CRPA, art. R.*311-12 et R.311-13");
        assert!(
            silence
                .note
                .as_deref()
                .unwrap()
                .contains("décret n° 2015-1342")
        );
        let text = fiche(&cat, code);
        assert!(
            text.contains("[CRPA, art. R.*311-12 et R.311-13]"),
            "{code}"
        );
        assert!(!text.contains("2017-330"), "{code}");
    }
    let l = letter(&cat, "FT-SUSPICION", "crpa", &[]).text();
    assert!(!l.contains("2017-330") && !l.contains("L.311-5"), "{l}");
    assert!(l.contains("R.*311-12 et R.311-13"), "{l}");
}

// 11. FAED retention: R.40-38-4 since 26 April 2024, up to 40 years.
#[test]
fn faed_retention_follows_r40_38_4() {
    let cat = cat();
    let faed = cat.entry("FAED").unwrap();
    assert!(faed.retention.contains("R.40-38-4"));
    assert!(faed.retention.contains("40 ans"));
    assert!(!faed.retention.contains("25 ans au plus"));
    assert!(fiche(&cat, "FAED").contains("Conservation : Depuis le 26 avril 2024"));
}

// 12. The ministry's DPO line and cedex.
#[test]
fn ministry_letters_go_to_its_dpo_at_75800_paris_cedex_08() {
    let cat = cat();
    let l = letter(&cat, "TAJ", "acces", &[]);
    assert_eq!(
        l.recipient,
        [
            "Ministère de l’intérieur",
            "À l’attention du délégué à la protection des données",
            "Place Beauvau",
            "75800 Paris Cedex 08"
        ]
    );
    assert!(fiche(&cat, "TAJ").contains("75800 Paris Cedex 08"));
    assert_eq!(cat.authority("cnil").unwrap().confidence, Confidence::High);
}

// 13. No internal gloss inside a letter; R.40-33 cited by its paragraph.
#[test]
fn no_internal_gloss_in_any_letter() {
    let cat = cat();
    for entry in cat.entries() {
        for route in entry.routes.iter().filter(|r| r.letter.is_some()) {
            for b in &route.legal_basis {
                assert!(
                    !b.text.contains(", puis ") && !b.text.contains(" = "),
                    "{} / {} : « {} »",
                    entry.code,
                    route.id,
                    b.text
                );
            }
        }
    }
    let l = letter(&cat, "TAJ", "acces", &[]).text();
    assert!(!l.contains("accès direct, puis CNIL"), "{l}");
    assert!(l.contains("art. R.40-33, II"), "{l}");
}

// 14. No unverified article number printed in a letter: a low-confidence basis is cited by
//     its text alone (and warned about before output).
#[test]
fn low_confidence_article_numbers_are_never_printed() {
    let cat = cat();
    let l = letter(
        &cat,
        "FT-SUSPICION",
        "rgpd",
        &[("destinataire_adresse", ADDRESS)],
    );
    let text = l.text();
    assert!(
        text.contains("Conseil constitutionnel, décision n° 2018-765 DC)."),
        "{text}"
    );
    assert!(!text.contains("— art. 47"), "{text}");
    let entry = cat.entry("FT-SUSPICION").unwrap();
    let target = Target::new(&cat, entry, entry.route("rgpd").unwrap(), false).unwrap();
    assert!(
        letters::warnings(&target)
            .iter()
            .any(|w| w.fact.contains("art. 47"))
    );
}

// 15. The coming code de procédure pénale is a dated note, not applied.
#[test]
fn new_cpp_is_recorded_as_a_dated_note_only() {
    let cat = cat();
    let taj = cat.entry("TAJ").unwrap();
    assert_eq!(
        taj.coming_law[0].in_force,
        NaiveDate::from_ymd_opt(2029, 1, 1).unwrap()
    );
    let text = fiche(&cat, "TAJ");
    assert!(text.contains("À venir (entrée en vigueur annoncée le 01/01/2029, non appliqué"));
    assert!(
        text.contains("chambre de l’instruction"),
        "still the current court"
    );
    assert!(text.contains("Vérifié le "), "{text}");
}

// The verifier: primary sources and stale facts.

fn embedded_with(path: &str, from: &str, to: &str) -> Catalogue {
    let files: Vec<SourceFile> = EMBEDDED_FILES
        .iter()
        .map(|(p, text)| {
            let text = if *p == path {
                assert!(text.contains(from), "{from} not in {path}");
                text.replacen(from, to, 1)
            } else {
                text.to_string()
            };
            SourceFile::new(*p, text)
        })
        .collect();
    Catalogue::from_files(&files).unwrap()
}

#[test]
fn embedded_catalogue_cites_only_primary_publishers() {
    let problems = cat().source_problems();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_mirror_as_source_is_reported_unless_low_with_a_note() {
    let primary =
        "\"source_url\": \"https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000023709615\"";
    let mirror = "\"source_url\": \"https://legal.tricoteuses.fr/articles/LEGIARTI000023709615\"";
    let cat = embedded_with("fichiers/taj.json", primary, mirror);
    let problems = cat.source_problems();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let p = problems[0].to_string();
    assert!(p.starts_with("fichiers/taj.json /routes/"), "{p}");
    assert!(p.contains("legal.tricoteuses.fr"), "{p}");

    let preprod = "\"source_url\": \"https://preprod.cnil.fr/fr/node/167046\"";
    let cat = embedded_with("fichiers/taj.json", primary, preprod);
    assert_eq!(cat.source_problems().len(), 1);
}

#[test]
fn a_low_fact_with_a_note_may_keep_a_secondary_source() {
    // FT-SUSPICION's art. 47 basis is low, with a note, sourced on nosdeputes.fr.
    let cat = cat();
    let entry = cat.entry("FT-SUSPICION").unwrap();
    let b = entry
        .route("rgpd")
        .unwrap()
        .legal_basis
        .iter()
        .find(|b| b.articles == ["47"]);
    let b = b.unwrap();
    assert!(b.source_url.contains("nosdeputes.fr"));
    assert_eq!(b.confidence, Confidence::Low);
    assert!(cat.source_problems().is_empty());
}

#[test]
fn facts_older_than_twelve_months_are_reported() {
    let cat = cat();
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert!(cat.stale_facts(day(2027, 11, 1)).is_empty());
    let stale = cat.stale_facts(day(2027, 12, 1));
    // Every entry was checked in November 2026.
    assert!(stale.len() >= cat.entries().len(), "{}", stale.len());
    assert!(
        stale
            .iter()
            .any(|p| p.to_string().starts_with("fichiers/taj.json /checked")),
        "{stale:#?}"
    );
    // A fact's own date counts (here the CNIL's six months for the TAJ).
    let cat = embedded_with(
        "fichiers/taj.json",
        "répondez rapidement.\",\n          \"checked\": \"2026-11-29\"",
        "répondez rapidement.\",\n          \"checked\": \"2020-01-01\"",
    );
    let stale = cat.stale_facts(day(2027, 1, 1));
    assert!(
        stale.iter().any(|p| p.file == "fichiers/taj.json"
            && p.pointer.ends_with("/deadlines/0/checked")
            && p.message.contains("01/01/2020")),
        "{stale:#?}"
    );
}

// Audit, letter problems n° 3: the CNIL's current page asks for a two-sided copy of a signed
// identity document showing date and place of birth; the extension is said once.
#[test]
fn cnil_118_encloses_a_two_sided_signed_id_and_states_the_extension_once() {
    let cat = cat();
    let l = letter(&cat, "FSPRT", "cnil-118", &[]);
    assert_eq!(
        l.enclosures,
        [
            "Copie recto-verso d’une pièce d’identité signée, indiquant mes date et lieu de naissance"
        ]
    );
    let text = l.text();
    assert!(text.contains("prolongé d’un mois"), "{text}");
    assert!(!text.contains("délai total"), "{text}");
}
