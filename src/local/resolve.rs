//! From a postal code and a commune name to the commune, and from the commune and a route's
//! locality rule to the recipient.

use serde::Serialize;

use super::{Commune, Entity, LocalData};
use crate::catalogue::{Locality, fold};

/// The commune a postal code and a name designate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommuneMatch<'a> {
    One(&'a Commune),
    /// The postal code serves several communes and the name does not single one out.
    Several(Vec<&'a Commune>),
    /// No commune has this postal code.
    Unknown,
}

/// Why a recipient is proposed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "regle", rename_all = "snake_case")]
pub enum Why {
    /// The route names the court whatever the person's place (a minister's decision).
    Fixed,
    /// The court of the département of the commune.
    Departement {
        code: String,
        nom: String,
        insee: String,
        commune: String,
    },
    /// Among the département's tribunaux, the one whose seat, or one of whose chambres de
    /// proximité, is in the commune: a court's seat lies in its own ressort (COJ tableau IV).
    SeatInCommune {
        code: String,
        nom: String,
        insee: String,
        commune: String,
        /// The chambre de proximité named like the commune, when that decided.
        #[serde(skip_serializing_if = "Option::is_none")]
        chambre: Option<String>,
    },
}

/// One of several courts the person chooses from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate<'a> {
    pub entity: &'a Entity,
    /// Chambres de proximité of this tribunal, to help choosing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chambres_de_proximite: Vec<String>,
    /// Which part of the département it serves, when it is another département's tribunal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution<'a> {
    /// One recipient.
    Proposed { entity: &'a Entity, why: Why },
    /// Several possible recipients: the person chooses (or types another).
    Choice {
        candidates: Vec<Candidate<'a>>,
        why: Why,
    },
    /// The commune is needed first.
    NeedsPlace,
    /// acces knows no current address: the person types it, helped by the hint.
    Typed { hint: Option<&'a str> },
    /// Not a recipient acces resolves locally.
    NotLocal,
}

impl<'a> Resolution<'a> {
    /// The recipient lines when exactly one recipient with a known address is proposed.
    pub fn address_lines(&self) -> Option<&'a [String]> {
        match self {
            Resolution::Proposed { entity, .. } if !entity.address_lines.is_empty() => {
                Some(&entity.address_lines)
            }
            _ => None,
        }
    }
}

/// A name as compared: no case, no accents, words only, « St » read « Saint ».
fn name_key(name: &str) -> String {
    let folded = fold(name).replace('œ', "oe");
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "st" => "saint",
            "ste" => "sainte",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl LocalData {
    /// The one candidate tribunal seated in `commune` (or in its parent commune, for an
    /// arrondissement), or with a chambre de proximité of the commune's name; the chambres
    /// of a tribunal are gathered from every département that lists them (Dinan, chambre of
    /// Saint-Malo, is listed with Ille-et-Vilaine).
    fn seat_in_commune<'a>(
        &'a self,
        candidates: &[Candidate<'a>],
        commune: &Commune,
    ) -> Option<(&'a Entity, Option<String>)> {
        let town = |insee: &str| -> String {
            self.commune(insee)
                .and_then(|c| c.parent.clone())
                .unwrap_or_else(|| insee.to_string())
        };
        let here = town(&commune.insee);
        let key = name_key(&commune.nom);
        let mut found: Vec<(&Entity, Option<String>)> = Vec::new();
        for c in candidates {
            if c.entity
                .seat
                .as_ref()
                .is_some_and(|s| town(&s.insee) == here)
            {
                found.push((c.entity, None));
                continue;
            }
            let chambre = self
                .departements
                .values()
                .filter_map(|d| d.chambres_de_proximite.get(&c.entity.id))
                .flatten()
                .find(|name| name_key(name) == key);
            if let Some(name) = chambre {
                found.push((c.entity, Some(name.clone())));
            }
        }
        match found.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        }
    }

    /// The commune of a postal code, narrowed by its name when the code serves several.
    /// A name that matches none of them is ignored (the postal code wins).
    pub fn find_commune(&self, postal_code: &str, nom: Option<&str>) -> CommuneMatch<'_> {
        let all = self.communes_for_postal_code(postal_code);
        if all.is_empty() {
            return CommuneMatch::Unknown;
        }
        let wanted = nom.map(name_key).filter(|k| !k.is_empty());
        let narrowed: Vec<&Commune> = match &wanted {
            Some(w) => all
                .iter()
                .copied()
                .filter(|c| {
                    name_key(&c.nom) == *w
                        || c.parent
                            .as_deref()
                            .and_then(|p| self.commune(p))
                            .is_some_and(|p| name_key(&p.nom) == *w)
                })
                .collect(),
            None => Vec::new(),
        };
        let list = if narrowed.is_empty() { all } else { narrowed };
        match list.as_slice() {
            [one] => CommuneMatch::One(one),
            _ => CommuneMatch::Several(list),
        }
    }

    /// The recipient of a route for a person of `commune` (the place the route's locality
    /// names: residence, or place of the proceedings, chosen by the caller).
    pub fn resolve(
        &self,
        recipient: &str,
        locality: Option<&Locality>,
        commune: Option<&Commune>,
    ) -> Resolution<'_> {
        let Some(rule) = self.recipient_rule(recipient) else {
            return Resolution::NotLocal;
        };
        let Some(family) = rule.family.as_deref() else {
            return Resolution::Typed {
                hint: rule.hint.as_deref().and_then(|h| self.hint(h)),
            };
        };
        if let Some(fixed) = locality.and_then(|l| l.fixed.as_deref())
            && let Some(entity) = self.entity(fixed)
        {
            return Resolution::Proposed {
                entity,
                why: Why::Fixed,
            };
        }
        let Some(commune) = commune else {
            return Resolution::NeedsPlace;
        };
        let code = commune.departement();
        let Some(dep) = self.departement(code) else {
            return Resolution::Typed { hint: None };
        };
        let why = Why::Departement {
            code: code.to_string(),
            nom: dep.name.clone(),
            insee: commune.insee.clone(),
            commune: commune.nom.clone(),
        };
        let one = |id: Option<&str>| match id.and_then(|id| self.entity(id)) {
            Some(entity) => Resolution::Proposed {
                entity,
                why: why.clone(),
            },
            None => Resolution::Typed { hint: None },
        };
        match family {
            "tribunal-administratif" => one(Some(&dep.ta)),
            "cour-administrative-appel" => one(Some(&dep.caa)),
            // The chambre de l'instruction is the cour d'appel of the tribunal; every
            // tribunal of a département (and those of `tj_also`) sits in the département's
            // cour d'appel, which the verifier checks.
            "cour-appel" => one(dep.ca.as_deref()),
            "tribunal-judiciaire" => {
                let mut candidates: Vec<Candidate<'_>> = dep
                    .tj
                    .iter()
                    .filter_map(|id| self.entity(id))
                    .map(|entity| Candidate {
                        entity,
                        chambres_de_proximite: dep
                            .chambres_de_proximite
                            .get(&entity.id)
                            .cloned()
                            .unwrap_or_default(),
                        note: None,
                    })
                    .collect();
                candidates.extend(dep.tj_also.iter().filter_map(|also| {
                    self.entity(&also.id).map(|entity| Candidate {
                        entity,
                        chambres_de_proximite: Vec::new(),
                        note: Some(also.note.clone()),
                    })
                }));
                match candidates.len() {
                    0 => Resolution::Typed { hint: None },
                    1 => Resolution::Proposed {
                        entity: candidates[0].entity,
                        why,
                    },
                    _ => match self.seat_in_commune(&candidates, commune) {
                        Some((entity, chambre)) => Resolution::Proposed {
                            entity,
                            why: Why::SeatInCommune {
                                code: code.to_string(),
                                nom: dep.name.clone(),
                                insee: commune.insee.clone(),
                                // Lyon, not « Lyon 2e Arrondissement »: the court sits in the town.
                                commune: commune
                                    .parent
                                    .as_deref()
                                    .and_then(|p| self.commune(p))
                                    .map_or_else(|| commune.nom.clone(), |p| p.nom.clone()),
                                chambre,
                            },
                        },
                        None => Resolution::Choice { candidates, why },
                    },
                }
            }
            _ => Resolution::Typed { hint: None },
        }
    }
}

#[cfg(test)]
pub(super) fn key_for_tests(name: &str) -> String {
    name_key(name)
}

/// The commune found for a place, and the recipient it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal<'a> {
    pub commune: CommuneMatch<'a>,
    pub resolution: Resolution<'a>,
}

impl<'a> Proposal<'a> {
    /// The commune, when the place designates exactly one.
    pub fn commune(&self) -> Option<&'a Commune> {
        match self.commune {
            CommuneMatch::One(c) => Some(c),
            _ => None,
        }
    }
}

impl LocalData {
    /// What a route's `recipient` is for a place given as postal code and commune name (the
    /// person's residence, or the place of the proceedings). The one function the CLI and the
    /// TUI call.
    pub fn propose(
        &self,
        recipient: &str,
        locality: Option<&Locality>,
        postal_code: &str,
        commune: Option<&str>,
    ) -> Proposal<'_> {
        let found = self.find_commune(postal_code, commune);
        let one = match found {
            CommuneMatch::One(c) => Some(c),
            _ => None,
        };
        Proposal {
            resolution: self.resolve(recipient, locality, one),
            commune: found,
        }
    }
}
