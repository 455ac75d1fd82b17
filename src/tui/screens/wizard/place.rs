//! The Assistant's question of the place of the proceedings: asked only when the route's
//! recipient is the one of that place; « même lieu que mon domicile » is the quick answer,
//! otherwise a postal code, then a short choice when it serves several communes.

use super::super::super::form::{Field, FieldInput, Form};
use super::super::super::tracker::Data;
use super::Wizard;
use crate::catalogue::Catalogue;
use crate::letters::recipient;
use crate::local::CommuneMatch;
use crate::texts::local as tl;

/// Place form field indexes.
pub const PLACE_WHERE: usize = 0;
pub const PLACE_POSTAL_CODE: usize = 1;
pub const PLACE_COMMUNE: usize = 2;

impl Wizard {
    /// Builds the question when the route needs it (true), or empties it (false).
    pub(super) fn build_place(&mut self, cat: &Catalogue, data: &Data) -> bool {
        self.place = Form::new(Vec::new());
        self.place_communes_of = None;
        self.procedure_place = None;
        let asks = self
            .target(cat)
            .is_ok_and(|target| recipient::asks_procedure_place(&target));
        let Some(person) = self.person.and_then(|id| data.person(id)).filter(|_| asks) else {
            return false;
        };
        self.place = Form::new(vec![Field::choice(
            tl::PLACE_WHERE,
            vec![
                tl::place_same_as_home(person.code_postal.trim(), person.commune.trim()),
                tl::PLACE_ELSEWHERE.to_string(),
            ],
            0,
        )]);
        true
    }

    /// Enter on the question: the residence at once, or the postal code (then the commune)
    /// of the place of the proceedings, checked. True when the place is known.
    pub(super) fn take_place(&mut self) -> bool {
        self.place.clear_errors();
        if self.place.selected(PLACE_WHERE) == 0 {
            self.place.fields.truncate(PLACE_POSTAL_CODE);
            self.place.focus = PLACE_WHERE;
            self.place_communes_of = None;
            self.procedure_place = None;
            return true;
        }
        if self.place.fields.len() <= PLACE_POSTAL_CODE {
            self.place.fields.push(
                Field::text(tl::PLACE_POSTAL_CODE, "")
                    .required()
                    .hint(tl::PLACE_POSTAL_CODE_HINT),
            );
            self.place.focus = PLACE_POSTAL_CODE;
            return false;
        }
        let typed_cp = self.place.value(PLACE_POSTAL_CODE).to_string();
        let cp = match crate::validate::postal_code(&typed_cp) {
            Ok(cp) => cp,
            Err(e) => {
                self.place.set_error(PLACE_POSTAL_CODE, e);
                self.place.focus = PLACE_POSTAL_CODE;
                return false;
            }
        };
        // The commune chosen among those of this postal code (a choice listed for another
        // postal code no longer counts).
        let commune = (self.place_communes_of.as_deref() == Some(cp.as_str()))
            .then(|| self.place.value(PLACE_COMMUNE).to_string());
        let mut place = match recipient::given(&cp, commune.as_deref()) {
            Ok(p) => p,
            Err(e) => {
                self.place.set_error(PLACE_POSTAL_CODE, e);
                return false;
            }
        };
        if let Ok(local) = crate::local::embedded() {
            match local.find_commune(&place.code_postal, place.commune.as_deref()) {
                CommuneMatch::Unknown => {
                    self.place.fields.truncate(PLACE_COMMUNE);
                    self.place_communes_of = None;
                    self.place
                        .set_error(PLACE_POSTAL_CODE, tl::unknown_postal_code(&cp));
                    self.place.focus = PLACE_POSTAL_CODE;
                    return false;
                }
                CommuneMatch::Several(list) if commune.is_none() => {
                    self.place.fields.truncate(PLACE_COMMUNE);
                    let names = list.iter().map(|c| c.nom.clone()).collect();
                    self.place
                        .fields
                        .push(Field::choice(tl::PLACE_COMMUNE, names, 0).required());
                    self.place_communes_of = Some(cp);
                    self.place.focus = PLACE_COMMUNE;
                    return false;
                }
                // The commune, named as the official list names it.
                CommuneMatch::One(c) => place.commune = Some(c.nom.clone()),
                // Several of the same name: the proposal says what it can.
                CommuneMatch::Several(_) => {}
            }
        }
        if commune.is_none() {
            self.place.fields.truncate(PLACE_COMMUNE);
            self.place_communes_of = None;
        }
        self.procedure_place = Some(place);
        true
    }

    /// The help under the question: why it is asked, or how to choose the commune.
    pub(super) fn place_help(&self, cat: &Catalogue) -> String {
        if self.place.focus == PLACE_COMMUNE
            && let Some(Field {
                input: FieldInput::Choice { options, .. },
                ..
            }) = self.place.fields.get(PLACE_COMMUNE)
        {
            return tl::place_choose_commune(options);
        }
        let locality = self
            .target(cat)
            .ok()
            .and_then(|t| t.route.locality.as_ref());
        tl::place_help(locality)
    }
}
