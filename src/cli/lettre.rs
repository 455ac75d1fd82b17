//! `acces lettre CODE [--demarche ROUTE] --personne FICHIER.json|ID [--champ CLE=VALEUR ...]
//! [--format txt|pdf|eml] [--sortie FICHIER] [--relance] [--dossier ID] [--enregistrer]` and
//! `acces lettre --liste`.
//!
//! `--personne` names a person file, or a person of the tracker by number; `--dossier` takes
//! the person, the file and the route from a tracked case; `--enregistrer` records a
//! « brouillon » event once the letter is written (on the case, or on a new case opened for
//! it, in one transaction).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::context::{Context, find_entry, note, print_json, to_stdout};
use super::registre::StoreOptions;
use crate::cases::status::{self, Status};
use crate::cases::{CaseHistory, CaseId, PersonId};
use crate::catalogue::{Catalogue, Entry, Route};
use crate::error::{Failure, exit};
use crate::fsio::{self, journal::LetterJournal};
use crate::law::Region;
use crate::letters::journey::{self, CaseDates, Recording, Writing};
use crate::letters::{self, FieldSource, LetterError, RenderOptions, Target, recipient};
use crate::local::{CommuneMatch, Resolution, SearchPlace};
use crate::person::Person;
use crate::store::{Register, Store};
use crate::texts::cli as t;
use crate::texts::letters as tl;
use crate::texts::local as tloc;
use crate::texts::store as ts;

#[derive(Args, Debug)]
pub struct LettreArgs {
    /// Code du fichier (TAJ, FT-SUSPICION…), sans distinction de casse
    pub code: Option<String>,

    /// Identifiant de la démarche (voir « acces catalogue CODE ») ; par défaut, la première
    /// démarche par laquelle on peut commencer
    #[arg(long, value_name = "DEMARCHE")]
    pub demarche: Option<String>,

    /// Fichier personne (JSON, voir le README), ou numéro d'une personne du registre
    /// (acces personne liste) ; un fichier de ce nom, s'il existe, passe avant le numéro
    #[arg(long, value_name = "FICHIER|NUMERO")]
    pub personne: Option<PathBuf>,

    /// Lettre pour ce dossier suivi : la personne, le fichier et la démarche viennent du
    /// dossier (CODE, --demarche et --personne deviennent facultatifs et doivent concorder)
    #[arg(long, value_name = "ID")]
    pub dossier: Option<CaseId>,

    /// Noter un « brouillon » dans le registre une fois la lettre écrite : dans le dossier
    /// (--dossier), sinon dans un nouveau dossier ouvert pour la personne (--personne NUMERO),
    /// dont le numéro est affiché sur la sortie d'erreur
    #[arg(long)]
    pub enregistrer: bool,

    /// Un champ de la lettre : --champ date_demande=2026-03-15 (répétable ; voir --liste)
    #[arg(long = "champ", value_name = "CLE=VALEUR")]
    pub champs: Vec<String>,

    /// Une ligne de plus pour le --champ qui précède (adresse, texte sur plusieurs lignes) :
    /// --champ "destinataire_adresse=Tribunal judiciaire de Nantes" --ligne "19 quai François
    /// Mitterrand" --ligne "44000 Nantes" revient à séparer les lignes par « | » (répétable)
    #[arg(long = "ligne", value_name = "LIGNE")]
    pub lignes: Vec<String>,

    /// For each `--ligne`, how many `--champ` precede it (`champs::lines_after`).
    #[arg(skip)]
    pub lignes_apres: Vec<usize>,

    /// Code postal du lieu de la procédure, quand le destinataire est celui de ce lieu
    /// (procureur, chambre de l'instruction) : il est cherché là plutôt qu'à votre domicile
    #[arg(long = "lieu-procedure", value_name = "CP")]
    pub lieu_procedure: Option<String>,

