//! The person a letter is written for: the identity block of every letter, and the record
//! the tracker keeps. The JSON form (the « fichier personne ») is documented in the README.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Identifiers given by social bodies, written in letters to them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identifiants {
    /// Numéro allocataire CAF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caf: Option<String>,
    /// Identifiant France Travail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub france_travail: Option<String>,
}

impl Identifiants {
    fn is_empty(&self) -> bool {
        self.caf.is_none() && self.france_travail.is_none()
    }
}

/// A group (association, union, legal team) acting for the person under a mandate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Representant {
    /// Name of the group or of the person representing.
    pub nom: String,
    /// Its capacity, e.g. « association X, mandataire ».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualite: Option<String>,
    /// Postal address lines for the reply, when replies go to the representative.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adresse: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// « Madame », « Monsieur », or none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub civilite: Option<String>,
    pub nom: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nom_naissance: Option<String>,
    pub prenoms: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_naissance: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lieu_naissance: Option<String>,
    /// Street lines, without postal code and commune.
    pub adresse: Vec<String>,
    pub code_postal: String,
    pub commune: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    /// Département number (« 75 », « 2A », « 974 »); decides Alsace-Moselle holidays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub departement: Option<String>,
    #[serde(default, skip_serializing_if = "Identifiants::is_empty")]
    pub identifiants: Identifiants,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representant: Option<Representant>,
}

/// What the deadline listings need of a person: the name they show and the département that
/// decides the holidays. Read from the stored profile without the rest of it (unknown fields
/// are skipped, not kept).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct PersonHead {
    pub nom: String,
    pub prenoms: String,
    #[serde(default)]
    pub departement: Option<String>,
}

impl From<&Person> for PersonHead {
    fn from(p: &Person) -> PersonHead {
        PersonHead {
            nom: p.nom.clone(),
            prenoms: p.prenoms.clone(),
            departement: p.departement.clone(),
        }
    }
}
