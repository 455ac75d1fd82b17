//! The place a local recipient is looked for: the person's residence, or a place the person
//! gave (the place of the proceedings). Checking what was typed is the services' job
//! (`letters::recipient`); here the place is only used.

use serde::Serialize;

use super::{LocalData, Proposal};
use crate::catalogue::{Place, Route};

/// Where the place comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceFrom {
    /// The person's postal code and commune.
    Residence,
    /// A place the person gave: the place of the proceedings (`acces lettre
    /// --lieu-procedure`, the Assistant's question), or the place of `acces destinataire
    /// --code-postal`.
    Given,
}

/// A postal code and, when it serves several communes, the commune's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchPlace {
    pub code_postal: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune: Option<String>,
    pub origine: PlaceFrom,
}

impl LocalData {
    /// The recipient of `route` looked for at `place`: the one path of `acces lettre`,
    /// `acces destinataire` and the Assistant.
    pub fn propose_at(&self, route: &Route, place: &SearchPlace) -> Proposal<'_> {
        self.propose(
            &route.recipient,
            route.locality.as_ref(),
            &place.code_postal,
            place.commune.as_deref(),
        )
    }
}

/// Whether the route's recipient is the one of the place of the proceedings, found from a
/// commune (not a court the route names whatever the place): the place is then asked.
pub fn depends_on_procedure_place(route: &Route) -> bool {
    route
        .locality
        .as_ref()
        .is_some_and(|l| l.place == Place::Procedure && l.fixed.is_none())
}