    /// Nom de la commune du lieu de la procédure, quand son code postal en dessert plusieurs
    #[arg(
        long = "commune-procedure",
        value_name = "NOM",
        requires = "lieu_procedure"
    )]
    pub commune_procedure: Option<String>,

    /// Format de sortie : txt (texte, par défaut), pdf (A4 à imprimer et signer) ou eml
    /// (e-mail à ouvrir dans votre messagerie)
    #[arg(
        long,
        value_enum,
        default_value = "txt",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub format: Format,

    /// Fichier de sortie (obligatoire pour le PDF) ; sans lui, le texte va sur la sortie standard
    #[arg(long, value_name = "FICHIER")]
    pub sortie: Option<PathBuf>,

    /// Écrire la lettre de relance de cette démarche (délai de réponse dépassé)
    #[arg(long)]
    pub relance: bool,

    /// Lister les modèles de lettres et les champs que chacun demande
    #[arg(long, conflicts_with_all = ["code", "demarche", "personne", "champs", "lignes", "lieu_procedure", "sortie", "relance", "dossier", "enregistrer"])]
    pub liste: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Texte brut
    Txt,
    /// PDF A4, à imprimer et signer
    Pdf,
    /// E-mail (.eml) à ouvrir dans votre messagerie
    Eml,
}

