//! Letters: golden texts for every letter kind, PDF read back, e-mail form, injection,
//! missing and invalid fields.
//!
//! Golden files live in tests/golden/; `UPDATE_GOLDEN=1 cargo test --test integration letters::` rewrites
//! them (then read every one of them before committing).

use crate::common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use acces::catalogue::Catalogue;
use acces::letters::{self, Letter, LetterError, Target};
use acces::person::Person;
use common::{fields, fixture_person as person, letter_options as options};

fn render_with(
    cat: &Catalogue,
    code: &str,
    route: &str,
    relance: bool,
    person: &Person,
    pairs: &[(&str, &str)],
) -> Result<Letter, LetterError> {
    let entry = cat.entry(code).unwrap();
    let route = entry.route(route).unwrap();
    let target = Target::new(cat, entry, route, relance)?;
    letters::render(&target, person, &fields(pairs), options(true))
}

const TRIBUNAL: &str = "Tribunal judiciaire de Lyon|67 rue Servient|69433 Lyon Cedex 03";

/// (golden file, entry, route, relance, fields): at least one per letter kind.
type Case = (
    &'static str,
    &'static str,
    &'static str,
    bool,
    &'static [(&'static str, &'static str)],
);

const CASES: &[Case] = &[
    ("acces_titre3", "TAJ", "acces", false, &[]),
    (
        "acces_titre3_accred",
        "ACCReD",
        "acces",
        false,
        &[
            (
                "organisme_accreditation",
                "le comité d’organisation d’un grand événement",
            ),
            ("date_refus_accreditation", "2027-01-15"),
        ],
    ),
    (
        "cnil_108",
        "TAJ",
        "cnil-108",
        false,
        &[("date_demande", "2026-11-02")],
    ),
    (
        "cnil_108_refus",
        "FPR",
        "cnil-108",
        false,
        &[
            ("date_demande", "2026-10-05"),
            ("date_reponse", "2026-12-10"),
            ("reference_reponse", "DPD/2026/1234"),
        ],
    ),
    ("cnil_118", "FSPRT", "cnil-118", false, &[]),
    (
        "plainte_cnil",
        "FT-SUSPICION",
        "plainte-cnil",
        false,
        &[
            ("date_demande", "2026-12-01"),
            ("date_reception", "2026-12-03"),
        ],
    ),
    (
        "effacement_procureur",
        "TAJ",
        "effacement",
        false,
        &[
            ("destinataire_adresse", TRIBUNAL),
            ("decision_judiciaire", "classement sans suite"),
            ("date_decision_judiciaire", "2024-06-01"),
            ("reference_procedure", "parquet n° 24/12345"),
            (
                "motifs",
                "La procédure a été classée sans suite pour absence d’infraction. Cette mention m’a été opposée lors d’une enquête administrative et m’empêche d’exercer mon métier.",
            ),
        ],
    ),
    (
        "recours_chambre_instruction",
        "TAJ",
        "recours-ci",
        false,
        &[
            (
                "destinataire_adresse",
                "Cour d’appel de Lyon|1 rue du Palais de Justice|69005 Lyon",
            ),
            ("date_demande", "2026-12-01"),
            ("date_reponse", "2027-02-15"),
            (
                "decision_judiciaire",
                "classement sans suite du 1er juin 2024",
            ),
            (
                "motifs",
                "Les faits ont été classés sans suite pour absence d’infraction ; leur maintien dans le fichier n’est plus nécessaire au regard de la finalité du traitement.",
            ),
        ],
    ),
    ("casier_b3", "CJN", "b3", false, &[]),
    (
        "casier_releve_integral",
        "CJN",
        "releve-integral",
        false,
        &[("destinataire_adresse", TRIBUNAL)],
    ),
    ("ccf_interpol", "INTERPOL", "ccf", false, &[]),
    (
        "rgpd_algorithme",
        "FT-SUSPICION",
        "rgpd",
        false,
        &[
            (
                "destinataire_adresse",
                "Agence France Travail Lyon Gerland|10 rue de l’Exemple|69007 Lyon",
            ),
            ("decisions", "radiation notifiée le 12 février 2027"),
        ],
    ),
    (
        "rgpd_algorithme_caf",
        "CAF-SCORE",
        "rgpd",
        false,
        &[(
            "destinataire_adresse",
            "CAF du Rhône|Adresse relevée sur caf.fr|69000 Lyon",
        )],
    ),
    (
        "rgpd_rectification",
        "FT-SUSPICION",
        "rectification",
        false,
        &[
            (
                "destinataire_adresse",
                "Agence France Travail Lyon Gerland|10 rue de l’Exemple|69007 Lyon",
            ),
            ("date_demande", "2026-12-01"),
            ("date_reponse", "2027-01-15"),
            (
                "donnees_a_corriger",
                "Situation familiale : enregistrée « seule », alors que je vis en couple depuis le 1er mars 2026 (attestation jointe).\nSignalement « suspicion de fraude » du 3 octobre 2026 : il repose sur cette erreur ; je vous demande de l’effacer.",
            ),
        ],
    ),
    ("demande_documents", "FT-SUSPICION", "crpa", false, &[]),
    (
        "saisine_cada",
        "CAF-SCORE",
        "cada",
        false,
        &[("date_demande", "2026-12-01")],
    ),
    (
        "relance",
        "TAJ",
        "acces",
        true,
        &[
            ("date_demande", "2026-11-02"),
            ("date_reception", "2026-11-05"),
        ],
    ),
    (
        "relance_documents",
        "FT-SUSPICION",
        "crpa",
        true,
        &[("date_demande", "2026-12-01")],
    ),
];

