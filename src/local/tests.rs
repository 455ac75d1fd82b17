use std::collections::BTreeMap;

use super::*;
use crate::catalogue::{Catalogue, Locality, Place};

fn data() -> &'static LocalData {
    embedded().expect("embedded local tables parse")
}

/// One commune of each département, the first by INSEE code.
fn a_commune_per_departement() -> BTreeMap<&'static str, &'static Commune> {
    let mut out = BTreeMap::new();
    for c in data().communes() {
        out.entry(c.departement()).or_insert(c);
    }
    out
}

fn locality(place: Place, fixed: Option<&str>) -> Locality {
    Locality {
        place,
        fixed: fixed.map(str::to_string),
        basis: "test".into(),
        note: None,
    }
}

#[test]
fn embedded_tables_pass_the_verifier_checks() {
    let cat = Catalogue::embedded().unwrap();
    let problems = crate::letters::check_local(data(), &cat);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn postal_code_gives_the_commune_or_a_short_list() {
    // Lyon 2e: the arrondissement, not Lyon itself.
    match data().find_commune("69002", None) {
        CommuneMatch::One(c) => {
            assert_eq!(c.insee, "69382");
            assert_eq!(c.departement(), "69");
        }
        other => panic!("{other:?}"),
    }
    // « Lyon » typed for 69002 still designates the arrondissement.
    assert!(
        matches!(data().find_commune("69002", Some("Lyon")), CommuneMatch::One(c) if c.insee == "69382")
    );
    // A code that spans two départements: never guessed from its first digits.
    let CommuneMatch::Several(list) = data().find_commune("01200", None) else {
        panic!("01200 serves several communes");
    };
    let deps: std::collections::BTreeSet<&str> = list.iter().map(|c| c.departement()).collect();
    assert!(deps.contains("01") && deps.contains("74"), "{deps:?}");
    // The name narrows the list, whatever the case, accents and « St ».
    let first = list[0];
    let typed = first.nom.to_uppercase().replace("SAINT", "ST");
    assert!(
        matches!(data().find_commune("01200", Some(&typed)), CommuneMatch::One(c) if c.insee == first.insee)
    );
    // A name that matches nothing leaves the whole list.
    assert!(
        matches!(data().find_commune("01200", Some("Nulle-Part")), CommuneMatch::Several(l) if l.len() == list.len())
    );
    assert_eq!(data().find_commune("00000", None), CommuneMatch::Unknown);
    assert_eq!(
        resolve::key_for_tests("Saint-Étienne"),
        resolve::key_for_tests("ST ETIENNE")
    );
}

#[test]
fn single_tj_departements_resolve_to_their_tribunal_and_procureur_address() {
    let mut single = 0;
    for (code, commune) in a_commune_per_departement() {
        let dep = data().departement(code).unwrap();
        if dep.tj.len() != 1 || !dep.tj_also.is_empty() {
            continue;
        }
        single += 1;
        let res = data().resolve(
            "procureur",
            Some(&locality(Place::Residence, None)),
            Some(commune),
        );
        let Resolution::Proposed { entity, why } = &res else {
            panic!("{code}: {res:?}");
        };
        assert_eq!(entity.id, dep.tj[0], "{code}");
        assert!(matches!(why, Why::Departement { code: c, .. } if c == code));
        // Every address is known except the TPI of Mata-Utu (no street in the source).
        if entity.id != "tj-mata-utu" {
            let lines = res
                .address_lines()
                .unwrap_or_else(|| panic!("{code}: no address"));
            assert_eq!(lines[0], entity.name);
        }
    }
    // 52 of the 101 départements, plus 7 overseas collectivités.
    assert_eq!(single, 59);
}

fn one(cp: &str, nom: &str) -> &'static Commune {
    match data().find_commune(cp, Some(nom)) {
        CommuneMatch::One(c) => c,
        other => panic!("{cp} {nom}: {other:?}"),
    }
}