pub fn run(ctx: &Context, args: LettreArgs) -> Result<(), Failure> {
    let cat = ctx.catalogue()?;
    if args.liste {
        return list(ctx, &cat);
    }
    let mut registre = Registre::new(&ctx.store);
    let today = chrono::Local::now().date_naive();

    let chosen = match args.dossier {
        Some(case) => for_case(&cat, &mut registre, case, &args, today)?,
        None => {
            let Some(code) = args.code.as_deref() else {
                return Err(Failure::invalid(t::cli_code_needed()));
            };
            let entry = find_entry(&cat, code)?;
            let route = pick_route(entry, args.demarche.as_deref())?;
            let Some(person_arg) = args.personne.as_deref() else {
                return Err(Failure::invalid(t::cli_person_needed()));
            };
            let loaded = load_person(person_arg, &mut registre)?;
            Chosen {
                entry,
                route,
                person: loaded.person,
                person_id: loaded.id,
                case: None,
            }
        }
    };
    let target =
        Target::new(&cat, chosen.entry, chosen.route, args.relance).map_err(letter_failure)?;
    let region = Region::from_departement(chosen.person.departement.as_deref());
    let mut typed = parse_fields(&super::champs::with_lines(
        &args.champs,
        &args.lignes,
        &args.lignes_apres,
    )?)?;
    let procedure_place = match &args.lieu_procedure {
        Some(cp) => Some(
            recipient::given(cp, args.commune_procedure.as_deref()).map_err(|e| {
                let flag = match crate::validate::postal_code(cp) {
                    Ok(_) => "--commune-procedure",
                    Err(_) => "--lieu-procedure",
                };
                Failure::invalid(t::cli_option_error(flag, &e))
            })?,
        ),
        None => None,
    };
    // A letter again for a case: to the recipient the case kept (unless one is given).
    if procedure_place.is_none()
        && !typed.contains_key("destinataire_adresse")
        && let Some(c) = &chosen.case
        && let Some(kept) = recipient::kept(&c.history.case, &target)
    {
        note(&tloc::kept_in_case(c.history.case.id));
        typed.insert("destinataire_adresse".into(), kept);
    }
    propose_recipient(
        &target,
        &chosen.person,
        procedure_place.as_ref(),
        &mut typed,
    )?;
    // The dates the case already knows; --champ wins over them.
    let dates = chosen.dates(args.relance);
    for (key, date) in dates.fields_for(&target) {
        typed.entry(key.to_string()).or_insert(date.to_string());
    }
    if args.relance {
        let checked = match &chosen.case {
            Some(case) => journey::check_reminder(&case.status, today),
            None => match journey::typed_request_dates(&typed) {
                (Some(sent), received) => {
                    journey::check_reminder_dates(chosen.route, sent, received, region, today)
                }
                // No date: the letter itself asks for it.
                (None, _) => Ok(()),
            },
        };
        checked.map_err(|e| Failure::invalid(e.to_string()))?;
    }
    if args.format == Format::Pdf && args.sortie.is_none() {
        return Err(Failure::invalid(t::cli_pdf_needs_output()));
    }
    if let Some(path) = &args.sortie {
        ctx.store.check_output(path)?;
    }
    let record = if args.enregistrer {
        // The recipient chosen, kept in the case for its next letters.
        let keep = recipient::to_keep_in(
            chosen.case.as_ref().map(|c| &c.history.case),
            &target,
            &typed,
        )
        .map_err(letter_failure)?;
        Some((plan_record(&chosen, &args, today)?, keep))
    } else {
        None
    };

    let options = RenderOptions {
        today,
        by_post: args.format != Format::Eml,
    };
    let letter =
        letters::render(&target, &chosen.person, &typed, options).map_err(letter_failure)?;

    // The person's deadline for this step, before anything else: past it, the recourse is
    // probably late.
    let on = journey::letter_day(&typed, today);
    let decision = journey::typed_decision(&typed).or(dates.decision);
    let guard = journey::guard(&target, decision, region, on);
    if let Some(g) = &guard {
        for line in g.lines(&chosen.route.title) {
            note(&line);
        }
        eprintln!();
    }

    let warnings = letters::warnings(&target);
    if !warnings.is_empty() {
        note(tl::warnings_header());
        for w in &warnings {
            note(&tl::warning_line(&w.fact, &w.why));
        }
        eprintln!();
    }

    if !letter.cautions.is_empty() {
        note(tl::cautions_header());
        for c in &letter.cautions {
            note(&tl::caution_line(c));
        }
        eprintln!();
    }

    if !letter.conditional_enclosures.is_empty() {
        note(t::conditional_enclosures_header());
        for e in &letter.conditional_enclosures {
            note(&format!("  – {e}"));
        }
        eprintln!();
    }

    if ctx.json && args.sortie.is_none() && args.format == Format::Txt {
        let recorded = match &record {
            Some(r) => Some(write_record(r, &mut registre)?),
            None => None,
        };
        let mut out = serde_json::json!({ "lettre": letter, "avertissements": warnings });
        if let Some(g) = &guard {
            out["delai"] = serde_json::json!(g.json(&chosen.route.title));
        }
        if let Some(r) = recorded {
            out["dossier"] = r.case.into();
            out["evenement"] = r.event.into();
        }
        return print_json(&out);
    }

    let bytes = match args.format {
        Format::Txt if args.sortie.is_none() => crate::texts::terminal_safe(&letter.text())
            .into_owned()
            .into_bytes(),
        Format::Txt => letter.text().into_bytes(),
        Format::Pdf => letters::pdf::render(&letter).map_err(letter_failure)?,
        Format::Eml => {
            letters::eml::render(&letter, &target.recipient.name).map_err(letter_failure)?
        }
    };
    match &args.sortie {
        Some(path) => {
            // The store first, then the file, with the letter journal between (see
            // `fsio::journal`): a kill in between is told at the next start.
            match &record {
                Some(r) => {
                    let dir = ctx.store.dir()?;
                    let mut journal = LetterJournal::begin(&dir, path)?;
                    let recorded = match write_record(r, &mut registre) {
                        Ok(rec) => rec,
                        Err(f) => {
                            journal.done();
                            return Err(f);
                        }
                    };
                    let _ = journal.recorded(recorded.case);
                    let written = fsio::write_atomic(path, &bytes);
                    journal.done();
                    written.map_err(|f| {
                        Failure::new(
                            f.code,
                            t::cli_recorded_not_written(recorded.case, &f.message),
                        )
                    })?;
                }
                None => fsio::write_atomic(path, &bytes)?,
            }
            note(&t::cli_written(path));
        }
        None => {
            // Recorded first: when the registre refuses, nothing is printed and the exit
            // code says why; a letter on the terminal cannot be taken back.
            if let Some(r) = &record {
                write_record(r, &mut registre)?;
            }
            to_stdout(&bytes)?;
        }
    }
    Ok(())
}

/// The store, opened at most once per command and only when needed.
pub(super) struct Registre<'a> {
    options: &'a StoreOptions,
    store: Option<Register>,
}

impl<'a> Registre<'a> {
    pub(super) fn new(options: &'a StoreOptions) -> Registre<'a> {
        Registre {
            options,
            store: None,
        }
    }

    /// The store; it is never created here (a person's number or a case needs one).
    pub(super) fn get(&mut self) -> Result<&mut Register, Failure> {
        let store = match self.store.take() {
            Some(s) => s,
            None => {
                let dir = self.options.dir()?;
                if !self.options.register_exists()? {
                    return Err(Failure::new(exit::STORE_UNAVAILABLE, ts::no_store(&dir)));
                }
                self.options.open()?
            }
        };
        Ok(self.store.insert(store))
    }
}

/// What the letter is written for.
struct Chosen<'c> {
    entry: &'c Entry,
    route: &'c Route,
    person: Person,
    /// The person's number in the tracker, when it comes from there.
    person_id: Option<PersonId>,
    /// The tracked case (`--dossier`).
    case: Option<TrackedCase>,
}

