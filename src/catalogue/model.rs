//! Serde types of the catalogue data in `requests/`.
//!
//! Identifiers in the data are English and stable (`receipt`, `person`…); everything a user
//! reads is French. `deny_unknown_fields` everywhere so a typo in the data is an error, not a
//! silently ignored fact.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How sure the legal reference is of a fact. `Low` facts are shown with a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

/// The legal regime(s) that govern a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Regime {
    #[serde(rename = "rgpd")]
    Rgpd,
    #[serde(rename = "lil-titre3")]
    LilTitre3,
    #[serde(rename = "lil-titre4")]
    LilTitre4,
    #[serde(rename = "cpp")]
    Cpp,
    #[serde(rename = "crpa")]
    Crpa,
    /// The body's own rules (e.g. INTERPOL's rules on the processing of data, applied by the CCF).
    #[serde(rename = "autre")]
    Other,
}

impl Regime {
    pub const ALL: [Regime; 6] = [
        Regime::Rgpd,
        Regime::LilTitre3,
        Regime::LilTitre4,
        Regime::Cpp,
        Regime::Crpa,
        Regime::Other,
    ];

    /// The identifier used in the data and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Regime::Rgpd => "rgpd",
            Regime::LilTitre3 => "lil-titre3",
            Regime::LilTitre4 => "lil-titre4",
            Regime::Cpp => "cpp",
            Regime::Crpa => "crpa",
            Regime::Other => "autre",
        }
    }

    /// Parses an identifier (case-insensitive).
    pub fn from_id(id: &str) -> Option<Regime> {
        let id = id.trim();
        Regime::ALL
            .into_iter()
            .find(|r| r.id().eq_ignore_ascii_case(id))
    }
}

/// Whether the ACCReD administrative enquiry queries this file (art. 7 décret 2017-1224).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Accred {
    Yes,
    No,
    Unknown,
}

/// One legal text and the articles of it that apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalBasis {
    /// The text, e.g. « Loi n° 78-17 du 6 janvier 1978, titre III ».
    pub text: String,
    /// Article numbers as written in the text, e.g. « 105 », « R.40-33 ».
    pub articles: Vec<String>,
    /// The primary publisher's page (Légifrance, cnil.fr, service-public.fr…): see
    /// [`crate::catalogue::PRIMARY_HOSTS`].
    pub source_url: String,
    /// A copy actually read (« copie consultée »), when it is not the primary page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_url: Option<String>,
    pub confidence: Confidence,
    /// Why the confidence is not high, or anything a reader must know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When this fact was last checked; the entry's `checked` date when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<NaiveDate>,
}

/// A file or processing (TAJ, FPR, France Travail's fraud score…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    #[serde(rename = "$schema")]
    pub schema: String,
    /// Short code, unique, matched case-insensitively (« TAJ », « FT-SUSPICION »).
    pub code: String,
    /// Official name.
    pub name: String,
    /// What it is, in plain French.
    pub summary: String,
    /// Who is in it, in plain French.
    pub who: String,
    /// The data controller as the texts name it.
    pub controller: String,
    pub regime: Vec<Regime>,
    pub legal_basis: Vec<LegalBasis>,
    pub accred: Accred,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accred_note: Option<String>,
    /// Retention periods, in plain French, as the reference states them.
    pub retention: String,
    /// What to enclose with a first request.
    pub enclose: Vec<String>,
    /// Overall confidence of the entry.
    pub confidence: Confidence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence_note: Option<String>,
    /// When these facts were last checked against the sources.
    pub checked: NaiveDate,
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Law published but not yet in force (recorded, never applied to routes or letters).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coming_law: Vec<ComingLaw>,
    /// The steps a person can take, in the order they usually come.
    pub routes: Vec<Route>,
}

/// A text published but not yet in force, with the date announced for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComingLaw {
    /// What changes, in plain French.
    pub text: String,
    /// The entry into force announced by the text.
    pub in_force: NaiveDate,
    pub source_url: String,
    /// A copy actually read (« copie consultée »), when it is not the primary page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_url: Option<String>,
    /// When this note was last checked.
    pub checked: NaiveDate,
}

/// One step a person can take: a letter (or a court action) to one recipient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Unique within the entry, e.g. « acces », « cnil-108 », « effacement ».
    pub id: String,
    /// What the step is, in French (« Demander l'accès au ministère de l'intérieur »).
    pub title: String,
    /// What the step does and when to take it, in plain French.
    pub explanation: String,
    /// True when a person can begin with this step (no earlier step needed).
    pub start: bool,
    /// The letter kind (a template in `templates/`); `null` for a step acces does not write,
    /// such as a court action, where `explanation` says how to proceed.
    pub letter: Option<String>,
    /// An authority id from `authorities.json`.
    pub recipient: String,
    /// For a local recipient: which place decides it (checked by `acces catalogue verifier`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<Locality>,
    /// The texts and articles the letter cites.
    pub legal_basis: Vec<LegalBasis>,
    /// What the person must know before sending this step's letter (shown before output,
    /// never printed in the letter), e.g. that it does not stop a time limit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cautions: Vec<Caution>,
    /// What to enclose with this letter.
    pub enclose: Vec<String>,
    /// Deadlines attached to this step: the recipient's time to answer, and/or the person's
    /// time to take the step after the previous decision.
    pub deadlines: Vec<DeadlineRule>,
    /// Ids of the routes (same entry) this step opens when it fails or ends.
    pub next: Vec<String>,
    pub confidence: Confidence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence_note: Option<String>,
}

