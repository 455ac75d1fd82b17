//! `acces destinataire --demarche CODE/DEMARCHE (--code-postal CP [--commune NOM] |
//! --personne FICHIER|NUMERO) [--json]`: the local recipient acces would propose, and why.

use std::path::PathBuf;

use clap::Args;
use serde_json::json;

use super::context::{Context, find_entry, print_json};
use super::lettre::{Registre, load_person};
use crate::catalogue::Route;
use crate::error::{Failure, exit};
use crate::letters::recipient;
use crate::local::{self, CommuneMatch, Resolution};
use crate::texts::local as t;

#[derive(Args, Debug)]
pub struct DestinataireArgs {
    /// La démarche : CODE/DEMARCHE (par exemple taj/effacement ; « acces catalogue CODE »
    /// liste les démarches)
    #[arg(long, value_name = "CODE/DEMARCHE")]
    pub demarche: Option<String>,

    /// Code postal du lieu qui compte (votre domicile, ou le lieu de la procédure)
    #[arg(long = "code-postal", value_name = "CP", conflicts_with = "personne")]
    pub code_postal: Option<String>,

    /// Nom de la commune, quand le code postal en dessert plusieurs
    #[arg(long, value_name = "NOM", requires = "code_postal")]
    pub commune: Option<String>,

    /// La personne (fichier JSON, ou numéro du registre) : sa commune est le lieu
    #[arg(long, value_name = "FICHIER|NUMERO")]
    pub personne: Option<PathBuf>,
}

fn find_route<'c>(
    cat: &'c crate::catalogue::Catalogue,
    spec: &str,
) -> Result<(&'c crate::catalogue::Entry, &'c Route), Failure> {
    let Some((code, route)) = spec.split_once('/') else {
        return Err(Failure::invalid(t::bad_route_spec(spec)));
    };
    let entry = find_entry(cat, code)?;
    let route = entry
        .routes
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(route.trim()))
        .ok_or_else(|| Failure::invalid(t::bad_route_spec(spec)))?;
    Ok((entry, route))
}

pub fn run(ctx: &Context, args: DestinataireArgs) -> Result<(), Failure> {
    let cat = ctx.catalogue()?;
    let Some(spec) = args.demarche.as_deref() else {
        return Err(Failure::invalid(t::route_needed()));
    };
    let (entry, route) = find_route(&cat, spec)?;
    // The same checks and the same search as `acces lettre` (`letters::recipient`).
    let place = match (&args.code_postal, &args.personne) {
        (Some(cp), _) => recipient::given(cp, args.commune.as_deref()).map_err(|e| {
            let flag = match crate::validate::postal_code(cp) {
                Ok(_) => "--commune",
                Err(_) => "--code-postal",
            };
            Failure::invalid(crate::texts::cli::cli_option_error(flag, &e))
        })?,
        (None, Some(p)) => {
            let mut registre = Registre::new(&ctx.store);
            recipient::residence(&load_person(p, &mut registre)?.person)
        }
        (None, None) => return Err(Failure::invalid(t::place_needed())),
    };
    let cp = place.code_postal.clone();
    let data =
        local::embedded().map_err(|_| Failure::new(exit::CHECK_FAILED, t::local_data_broken()))?;
    let proposal = data.propose_at(route, &place);
    let authority = cat.authority(&route.recipient);
    let recipient_name = authority.map_or(route.recipient.as_str(), |a| a.name.as_str());

    if ctx.json {
        let (kind, detail) = match &proposal.resolution {
            Resolution::Proposed { entity, why } => {
                ("propose", json!({ "entite": entity, "raison": why }))
            }
            Resolution::Choice { candidates, why } => {
                ("choix", json!({ "candidats": candidates, "raison": why }))
            }
            Resolution::NeedsPlace => ("commune_requise", json!({})),
            Resolution::Typed { hint } => ("a_saisir", json!({ "indication": hint })),
            Resolution::NotLocal => ("adresse_fixe", json!({})),
        };
        let communes: Vec<_> = match &proposal.commune {
            CommuneMatch::One(c) => vec![*c],
            CommuneMatch::Several(list) => list.clone(),
            CommuneMatch::Unknown => Vec::new(),
        };
        let mut out = json!({
            "demarche": format!("{}/{}", entry.code, route.id),
            "destinataire": route.recipient,
            "lieu": route.locality,
            "code_postal": cp,
            "origine": place.origine,
            "communes": communes,
            "resolution": kind,
        });
        if let (Some(obj), serde_json::Value::Object(extra)) = (out.as_object_mut(), detail) {
            obj.extend(extra);
        }
        return print_json(&out);
    }

    match &proposal.commune {
        CommuneMatch::Unknown if !matches!(proposal.resolution, Resolution::Proposed { .. }) => {
            if matches!(proposal.resolution, Resolution::NeedsPlace) {
                return Err(Failure::invalid(t::unknown_postal_code(&cp)));
            }
        }
        CommuneMatch::Several(list) if matches!(proposal.resolution, Resolution::NeedsPlace) => {
            return Err(Failure::invalid(t::several_communes(&cp, list)));
        }
        _ => {}
    }
    print!(
        "{}",
        t::report(
            recipient_name,
            route.locality.as_ref(),
            proposal.commune(),
            &proposal.resolution,
            authority.and_then(|a| a.local_prompt.as_deref()),
        )
    );
    Ok(())
}