/// A tracked case, its status, and the status of the case it follows.
struct TrackedCase {
    history: CaseHistory,
    status: Status,
    previous: Option<Status>,
}

impl Chosen<'_> {
    /// What the letter takes from its case: a reminder, the case's own request; the letter of
    /// a next step, the request and decision of the case it follows.
    fn dates(&self, reminder: bool) -> CaseDates {
        match &self.case {
            Some(c) if reminder => journey::reminder_dates(&c.status),
            Some(TrackedCase {
                previous: Some(p), ..
            }) => journey::follow_up_dates(p),
            _ => CaseDates::default(),
        }
    }
}

/// `--dossier ID`: the person, the entry and the route of the case; CODE, `--demarche` and
/// `--personne`, when given, must agree with it.
fn for_case<'c>(
    cat: &'c Catalogue,
    registre: &mut Registre<'_>,
    id: CaseId,
    args: &LettreArgs,
    today: NaiveDate,
) -> Result<Chosen<'c>, Failure> {
    let store = registre.get()?;
    let history = store
        .case(id)?
        .ok_or_else(|| Failure::invalid(ts::unknown_case(id)))?;
    let case = &history.case;
    let entry = find_entry(cat, &case.fichier)?;
    if let Some(code) = args.code.as_deref() {
        let given = find_entry(cat, code)?;
        if given.code != entry.code {
            return Err(Failure::invalid(t::cli_case_other_entry(
                code,
                id,
                &entry.code,
            )));
        }
    }
    if let Some(wanted) = args.demarche.as_deref()
        && !wanted.trim().eq_ignore_ascii_case(&case.demarche)
    {
        return Err(Failure::invalid(t::cli_case_other_route(
            wanted,
            id,
            &case.demarche,
        )));
    }
    let route = entry
        .route(&case.demarche)
        .ok_or_else(|| Failure::invalid(t::cli_case_route_gone(id, &case.demarche, &entry.code)))?;
    match args.personne.as_deref().map(person_ref) {
        None => {}
        Some(PersonRef::Id(given)) if given == case.personne => {}
        Some(PersonRef::Id(given)) => {
            return Err(Failure::invalid(t::cli_case_other_person(
                given,
                id,
                case.personne,
            )));
        }
        Some(PersonRef::File(_)) => {
            return Err(Failure::invalid(t::cli_case_person_file(id, case.personne)));
        }
    }
    let person = store
        .person(case.personne)?
        .ok_or_else(|| Failure::invalid(ts::unknown_person(case.personne)))?;
    let region = Region::from_departement(person.departement.as_deref());
    let derive = |h: &CaseHistory| status::derive(h, cat.entry(&h.case.fichier), region, today);
    let previous = match case.suite_de {
        Some(p) => store.case(p)?.map(|h| derive(&h)),
        None => None,
    };
    let status = derive(&history);
    let personne = case.personne;
    Ok(Chosen {
        entry,
        route,
        person,
        person_id: Some(personne),
        case: Some(TrackedCase {
            history,
            status,
            previous,
        }),
    })
}

/// What was recorded.
struct Recorded {
    case: CaseId,
    event: i64,
}

/// The « brouillon » to record with `--enregistrer` (see `letters::journey::record`),
/// checked before the letter is written.
fn plan_record(
    chosen: &Chosen<'_>,
    args: &LettreArgs,
    today: NaiveDate,
) -> Result<Recording, Failure> {
    let writing = match &chosen.case {
        Some(c) => Writing::OnCase {
            history: &c.history,
            reminder: args.relance,
        },
        None => {
            let Some(person) = chosen.person_id else {
                return Err(Failure::invalid(t::cli_record_needs_stored_person()));
            };
            if args.relance {
                return Err(Failure::invalid(t::cli_record_reminder_needs_case()));
            }
            Writing::NewCase {
                person,
                file: &chosen.entry.code,
                route: &chosen.route.id,
                follows: None,
            }
        }
    };
    journey::record(writing, None, args.format == Format::Eml, today)
        .map_err(|e| Failure::invalid(e.to_string()))
}