#[test]
fn golden_letters() {
    let cat = Catalogue::embedded().unwrap();
    let person = person();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut kinds_seen = Vec::new();
    let mut failures = Vec::new();
    for (name, code, route, relance, pairs) in CASES {
        let letter = render_with(&cat, code, route, *relance, &person, pairs)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        kinds_seen.push(letter.kind.clone());
        let text = letter.text();
        let path = dir.join(format!("{name}.txt"));
        if update {
            std::fs::write(&path, &text).unwrap();
        } else {
            let expected = std::fs::read_to_string(&path).unwrap_or_default();
            if expected != text {
                failures.push(name.to_string());
            }
        }
    }
    assert!(
        failures.is_empty(),
        "golden letters differ: {failures:?} (UPDATE_GOLDEN=1 to rewrite, then read them)"
    );
    for kind in letters::KINDS {
        assert!(
            kinds_seen.iter().any(|k| k == kind),
            "no golden letter for {kind}"
        );
    }
}

/// The golden letters are dated in time: a recourse is never dated past the person's
/// deadline counted from the decision it contests (issue 10, defect 8: the chambre de
/// l'instruction letter was dated three months after the refusal).
#[test]
fn golden_letters_are_dated_within_the_persons_deadline() {
    use acces::law::Region;
    use acces::letters::journey;
    let cat = Catalogue::embedded().unwrap();
    let mut dated = 0;
    for (name, code, route, relance, pairs) in CASES {
        let entry = cat.entry(code).unwrap();
        let target = Target::new(&cat, entry, entry.route(route).unwrap(), *relance).unwrap();
        let typed = fields(pairs);
        let today = options(true).today;
        let on = journey::letter_day(&typed, today);
        let guard = journey::guard(
            &target,
            journey::typed_decision(&typed),
            Region::General,
            on,
        );
        if let Some(g) = guard {
            assert!(!g.is_late(), "{name}: {:?}", g.lines(route));
            dated += usize::from(g.days_left().is_some());
        }
    }
    assert!(
        dated >= 1,
        "the recourse golden letter is checked against a date"
    );
}

