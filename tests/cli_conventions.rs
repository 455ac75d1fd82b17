//! Shell completions and the manual page (`acces completions SHELL`, `acces manuel`), made
//! from the same command definitions as the parser, on the standard output (issue 15).

use crate::common;

use common::{acces, stdout};
use predicates::prelude::*;

#[test]
fn completions_for_each_shell_name_the_french_commands() {
    for (shell, mark) in [
        ("bash", "_acces()"),
        ("zsh", "#compdef acces"),
        ("fish", "complete -c acces"),
        ("elvish", "edit:completion:arg-completer[acces]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = stdout(acces().args(["completions", shell]));
        assert!(out.contains(mark), "{shell}: {mark} missing");
        for sub in [
            "lettre",
            "dossier",
            "echeances",
            "phrase-de-passe",
            "manuel",
        ] {
            assert!(out.contains(sub), "{shell}: {sub} missing");
        }
    }
}

#[test]
fn an_unknown_shell_is_refused_in_french_with_the_list() {
    acces()
        .args(["completions", "ksh"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("Valeur invalide « ksh »"))
        .stderr(predicate::str::contains(
            "bash, elvish, fish, powershell, zsh",
        ));
}

#[test]
fn fixed_option_values_come_from_the_model_for_completions_and_errors() {
    // Completions offer the channels, outcomes and states the model defines.
    let bash = stdout(acces().args(["completions", "bash"]));
    for value in [
        "main-propre",
        "donnees-communiquees",
        "a-agir",
        "windows-1252",
    ] {
        assert!(
            bash.contains(value),
            "{value} missing from the bash completions"
        );
    }
    // A wrong value is refused before anything is opened, in French, with the list; a right
    // one is accepted whatever its case.
    for (args, list) in [
        (
            vec![
                "evenement",
                "ajouter",
                "--dossier",
                "1",
                "--type",
                "envoye",
                "--date",
                "2026-01-05",
                "--canal",
                "pigeon",
            ],
            "courrier, lrar, email, formulaire, main-propre",
        ),
        (
            vec!["dossier", "liste", "--statut", "perdu"],
            "brouillon, en-attente, en-retard, a-agir, termine, clos",
        ),
        (vec!["export", "--format", "xml"], "json, csv"),
        (
            vec!["export", "--format", "csv", "--encodage", "ebcdic"],
            "utf-8, windows-1252",
        ),
    ] {
        let wrong = args.last().unwrap().to_string();
        acces()
            .args(&args)
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(format!(
                "Valeur invalide « {wrong} »"
            )))
            .stderr(predicate::str::contains(format!(
                "Valeurs possibles : {list}."
            )));
    }
    // --help keeps its French list and shows no English « possible values » nor « default ».
    let help = stdout(acces().args(["evenement", "ajouter", "--help"]));
    assert!(help.contains("lrar, courrier, email"), "{help}");
    assert!(!help.contains("possible values"), "{help}");
    for command in ["lettre", "lettres", "deverrouiller", "export", "delai"] {
        let help = stdout(acces().args([command, "--help"]));
        assert!(!help.contains("[default"), "{command}: {help}");
        assert!(!help.contains("possible values"), "{command}: {help}");
    }
}

#[test]
fn the_manual_page_is_roff_in_french() {
    let page = stdout(acces().arg("manuel"));
    assert!(page.starts_with(".ie"), "{page}");
    assert!(page.contains(".TH acces 1"), "{page}");
    assert!(page.contains(".SH NOM\nacces \\- connaître"), "{page}");
    assert!(!page.contains(".SH NAME"));
    for needle in [
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        "Dossier des données du suivi",
        "lettre",
    ] {
        assert!(page.contains(needle), "{needle} missing");
    }
}

/// A refusal that repeats what was typed shows a bidirectional override, it does not obey it
/// (the terminal would show the text in another order than it is written).
#[test]
fn a_refusal_repeating_the_input_does_not_pass_bidi_overrides() {
    for args in [
        vec!["catalogue", "--regime", "cpp\u{202e}txt"],
        vec!["catalogue", "--inconnue\u{2067}x"],
    ] {
        let out = acces().args(&args).assert().code(2).get_output().clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(!err.contains(['\u{202e}', '\u{2067}']), "{args:?}: {err}");
        assert!(err.contains('\u{fffd}'), "{args:?}: {err}");
    }
}