#[test]
fn multi_tj_departements_give_the_short_list_with_hints() {
    // Abancourt (Nord): six tribunaux, the person chooses.
    let res = data().resolve("procureur", None, Some(one("59268", "Abancourt")));
    let Resolution::Choice { candidates, .. } = res else {
        panic!("{res:?}")
    };
    let ids: Vec<&str> = candidates.iter().map(|c| c.entity.id.as_str()).collect();
    assert_eq!(ids.len(), 6, "{ids:?}");
    assert!(ids.contains(&"tj-lille") && ids.contains(&"tj-dunkerque"));
    let lille_tj = candidates
        .iter()
        .find(|c| c.entity.id == "tj-lille")
        .unwrap();
    assert_eq!(lille_tj.chambres_de_proximite, ["Roubaix", "Tourcoing"]);
    // Côtes-d'Armor: Saint-Brieuc, and Saint-Malo for the Dinan area.
    let Resolution::Choice { candidates, .. } =
        data().resolve("procureur", None, Some(one("22100", "Aucaleuc")))
    else {
        panic!("22")
    };
    assert_eq!(candidates[0].entity.id, "tj-saint-brieuc");
    assert_eq!(candidates[1].entity.id, "tj-saint-malo");
    assert!(candidates[1].note.as_deref().unwrap().contains("Dinan"));
    // Every multi-tribunal département lists all its tribunaux (or names the one seated in
    // the commune).
    for (code, commune) in a_commune_per_departement() {
        let dep = data().departement(code).unwrap();
        let n = dep.tj.len() + dep.tj_also.len();
        if n > 1 {
            match data().resolve("procureur", None, Some(commune)) {
                Resolution::Choice { candidates, .. } => assert_eq!(candidates.len(), n, "{code}"),
                Resolution::Proposed {
                    why: Why::SeatInCommune { .. },
                    ..
                } => {}
                other => panic!("{code}: {other:?}"),
            }
        }
    }
}

#[test]
fn a_commune_seat_of_a_tribunal_or_of_its_chambre_de_proximite_gets_that_tribunal() {
    let cases = [
        ("69002", "Lyon", "tj-lyon", None),
        ("59000", "Lille", "tj-lille", None),
        ("59100", "Roubaix", "tj-lille", Some("Roubaix")),
        ("22100", "Dinan", "tj-saint-malo", Some("Dinan")),
        (
            "69400",
            "Villefranche-sur-Saône",
            "tj-villefranche-sur-saone",
            None,
        ),
    ];
    for (cp, nom, tj, chambre) in cases {
        let res = data().resolve("procureur", None, Some(one(cp, nom)));
        let Resolution::Proposed {
            entity,
            why: Why::SeatInCommune { chambre: ch, .. },
        } = &res
        else {
            panic!("{nom}: {res:?}")
        };
        assert_eq!(entity.id, tj, "{nom}");
        assert_eq!(ch.as_deref(), chambre, "{nom}");
    }
    // The chambre de l'instruction of Lyon 2e: the cour d'appel of Lyon.
    let res = data().resolve("chambre-instruction", None, Some(one("69002", "Lyon")));
    assert!(matches!(res, Resolution::Proposed { entity, .. } if entity.id == "ca-lyon"));
}

#[test]
fn every_departement_has_one_cour_d_appel_and_one_tribunal_administratif() {
    let deps = a_commune_per_departement();
    assert_eq!(deps.len(), 109, "101 départements and 8 collectivités");
    for (code, commune) in deps {
        let ta = data().resolve("tribunal-administratif", None, Some(commune));
        assert!(
            matches!(&ta, Resolution::Proposed { entity, .. } if entity.family == "tribunal-administratif"),
            "{code}: {ta:?}"
        );
        let ca = data().resolve("chambre-instruction", None, Some(commune));
        if code == "989" {
            // Clipperton: no tribunal judiciaire in tableau IV; the person types it.
            assert!(matches!(ca, Resolution::Typed { .. }), "{ca:?}");
            continue;
        }
        let Resolution::Proposed { entity, .. } = &ca else {
            panic!("{code}: {ca:?}")
        };
        assert_eq!(entity.family, "cour-appel", "{code}");
        // The cour d'appel is the one of the département's tribunaux.
        for tj in &data().departement(code).unwrap().tj {
            assert_eq!(
                data().entity(tj).unwrap().parent.as_deref(),
                Some(entity.id.as_str())
            );
        }
    }
}