/// After a silence, no letter that follows a step cites a reply date or encloses a refusal
/// (issue 10, defect 2): every route that has a previous step, written without
/// `date_reponse`.
#[test]
fn after_silence_no_letter_cites_a_reply_or_encloses_a_refusal() {
    let cat = Catalogue::embedded().unwrap();
    let mut seen = 0;
    for entry in cat.entries() {
        for route in entry.routes.iter().filter(|r| r.letter.is_some()) {
            let target = Target::new(&cat, entry, route, false).unwrap();
            if target.previous().is_none() {
                continue;
            }
            let pairs: Vec<(&str, &str)> = letters::needed_fields(&target)
                .iter()
                .filter(|f| f.required && f.source == letters::FieldSource::Case)
                .map(|f| match f.kind {
                    letters::FieldKind::Date => (f.key, "2026-10-05"),
                    letters::FieldKind::Lines => (f.key, "Destinataire|1 rue X|69000 Lyon"),
                    _ => (f.key, "Texte de la personne."),
                })
                .collect();
            let letter = render_with(&cat, &entry.code, &route.id, false, &person(), &pairs)
                .unwrap_or_else(|e| panic!("{} {}: {e}", entry.code, route.id));
            let text = letter.text();
            for said in ["réponse du", "réponse que j’ai reçue"] {
                assert!(
                    !text.contains(said),
                    "{} {}: {said}\n{text}",
                    entry.code,
                    route.id
                );
            }
            // « décision du » followed by a date (a citation may name « la décision du
            // président… »).
            let dated = text
                .match_indices("décision du ")
                .any(|(i, m)| text[i + m.len()..].starts_with(|c: char| c.is_ascii_digit()));
            assert!(
                !dated,
                "{} {}: a decision's date\n{text}",
                entry.code, route.id
            );
            for enclosed in &letter.enclosures {
                let e = enclosed.to_lowercase();
                assert!(
                    !(e.contains("refus") || e.contains("réponse") || e.contains("décision de")),
                    "{} {}: {enclosed}",
                    entry.code,
                    route.id
                );
            }
            seen += 1;
        }
    }
    assert!(seen >= 10, "{seen}");
}

#[test]
fn letter_cites_catalogue_articles_deadline_and_enclosures() {
    let cat = Catalogue::embedded().unwrap();
    let letter = render_with(&cat, "TAJ", "acces", false, &person(), &[]).unwrap();
    let text = letter.text();
    let route = cat.entry("TAJ").unwrap().route("acces").unwrap();
    for basis in &route.legal_basis {
        assert!(text.contains(&basis.text), "{}", basis.text);
    }
    assert!(text.contains("art. 104, 105, 106 et 107"));
    assert!(text.contains(
        "vous disposez d’un délai de deux mois à compter de la réception de la présente lettre"
    ));
    assert_eq!(
        route.enclose,
        vec!["Copie recto-verso d’une pièce d’identité indiquant vos date et lieu de naissance"]
    );
    assert_eq!(
        letter.enclosures,
        vec!["Copie recto-verso d’une pièce d’identité indiquant mes date et lieu de naissance"]
    );
    assert!(text.contains("Lettre recommandée avec accusé de réception"));
    assert!(text.contains("Lyon, le 1er mars 2027"));
    assert!(text.contains("Date de naissance : 1er mai 1991"));
    assert_eq!(
        letter.recipient[1],
        "À l’attention du délégué à la protection des données"
    );
    assert_eq!(letter.recipient[2], "Place Beauvau");
}

#[test]
fn extension_is_stated() {
    let cat = Catalogue::embedded().unwrap();
    let letter = render_with(
        &cat,
        "FT-SUSPICION",
        "rgpd",
        false,
        &person(),
        &[("destinataire_adresse", "Agence|69007 Lyon")],
    )
    .unwrap();
    let text = letter.text();
    assert!(
        text.contains("d’un mois à compter de la réception"),
        "{text}"
    );
    assert!(
        text.contains("Ce délai peut être prolongé de deux mois"),
        "{text}"
    );
    assert!(text.contains("Identifiant France Travail : 7654321X"));
    assert!(!text.contains("N° allocataire CAF"));
}

#[test]
fn user_text_prints_exactly_as_typed() {
    let cat = Catalogue::embedded().unwrap();
    let mut p = person();
    p.nom = "{{ 7*7 }}".into();
    p.prenoms = "{% raw %}".into();
    p.lieu_naissance = Some("{# commentaire #} <b>&amp;</b>".into());
    let letter = render_with(
        &cat,
        "TAJ",
        "acces",
        false,
        &p,
        &[("precisions", "{% for x in y %}{{ x }}{% endfor %}")],
    )
    .unwrap();
    let text = letter.text();
    assert!(text.contains("Nom : {{ 7*7 }}"), "{text}");
    assert!(text.contains("Prénoms : {% raw %}"));
    assert!(text.contains("{# commentaire #} <b>&amp;</b>"));
    assert!(text.contains("{% for x in y %}{{ x }}{% endfor %}"));
    assert!(!text.contains("49"));
    assert_eq!(letter.signature, vec!["{% raw %} {{ 7*7 }}".to_string()]);
}