/// Writes the recording (one transaction) and says so on stderr; then keeps the recipient
/// chosen in the case, when there is one to keep (a second, small write: the draft stands
/// even if it fails, and the failure is told).
fn write_record(
    (record, keep): &(Recording, Option<String>),
    registre: &mut Registre<'_>,
) -> Result<Recorded, Failure> {
    let recorded = write_recording(record, registre)?;
    if let Some(keep) = keep
        && let Err(f) = registre.get()?.set_recipient(recorded.case, Some(keep))
    {
        note(&tloc::recipient_not_kept(&f.message));
    }
    Ok(recorded)
}

fn write_recording(record: &Recording, registre: &mut Registre<'_>) -> Result<Recorded, Failure> {
    let store = registre.get()?;
    match record {
        Recording::OnCase { case, event } => {
            let id = store.add_event(*case, event)?;
            note(&t::cli_draft_recorded(*case));
            Ok(Recorded {
                case: *case,
                event: id,
            })
        }
        Recording::NewCase { case, event } => {
            let (case, event) = store.open_case_with_event(case, event)?;
            note(&t::cli_draft_recorded_new_case(case));
            Ok(Recorded { case, event })
        }
    }
}

/// The route named by `--demarche`, or the entry's first start route that has a letter.
fn pick_route<'a>(entry: &'a Entry, wanted: Option<&str>) -> Result<&'a Route, Failure> {
    let with_letter = || {
        entry
            .routes
            .iter()
            .filter(|r| r.letter.is_some())
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
    };
    match wanted {
        Some(id) => entry
            .routes
            .iter()
            .find(|r| r.id.eq_ignore_ascii_case(id.trim()))
            .ok_or_else(|| Failure::invalid(t::cli_unknown_route(id, &entry.code, &with_letter()))),
        None => journey::default_route(entry)
            .ok_or_else(|| Failure::invalid(t::cli_no_start_route(&entry.code, &with_letter()))),
    }
}

/// How `--personne` names the person: a file, or a number in the tracker.
pub(super) enum PersonRef<'a> {
    File(&'a Path),
    Id(PersonId),
}

/// An existing file wins; otherwise a value made of digits only is a person's number.
pub(super) fn person_ref(arg: &Path) -> PersonRef<'_> {
    if !arg.exists()
        && let Some(id) = arg
            .to_str()
            .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse::<PersonId>().ok())
    {
        return PersonRef::Id(id);
    }
    PersonRef::File(arg)
}

/// A person to write for, and its number when it comes from the tracker.
pub struct LoadedPerson {
    pub person: Person,
    pub id: Option<PersonId>,
}

/// Reads the person a letter is written for: the person file, or (a number) the person of
/// the tracker, opening the store. Unknown number → exit 2; a store that cannot be opened
/// keeps its exit code (3 wrong passphrase, 4 unavailable).
pub(super) fn load_person(
    arg: &Path,
    registre: &mut Registre<'_>,
) -> Result<LoadedPerson, Failure> {
    match person_ref(arg) {
        PersonRef::Id(id) => {
            let person = registre
                .get()?
                .person(id)?
                .ok_or_else(|| Failure::invalid(ts::unknown_person(id)))?;
            Ok(LoadedPerson {
                person,
                id: Some(id),
            })
        }
        PersonRef::File(path) => {
            // Bounded: a device, a pipe or a huge file is refused, never read for ever.
            let text = fsio::read_bounded(path, fsio::MAX_SMALL_FILE)
                .map_err(|f| Failure::invalid(t::cli_person_unreadable(&f.message)))?;
            let person = serde_json::from_str::<Person>(&text)
                .map_err(|e| Failure::invalid(t::cli_person_invalid(path, &json_problem(&e))))?;
            Ok(LoadedPerson { person, id: None })
        }
    }
}