#[test]
fn a_ministers_decision_goes_to_ta_paris_wherever_the_person_lives() {
    let CommuneMatch::One(lyon) = data().find_commune("69002", None) else {
        panic!()
    };
    let fixed = locality(Place::Seat, Some("ta-paris"));
    let res = data().resolve("tribunal-administratif", Some(&fixed), Some(lyon));
    let Resolution::Proposed { entity, why } = &res else {
        panic!("{res:?}")
    };
    assert_eq!(entity.id, "ta-paris");
    assert_eq!(*why, Why::Fixed);
    assert_eq!(res.address_lines().unwrap().last().unwrap(), "75004 PARIS");
    // Without the rule: the TA of the residence.
    let res = data().resolve("tribunal-administratif", None, Some(lyon));
    assert!(matches!(res, Resolution::Proposed { entity, .. } if entity.id == "ta-lyon"));
    // The routes of the ministry of the interior say so.
    let cat = Catalogue::embedded().unwrap();
    let taj = cat.entry("taj").unwrap();
    let route = taj
        .routes
        .iter()
        .find(|r| r.id == "tribunal-administratif")
        .unwrap();
    assert_eq!(
        route.locality.as_ref().unwrap().fixed.as_deref(),
        Some("ta-paris")
    );
}

#[test]
fn bodies_without_a_current_source_are_typed_with_a_hint() {
    let CommuneMatch::One(c) = data().find_commune("69002", None) else {
        panic!()
    };
    let Resolution::Typed { hint: Some(hint) } = data().resolve("caf", None, Some(c)) else {
        panic!("caf")
    };
    assert!(hint.contains("courriers de la CAF"), "{hint}");
    let Resolution::Typed { hint: Some(hint) } =
        data().resolve("agence-france-travail", None, None)
    else {
        panic!("france travail")
    };
    assert!(hint.contains("1-5 avenue du Docteur Gley"), "{hint}");
    assert_eq!(data().resolve("cnil", None, Some(c)), Resolution::NotLocal);
    assert_eq!(
        data().resolve("procureur", None, None),
        Resolution::NeedsPlace
    );
}

fn embedded_text(path: &str) -> &'static str {
    EMBEDDED_LOCAL_FILES
        .iter()
        .find(|(p, _)| *p == path)
        .unwrap()
        .1
}

#[test]
fn the_verifier_rejects_a_court_whose_postal_code_is_not_its_communes() {
    // Tribunal judiciaire de Lyon, 67 rue Servient: its « 69003 LYON » line becomes 30200.
    let text = embedded_text(COURTS_FILE);
    let at = text.find("\"67 RUE SERVIENT\"").unwrap();
    let courts = format!(
        "{}{}",
        &text[..at],
        text[at..].replacen("\"69003 LYON\"", "\"30200 LYON\"", 1)
    );
    assert_ne!(courts, text);
    let broken = LocalData::parse(
        embedded_text(COMMUNES_FILE),
        &courts,
        embedded_text(BODIES_FILE),
    )
    .unwrap();
    let cat = Catalogue::embedded().unwrap();
    let problems = crate::letters::check_local(&broken, &cat);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].file, COURTS_FILE);
    assert!(
        problems[0].message.contains("30200"),
        "{}",
        problems[0].message
    );
    assert!(problems[0].message.contains("tj-lyon"));
}

#[test]
fn the_verifier_rejects_a_local_route_without_locality_and_a_wrong_fixed_court() {
    let mut cat = Catalogue::embedded().unwrap();
    let problems_before = crate::letters::check_local(data(), &cat).len();
    assert_eq!(problems_before, 0);
    {
        let entry = cat.entry_mut_for_tests("taj");
        let eff = entry
            .routes
            .iter_mut()
            .find(|r| r.id == "effacement")
            .unwrap();
        eff.locality = None;
        let ta = entry
            .routes
            .iter_mut()
            .find(|r| r.id == "tribunal-administratif")
            .unwrap();
        ta.locality.as_mut().unwrap().fixed = Some("tj-paris".into());
    }
    let problems = crate::letters::check_local(data(), &cat);
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(problems.len(), 2, "{messages:#?}");
    assert!(
        messages.iter().any(|m| m.contains("« locality »")),
        "{messages:#?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("tj-paris")),
        "{messages:#?}"
    );
}