#[test]
fn missing_fields_are_named_with_how_to_give_them() {
    let cat = Catalogue::embedded().unwrap();
    let mut p = person();
    p.date_naissance = None;
    let err = render_with(&cat, "TAJ", "cnil-108", false, &p, &[]).unwrap_err();
    let LetterError::Missing(fields) = &err else {
        panic!("{err:?}")
    };
    let keys: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, vec!["date_naissance", "date_demande"]);
    let msg = err.to_string();
    assert!(msg.contains("--champ date_demande=valeur"), "{msg}");
    assert!(msg.contains("--champ date_naissance=valeur"), "{msg}");
    assert!(msg.contains("Date de votre première demande"), "{msg}");

    // A local recipient's address is asked for.
    let err = render_with(&cat, "TAJ", "effacement", false, &person(), &[]).unwrap_err();
    assert!(err.to_string().contains("destinataire_adresse"), "{err}");
    assert!(err.to_string().contains("decision_judiciaire"), "{err}");
}

#[test]
fn invalid_values_are_refused() {
    let cat = Catalogue::embedded().unwrap();
    let err = render_with(
        &cat,
        "TAJ",
        "cnil-108",
        false,
        &person(),
        &[("date_demande", "2026-02-30")],
    )
    .unwrap_err();
    assert!(
        matches!(&err, LetterError::Invalid { key, .. } if key == "date_demande"),
        "{err:?}"
    );
    assert!(err.to_string().contains("n'existe pas"), "{err}");

    let mut p = person();
    p.code_postal = "690".into();
    let err = render_with(&cat, "TAJ", "acces", false, &p, &[]).unwrap_err();
    assert!(matches!(&err, LetterError::Invalid { key, .. } if key == "code_postal"));

    let err = render_with(
        &cat,
        "TAJ",
        "acces",
        false,
        &person(),
        &[("email", "pas-une-adresse")],
    )
    .unwrap_err();
    assert!(matches!(&err, LetterError::Invalid { key, .. } if key == "email"));

    let err = render_with(&cat, "TAJ", "acces", false, &person(), &[("inconnu", "x")]).unwrap_err();
    assert!(matches!(err, LetterError::UnknownField(_)));
}

#[test]
fn pdf_reads_back_with_name_address_articles_on_a4() {
    let cat = Catalogue::embedded().unwrap();
    let letter = render_with(&cat, "TAJ", "acces", false, &person(), &[]).unwrap();
    let bytes = letters::pdf::render(&letter).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));

    let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Camille Œlia Lefèvre",
        "Place Beauvau",
        "75800 Paris Cedex 08",
        "art. 104, 105, 106 et 107",
        "R.40-33",
        "Lettre recommandée avec accusé de réception",
        "Pièces jointes",
        "Saint-Étienne",
        "suivant : Traitement d’antécédents judiciaires (TAJ)",
    ] {
        assert!(flat.contains(needle), "{needle} not in PDF text:\n{flat}");
    }

    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages();
    assert!(!pages.is_empty());
    for (_, id) in pages {
        let page = doc.get_dictionary(id).unwrap();
        let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
        let nums: Vec<f32> = media.iter().map(|o| o.as_float().unwrap()).collect();
        assert_eq!(nums.len(), 4);
        assert!(nums[0].abs() < 0.01 && nums[1].abs() < 0.01);
        assert!((nums[2] - 595.28).abs() < 0.01, "{nums:?}");
        assert!((nums[3] - 841.89).abs() < 0.01, "{nums:?}");
    }
}

#[test]
fn long_letter_breaks_pages() {
    let cat = Catalogue::embedded().unwrap();
    let long = "Un motif détaillé. ".repeat(400);
    let letter = render_with(
        &cat,
        "TAJ",
        "effacement",
        false,
        &person(),
        &[
            ("destinataire_adresse", TRIBUNAL),
            ("decision_judiciaire", "relaxe"),
            ("motifs", &long),
        ],
    )
    .unwrap();
    let bytes = letters::pdf::render(&letter).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert!(doc.get_pages().len() >= 3, "{}", doc.get_pages().len());
    let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    assert!(text.contains("Pièces jointes"));
    // Issue 15: from page 2, a header matches a loose page to its letter.
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let pages = doc.get_pages().len();
    assert!(
        flat.contains("Lefèvre — Objet : Demande d’effacement")
            && flat.contains(&format!("page 2/{pages}")),
        "{flat}"
    );
    assert!(
        !flat.contains("page 1/"),
        "no header on the first page: {flat}"
    );
}