/// What is wrong in the person file, without repeating any value from it (serde's messages
/// for a wrong type quote the value).
/// What is wrong in a person file and where, without repeating any value from it.
fn json_problem(e: &serde_json::Error) -> String {
    t::json_where(&crate::texts::cases::json_problem(e), e.line(), e.column())
}

pub(super) fn parse_fields(raw: &[String]) -> Result<BTreeMap<String, String>, Failure> {
    let mut out = BTreeMap::new();
    for item in raw {
        let Some((key, value)) = item.split_once('=') else {
            return Err(Failure::invalid(t::cli_bad_field(item)));
        };
        out.insert(key.trim().to_string(), value.to_string());
    }
    Ok(out)
}

pub(super) fn letter_failure(e: LetterError) -> Failure {
    letters::failure(e)
}

fn list(ctx: &Context, cat: &Catalogue) -> Result<(), Failure> {
    let kinds = letters::kinds_and_fields(cat);
    if ctx.json {
        let v: Vec<_> = kinds
            .iter()
            .map(|(k, f)| serde_json::json!({ "modele": k, "champs": f }))
            .collect();
        return print_json(&v);
    }
    let mut text = String::from(t::cli_list_header());
    text.push('\n');
    for (kind, fields) in &kinds {
        text.push('\n');
        text.push_str(kind);
        text.push('\n');
        for f in fields {
            text.push_str(&t::cli_list_field(
                f.key,
                &f.label,
                f.required,
                match f.source {
                    FieldSource::Person => t::SOURCE_PERSON,
                    FieldSource::Case => t::SOURCE_CASE,
                },
            ));
            text.push('\n');
        }
    }
    to_stdout(text.as_bytes())?;
    Ok(())
}

/// Fills `destinataire_adresse` with the local recipient acces finds for the route's place
/// (the place of the proceedings given with `--lieu-procedure`, otherwise the person's
/// residence), unless the person gave one (`--champ` always wins). Says on stderr what it
/// proposes and where it comes from, or why it cannot choose. A place of the proceedings
/// the route does not use, or that names no single commune, is refused (exit 2).
fn propose_recipient(
    target: &Target<'_>,
    person: &Person,
    procedure_place: Option<&SearchPlace>,
    typed: &mut BTreeMap<String, String>,
) -> Result<(), Failure> {
    let route = target.route;
    if procedure_place.is_some() && !recipient::asks_procedure_place(target) {
        return Err(Failure::invalid(tloc::procedure_place_unfit(
            route.locality.as_ref(),
        )));
    }
    if !target.recipient.address_lines.is_empty() {
        return Ok(());
    }
    let data = match crate::local::embedded() {
        Ok(d) => d,
        Err(_) => {
            note(tloc::local_data_broken());
            return Ok(());
        }
    };
    let place = procedure_place
        .cloned()
        .unwrap_or_else(|| recipient::residence(person));
    let proposal = data.propose_at(route, &place);
    if procedure_place.is_some() {
        match &proposal.commune {
            CommuneMatch::Unknown => {
                return Err(Failure::invalid(tloc::unknown_postal_code(
                    &place.code_postal,
                )));
            }
            CommuneMatch::Several(list) => {
                return Err(Failure::invalid(tloc::several_communes_for(
                    &place.code_postal,
                    list,
                    "--commune-procedure",
                )));
            }
            CommuneMatch::One(_) => {}
        }
    }
    if typed.contains_key("destinataire_adresse") {
        return Ok(());
    }
    let place_used = tloc::place_used(&place, route.locality.as_ref(), proposal.commune());
    match (&proposal.resolution, proposal.resolution.address_lines()) {
        (Resolution::NotLocal, _) => {}
        (Resolution::Proposed { entity, why }, Some(lines)) => {
            typed.insert("destinataire_adresse".into(), lines.join("|"));
            note(&tloc::letter_proposed(entity, why, &place_used));
            if procedure_place.is_none() && recipient::asks_procedure_place(target) {
                note(&format!("  {}", tloc::procedure_elsewhere()));
            }
            eprintln!();
        }
        (resolution, _) => {
            let report = tloc::report(
                &target.recipient.name,
                route.locality.as_ref(),
                proposal.commune(),
                resolution,
                target.recipient.local_prompt.as_deref(),
            );
            note(&format!("{}\n", tloc::letter_not_proposed(&report)));
        }
    }
    Ok(())
}
