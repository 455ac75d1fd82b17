//! `--ligne`: a line more for the `--champ` just before it, as `|` or a line break in its
//! value (`--champ "destinataire_adresse=Tribunal judiciaire de Nantes" --ligne "19 quai
//! François Mitterrand" --ligne "44000 Nantes"`). Clap gives each value its place on the
//! command line; the lines join their field's value, which is then checked as any typed
//! value (`letters::fields::validate_field`).

use clap::ArgMatches;

use crate::error::Failure;
use crate::letters::{FieldKind, fields::ALL_KEYS};
use crate::texts::cli as t;

/// For each `--ligne` of a sub-command, how many `--champ` come before it.
pub fn lines_after(m: &ArgMatches) -> Vec<usize> {
    let champs: Vec<usize> = m
        .indices_of("champs")
        .map(|i| i.collect())
        .unwrap_or_default();
    m.indices_of("lignes")
        .map(|lines| {
            lines
                .map(|at| champs.iter().filter(|&&c| c < at).count())
                .collect()
        })
        .unwrap_or_default()
}

/// The `--champ` values, each with the `--ligne` values that follow it joined as lines.
/// `after[i]` is [`lines_after`] for `lines[i]`. A `--champ CLE` followed by lines needs no
/// `=`. A line before any `--champ`, or after a one-line field (a date…), is refused.
pub fn with_lines(
    champs: &[String],
    lines: &[String],
    after: &[usize],
) -> Result<Vec<String>, Failure> {
    let mut out: Vec<String> = champs.to_vec();
    for (line, &n) in lines.iter().zip(after) {
        let Some(field) = n.checked_sub(1).and_then(|i| out.get_mut(i)) else {
            return Err(Failure::invalid(t::cli_line_without_field()));
        };
        let key = field
            .split_once('=')
            .map_or(field.as_str(), |(k, _)| k)
            .trim();
        let kind = ALL_KEYS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, kind, _)| *kind);
        if matches!(
            kind,
            Some(FieldKind::Text | FieldKind::Date | FieldKind::PostalCode | FieldKind::Email)
        ) {
            return Err(Failure::invalid(t::cli_line_on_one_line_field(key)));
        }
        if !field.contains('=') {
            field.push('=');
        }
        if !field.ends_with('=') {
            field.push('\n');
        }
        field.push_str(line);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn lines_join_the_field_before_them() {
        let got = with_lines(
            &s(&[
                "date_lettre=2026-11-29",
                "destinataire_adresse=Tribunal",
                "motifs",
            ]),
            &s(&["1 rue X", "75001 Paris", "Premier motif.", "Second."]),
            &[2, 2, 3, 3],
        )
        .unwrap();
        assert_eq!(
            got,
            s(&[
                "date_lettre=2026-11-29",
                "destinataire_adresse=Tribunal\n1 rue X\n75001 Paris",
                "motifs=Premier motif.\nSecond."
            ])
        );
        assert_eq!(
            with_lines(&s(&["destinataire_adresse="]), &s(&["a", "b"]), &[1, 1]).unwrap(),
            s(&["destinataire_adresse=a\nb"])
        );
    }

    #[test]
    fn a_line_needs_a_field_of_several_lines_before_it() {
        let e = with_lines(&s(&["adresse=x"]), &s(&["y"]), &[0]).unwrap_err();
        assert_eq!(e.message, t::cli_line_without_field());
        let e = with_lines(&s(&["date_lettre=2026-11-29"]), &s(&["y"]), &[1]).unwrap_err();
        assert_eq!(e.message, t::cli_line_on_one_line_field("date_lettre"));
    }
}