#[test]
fn eml_is_utf8_with_recipient_subject_and_unsent_flag() {
    let cat = Catalogue::embedded().unwrap();
    let entry = cat.entry("TAJ").unwrap();
    let route = entry.route("acces").unwrap();
    let target = Target::new(&cat, entry, route, false).unwrap();
    let letter = letters::render(&target, &person(), &BTreeMap::new(), options(false)).unwrap();
    assert!(!letter.by_post);
    assert!(!letter.text().contains("recommandée"));
    let bytes = letters::eml::render(&letter, &target.recipient.name).unwrap();
    let eml = String::from_utf8(bytes).unwrap();
    assert!(
        eml.contains("To: delegue-protection-donnees@interieur.gouv.fr"),
        "{eml}"
    );
    assert!(eml.contains("camille.lefevre@exemple.fr"));
    assert!(eml.contains("X-Unsent: 1"));
    assert!(eml.contains("MIME-Version: 1.0"));
    assert!(eml.contains("Subject: "));
    assert!(
        eml.contains("Content-Type: text/plain; charset=utf-8"),
        "{eml}"
    );
    assert!(eml.contains("Date: Mon, 01 Mar 2027"), "{eml}");

    // No e-mail for the person: refused with how to fix it.
    let mut p = person();
    p.email = None;
    let letter = letters::render(&target, &p, &BTreeMap::new(), options(false)).unwrap();
    let err = letters::eml::render(&letter, &target.recipient.name).unwrap_err();
    assert!(err.to_string().contains("email"), "{err}");

    // A recipient without an e-mail address.
    let cjn = cat.entry("CJN").unwrap();
    let target = Target::new(&cat, cjn, cjn.route("b3").unwrap(), false).unwrap();
    let letter = letters::render(&target, &person(), &BTreeMap::new(), options(false)).unwrap();
    assert!(matches!(
        letters::eml::render(&letter, &target.recipient.name),
        Err(LetterError::EmlNoRecipientEmail(_))
    ));
}

#[test]
fn conditional_enclosures_are_left_to_the_person() {
    let cat = Catalogue::embedded().unwrap();
    let letter = render_with(&cat, "CJN", "b3", false, &person(), &[]).unwrap();
    // The cerfa always goes with a B3 request by post; the identity document only if born
    // abroad, which the letter cannot know.
    assert_eq!(
        letter.enclosures,
        vec!["Formulaire cerfa n° 10071 rempli et signé"]
    );
    assert_eq!(
        letter.conditional_enclosures,
        vec!["Si vous êtes né à l’étranger : copie d’une pièce d’identité"]
    );
    assert!(!letter.text().contains("pièce d’identité"));

    // « Copie du refus, s’il y en a un » only when a refusal was reported.
    let without = render_with(
        &cat,
        "TAJ",
        "cnil-108",
        false,
        &person(),
        &[("date_demande", "2026-11-02")],
    )
    .unwrap();
    assert!(
        !without
            .enclosures
            .iter()
            .any(|e| e.contains("réponse négative"))
    );
    let with = render_with(
        &cat,
        "TAJ",
        "cnil-108",
        false,
        &person(),
        &[
            ("date_demande", "2026-11-02"),
            ("date_reponse", "2026-12-01"),
        ],
    )
    .unwrap();
    assert!(
        with.enclosures
            .iter()
            .any(|e| e == "Copie de la réponse négative")
    );
}

#[test]
fn representative_adds_paragraph_and_mandate() {
    let cat = Catalogue::embedded().unwrap();
    let mut p = person();
    p.representant = Some(acces::person::Representant {
        nom: "Association d’aide juridique".into(),
        qualite: Some("mandataire".into()),
        adresse: vec!["3 place Exemple".into(), "69001 Lyon".into()],
        email: None,
    });
    let letter = render_with(&cat, "TAJ", "acces", false, &p, &[]).unwrap();
    assert!(letter.text().contains(
        "Cette demande vous est présentée par Association d’aide juridique (mandataire)"
    ));
    assert!(letter.enclosures.iter().any(|e| e == "Mandat signé"));
    assert!(
        letter
            .body
            .last()
            .unwrap()
            .starts_with("Je vous prie d’agréer")
    );
}

