//! Offline checks of the local tables and of the routes' locality rules, run by
//! `acces catalogue verifier`: coverage, references, the court of each département, and the
//! postal code of every address against its commune.

use crate::catalogue::{Catalogue, Place, Problem};
use crate::local::{BODIES_FILE, COURTS_FILE, LocalData};
use crate::texts::local as t;

const TJ: &str = "tribunal-judiciaire";
const CA: &str = "cour-appel";
const TA: &str = "tribunal-administratif";
const CAA: &str = "cour-administrative-appel";

/// Every problem of `local` alone and of `cat`'s routes against it.
pub fn check_local(local: &LocalData, cat: &Catalogue) -> Vec<Problem> {
    let mut out = Vec::new();
    check_departements(local, &mut out);
    check_addresses(local, &mut out);
    check_routes(local, cat, &mut out);
    out
}

fn family_is(local: &LocalData, id: &str, family: &str) -> bool {
    local.entity(id).is_some_and(|e| e.family == family)
}

fn check_departements(local: &LocalData, out: &mut Vec<Problem>) {
    // Every département (and collectivité) of the communes has its courts.
    let mut codes: Vec<&str> = local.communes().iter().map(|c| c.departement()).collect();
    codes.sort_unstable();
    codes.dedup();
    for code in codes {
        if local.departement(code).is_none() {
            out.push(Problem::new(
                COURTS_FILE,
                "/departements",
                t::missing_departement(code),
            ));
        }
    }
    for (code, dep) in local.departements() {
        let at = |field: &str| format!("/departements/{code}/{field}");
        let mut need = |field: &str, id: &str, family: &str| {
            if !family_is(local, id, family) {
                out.push(Problem::new(
                    COURTS_FILE,
                    at(field),
                    t::wrong_reference(id, family),
                ));
            }
        };
        need("ta", &dep.ta, TA);
        need("caa", &dep.caa, CAA);
        for id in &dep.tj {
            need("tj", id, TJ);
        }
        for also in &dep.tj_also {
            need("tj_also", &also.id, TJ);
        }
        if let Some(ca) = &dep.ca {
            need("ca", ca, CA);
        }
        // A département without a tribunal judiciaire must say why (Clipperton).
        if (dep.tj.is_empty() || dep.ca.is_none()) && dep.note.is_none() {
            out.push(Problem::new(
                COURTS_FILE,
                at("tj"),
                t::no_court_without_note(code),
            ));
        }
        // The chambre de l'instruction is taken from the département: every tribunal the
        // département may use must sit in that cour d'appel.
        if let Some(ca) = &dep.ca {
            for id in dep.tj.iter().chain(dep.tj_also.iter().map(|a| &a.id)) {
                let parent = local.entity(id).and_then(|e| e.parent.as_deref());
                if parent != Some(ca.as_str()) {
                    out.push(Problem::new(
                        COURTS_FILE,
                        at("ca"),
                        t::tj_outside_ca(id, ca),
                    ));
                }
            }
        }
        for id in dep.chambres_de_proximite.keys() {
            if !dep.tj.contains(id) {
                out.push(Problem::new(
                    COURTS_FILE,
                    at("chambres_de_proximite"),
                    t::wrong_reference(id, TJ),
                ));
            }
        }
    }
}

/// The last line of an address is « CP VILLE »; the postal code must be one of the seat
/// commune's (or of its parent commune, for an arrondissement), unless it is a CEDEX code.
fn check_addresses(local: &LocalData, out: &mut Vec<Problem>) {
    for e in local.entities() {
        let file = if e.family == "france-travail" {
            BODIES_FILE
        } else {
            COURTS_FILE
        };
        if e.address_lines.is_empty() {
            continue;
        }
        let pointer = format!("/entities/{}", e.id);
        let Some(last) = e.address_lines.last() else {
            continue;
        };
        let cp: String = last.chars().take(5).collect();
        if cp.len() != 5 || !cp.chars().all(|c| c.is_ascii_digit()) {
            out.push(Problem::new(
                file,
                pointer,
                t::address_without_postal_code(&e.id),
            ));
            continue;
        }
        let cedex = last.to_uppercase().contains("CEDEX");
        let Some(seat) = &e.seat else {
            if !cedex {
                out.push(Problem::new(file, pointer, t::address_without_seat(&e.id)));
            }
            continue;
        };
        let Some(commune) = local.commune(&seat.insee) else {
            out.push(Problem::new(
                file,
                pointer,
                t::unknown_seat(&e.id, &seat.insee),
            ));
            continue;
        };
        let parent = commune.parent.as_deref().and_then(|p| local.commune(p));
        let known = commune.codes_postaux.contains(&cp)
            || parent.is_some_and(|p| p.codes_postaux.contains(&cp));
        if !known && !cedex {
            out.push(Problem::new(
                file,
                pointer,
                t::postal_code_not_in_commune(&e.id, &cp, &commune.nom, &commune.insee),
            ));
        }
    }
}

fn check_routes(local: &LocalData, cat: &Catalogue, out: &mut Vec<Problem>) {
    for entry in cat.entries() {
        let file = format!("fichiers/{}.json", entry.code.to_lowercase());
        for (i, route) in entry.routes.iter().enumerate() {
            let pointer = format!("/routes/{i}/locality");
            let rule = local.recipient_rule(&route.recipient);
            let Some(locality) = &route.locality else {
                if rule.is_some() {
                    out.push(Problem::new(
                        &file,
                        pointer,
                        t::locality_missing(&route.recipient),
                    ));
                }
                continue;
            };
            let Some(rule) = rule else {
                out.push(Problem::new(
                    &file,
                    pointer,
                    t::locality_not_local(&route.recipient),
                ));
                continue;
            };
            let family = rule.family.as_deref();
            if let Some(fixed) = &locality.fixed {
                let fits = family.is_some_and(|f| family_is(local, fixed, f));
                if !fits || locality.place != Place::Seat {
                    out.push(Problem::new(
                        &file,
                        pointer.clone(),
                        t::locality_bad_fixed(fixed, &route.recipient),
                    ));
                }
            }
            let allowed = match locality.place {
                Place::Residence => true,
                Place::Procedure => matches!(family, Some(TJ) | Some(CA)),
                Place::Seat => family == Some(TA),
            };
            if !allowed {
                out.push(Problem::new(
                    &file,
                    pointer,
                    t::locality_place_unfit(&route.recipient),
                ));
            }
        }
    }
}