/// The place that decides a route's local recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Place {
    /// The person's residence.
    Residence,
    /// Where the proceedings took place; the residence is only proposed.
    Procedure,
    /// The seat of the authority that took the decision (`fixed` names the court when known).
    Seat,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Locality {
    pub place: Place,
    /// A local recipient id (`requests/local/`) that applies whatever the person's place,
    /// e.g. `ta-paris` for a minister's decision (CJA R.312-1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<String>,
    /// The rule and its text, in French.
    pub basis: String,
    /// What the person must know or check, in French.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Months,
    Days,
}

/// The event a deadline is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CountedFrom {
    /// Receipt of this step's letter by the recipient (the AR date).
    Receipt,
    /// Sending of this step's letter.
    Sending,
    /// The decision (express, or implicit at the end of a silence) that ended the previous step.
    Decision,
}

/// Who must meet a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Party {
    Administration,
    Person,
}

/// What the recipient's silence at the end of the deadline means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Silence {
    /// An implicit refusal (décision implicite de rejet).
    Refusal,
    /// A restriction of the right of access (loi 78-17 art. 107), opening the CNIL route.
    Restriction,
    /// Silence has no legal meaning, or the deadline is the person's.
    Nothing,
}

/// An extension the law allows, on a condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    pub length: u32,
    pub unit: Unit,
    /// When the extension applies, in French.
    pub condition: String,
}

/// A deadline as the law states it; the `law` module turns it into dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineRule {
    pub length: u32,
    pub unit: Unit,
    pub from: CountedFrom,
    pub party: Party,
    pub silence: Silence,
    /// A délai franc: the period gets one more day.
    pub franc: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<Extension>,
    /// The text that sets the deadline, e.g. « RGPD art. 12(3) ».
    pub basis: String,
    pub source_url: String,
    /// A copy actually read (« copie consultée »), when it is not the primary page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_url: Option<String>,
    pub confidence: Confidence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When this fact was last checked; the entry's `checked` date when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<NaiveDate>,
}

/// Something a person must know before acting on a step, with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Caution {
    /// In plain French, addressed to the person.
    pub text: String,
    /// Shown only when this case field of the letter has a value (e.g. `decisions`: the
    /// letter mentions a decision); always shown when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when_field: Option<String>,
    pub source_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_url: Option<String>,
    pub confidence: Confidence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthorityKind {
    /// One fixed address, in the data.
    National,
    /// The user supplies the address: it depends on the person (their CAF, the procureur of
    /// their tribunal), or no source gives it with confidence.
    Local,
}

/// A recipient of letters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    /// Stable id, referenced by routes (« cnil », « procureur »).
    pub id: String,
    pub name: String,
    pub kind: AuthorityKind,
    /// Postal address lines (empty for a local authority).
    pub address_lines: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_form: Option<String>,
    /// For a local authority: what the user must supply, in French
    /// (« le procureur de la République du tribunal judiciaire de … »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_prompt: Option<String>,
    pub confidence: Confidence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence_note: Option<String>,
    pub sources: Vec<String>,
    /// When the address and the other facts of this authority were last checked.
    pub checked: NaiveDate,
}

/// `requests/authorities.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthoritiesFile {
    #[serde(rename = "$schema")]
    pub schema: String,
    pub authorities: Vec<Authority>,
}

/// One suggested step for a situation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suggestion {
    /// An entry code.
    pub entry: String,
    /// A route id of that entry.
    pub route: String,
    /// One line of why, in plain French.
    pub why: String,
}

/// A plain-French situation (« On m'a refusé une accréditation »).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Situation {
    pub id: String,
    pub title: String,
    pub description: String,
    pub suggestions: Vec<Suggestion>,
    /// Advice that is not a letter (e.g. contesting the refusal itself), with its source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advice: Vec<Advice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advice {
    pub text: String,
    pub source_url: String,
    /// A copy actually read (« copie consultée »), when it is not the primary page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_url: Option<String>,
    pub confidence: Confidence,
    /// Why the confidence is not high.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When this advice was last checked.
    pub checked: NaiveDate,
}

/// `requests/situations.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SituationsFile {
    #[serde(rename = "$schema")]
    pub schema: String,
    pub situations: Vec<Situation>,
}