#[test]
fn odd_text_never_breaks_the_pdf() {
    let cat = Catalogue::embedded().unwrap();
    for odd in [
        "漢字とかな 😀 \u{200b}\u{feff}",
        "tab\there\r\nCRLF",
        "\u{202e}right-to-left override",
        &"motlongsansespace".repeat(17),
        "«»«»«» : ; ! ? « »",
    ] {
        let mut p = person();
        p.lieu_naissance = Some(odd.to_string());
        let letter = render_with(
            &cat,
            "TAJ",
            "effacement",
            false,
            &p,
            &[
                ("destinataire_adresse", TRIBUNAL),
                ("decision_judiciaire", odd),
                ("motifs", odd),
            ],
        );
        // A one-line value with a control character (here the birthplace with CR LF and a
        // tab) is refused in French (issue #15); everything else renders.
        let letter = match letter {
            Err(LetterError::Invalid { message, .. }) => {
                assert!(odd.contains(char::is_control), "{odd:?}: {message}");
                assert!(message.contains("caractères de contrôle"), "{message}");
                continue;
            }
            other => other.unwrap(),
        };
        let bytes = letters::pdf::render(&letter).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
    }
}

/// Issue 15: the PDF is a tagged PDF/A-2b that is also PDF/UA-1 — krilla's validators for
/// both run when it is written (`letters::pdf`), and refuse to write it otherwise; here the
/// file says so, with what a reader needs: structure tree, language, title shown, outline.
#[test]
fn pdf_is_tagged_pdf_a_2b_and_pdf_ua_1() {
    let cat = Catalogue::embedded().unwrap();
    let letter = render_with(&cat, "TAJ", "acces", false, &person(), &[]).unwrap();
    let single = letters::pdf::render(&letter).unwrap();
    let batch = letters::pdf::render_batch(&[&letter, &letter]).unwrap();
    for bytes in [single, batch] {
        let has = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        // XMP identification, uncompressed as PDF/A requires.
        for needle in [
            "<pdfaid:part>2</pdfaid:part>",
            "<pdfaid:conformance>B</pdfaid:conformance>",
            "<pdfuaid:part>1</pdfuaid:part>",
        ] {
            assert!(has(needle), "{needle} missing");
        }
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let catalog = doc.catalog().unwrap();
        for key in [
            "StructTreeRoot",
            "MarkInfo",
            "Lang",
            "Outlines",
            "OutputIntents",
            "ViewerPreferences",
            "Metadata",
        ] {
            assert!(catalog.has(key.as_bytes()), "catalog without /{key}");
        }
        assert_eq!(
            catalog.get(b"Lang").unwrap().as_str().unwrap(),
            b"fr".as_slice()
        );
    }
}

/// A character the embedded font cannot draw is printed in its plain form, never as the
/// missing-glyph box PDF/A forbids (krilla would refuse the file).
#[test]
fn characters_missing_from_the_font_are_printed_plainly() {
    let cat = Catalogue::embedded().unwrap();
    let mut p = person();
    p.lieu_naissance = Some("Kyōto 京都 😀".into());
    let letter = render_with(&cat, "TAJ", "acces", false, &p, &[]).unwrap();
    let bytes = letters::pdf::render(&letter).unwrap();
    let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Kyōto"), "{flat}");
    assert!(!flat.contains('京') && !flat.contains('😀'), "{flat}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Whatever template syntax a name contains, it comes out as typed (surrounding spaces
    /// trimmed, as for every field).
    #[test]
    fn any_name_prints_as_typed(name in "[{}%#a-z7* -]{1,30}") {
        proptest::prop_assume!(!name.trim().is_empty());
        let cat = Catalogue::embedded().unwrap();
        let mut p = person();
        p.nom = name.clone();
        let letter = render_with(&cat, "CJN", "b3", false, &p, &[]).unwrap();
        let expected = format!("Nom d’usage : {}\n", name.trim());
        proptest::prop_assert!(letter.text().contains(&expected), "{}", letter.text());
    }
}
