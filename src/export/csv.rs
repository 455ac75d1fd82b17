//! CSV export of the tracker: one row per case with its derived state and next due date,
//! comma-separated, CRLF line ends (RFC 4180), for a spreadsheet.

use std::collections::HashMap;

use crate::cases::PersonId;
use crate::cases::agenda::Tracked;
use crate::person::Person;

/// One field, quoted when it holds a separator, a quote or a line end.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One row per case, with its derived state and next due date.
pub fn cases(tracked: &[Tracked], persons: &HashMap<PersonId, Person>) -> String {
    let mut out = String::from(
        "dossier,personne,nom,prenoms,fichier,demarche,canal,ouvert,suite_de,etat,echeance,\
         echeance_estimee,evenements,dernier_evenement,date_dernier_evenement\r\n",
    );
    for x in tracked {
        let c = &x.history.case;
        let p = persons.get(&c.personne);
        let due = x.status.deadlines().into_iter().min_by_key(|d| d.due.due());
        let last = x.history.events.last();
        let row = [
            c.id.to_string(),
            c.personne.to_string(),
            p.map(|p| p.nom.clone()).unwrap_or_default(),
            p.map(|p| p.prenoms.clone()).unwrap_or_default(),
            c.fichier.clone(),
            c.demarche.clone(),
            c.canal.map(|c| c.id().to_string()).unwrap_or_default(),
            c.ouvert.to_string(),
            c.suite_de.map(|s| s.to_string()).unwrap_or_default(),
            x.status.state.id().to_string(),
            due.as_ref()
                .map(|d| d.due.due().to_string())
                .unwrap_or_default(),
            due.map(|d| if d.due.estimated { "oui" } else { "non" }.to_string())
                .unwrap_or_default(),
            x.history.events.len().to_string(),
            last.map(|e| e.kind.id().to_string()).unwrap_or_default(),
            last.map(|e| e.date.to_string()).unwrap_or_default(),
        ];
        let fields: Vec<String> = row.iter().map(|f| field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field("Dupont"), "Dupont");
        assert_eq!(field("Dupont, Jean"), "\"Dupont, Jean\"");
        assert_eq!(field("a;b"), "\"a;b\"");
        assert_eq!(field("dit \"Jo\""), "\"dit \"\"Jo\"\"\"");
        assert_eq!(field("deux\nlignes"), "\"deux\nlignes\"");
    }
}
