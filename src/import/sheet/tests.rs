//! Unit tests of `sheet`.

use super::*;

fn cat() -> Catalogue {
    Catalogue::embedded().unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()
}

#[test]
fn encodings_are_detected_and_named() {
    assert_eq!(decode("Nom;Prénom".as_bytes()).1, Encoding::Utf8);
    let mut bom = BOM.to_vec();
    bom.extend_from_slice("Nom;Prénom".as_bytes());
    let (text, enc) = decode(&bom);
    assert_eq!((text.as_ref(), enc), ("Nom;Prénom", Encoding::Utf8Bom));
    // « d’Arc » with a Windows-1252 apostrophe (0x92) and « é » (0xE9).
    let (text, enc) = decode(b"Jeanne d\x92Arc;R\xE9mi");
    assert_eq!(
        (text.as_ref(), enc),
        ("Jeanne d’Arc;Rémi", Encoding::Windows1252)
    );
    // « Cœur » in ISO-8859-15: œ is 0xBD.
    let (text, enc) = decode(b"C\xBDur;\xE9");
    assert_eq!((text.as_ref(), enc), ("Cœur;é", Encoding::Iso885915));
    // Only Latin-1 letters: both read the same; called Windows-1252.
    assert_eq!(decode(b"\xC9lodie").1, Encoding::Windows1252);
}

#[test]
fn separators_are_detected_on_the_first_line() {
    assert_eq!(separator("Nom;Prénom;CP\na,b,c,d,e"), b';');
    assert_eq!(separator("Nom,Prénom,CP"), b',');
    assert_eq!(separator("Nom\tPrénom\tCP"), b'\t');
    assert_eq!(separator("\"Nom;x\",Prénom,CP"), b',');
    assert_eq!(separator("Nom"), b';');
}

#[test]
fn french_headings_are_recognised() {
    for (h, c) in [
        ("Nom", Column::Nom),
        ("Nom de naissance", Column::NomNaissance),
        ("Prénom(s)", Column::Prenoms),
        ("PRÉNOMS", Column::Prenoms),
        ("Civilité", Column::Civilite),
        ("Date de naissance", Column::DateNaissance),
        ("Lieu de naissance", Column::LieuNaissance),
        ("Adresse", Column::Adresse),
        ("Complément", Column::Complement),
        ("CP", Column::CodePostal),
        ("Ville/Commune", Column::Commune),
        ("Département", Column::Departement),
        ("E-mail", Column::Email),
        ("Téléphone", Column::Telephone),
        ("N° allocataire CAF", Column::Caf),
        ("Identifiant France Travail", Column::FranceTravail),
        ("Date d'envoi", Column::DateEnvoi),
        ("N° de recommandé", Column::Recommande),
    ] {
        assert_eq!(recognise(h), Some(c), "{h}");
    }
    assert_eq!(recognise("Remarques"), None);
}

const HEAD: &str = "Civilité;Nom;Prénom(s);Date de naissance;Adresse;CP;Ville;Fichier;Démarche;Date d'envoi;N° de recommandé\n";

#[test]
fn a_good_line_gives_a_person_and_a_case_with_its_sending() {
    let text = format!(
        "{HEAD}Mme;d'Alembert;Louise;05/03/1990;3 rue des Lilas;75 011;Paris;taj;acces;02/10/2026;1A 234\n"
    );
    let sheet = parse(text.as_bytes(), &[], &cat(), today()).unwrap();
    assert!(sheet.problems.is_empty(), "{:?}", sheet.problems);
    let row = &sheet.rows[0];
    assert_eq!(row.line, 2);
    assert_eq!(row.person.nom, "d'Alembert");
    assert_eq!(row.person.civilite.as_deref(), Some("Madame"));
    assert_eq!(row.person.code_postal, "75011");
    assert_eq!(
        row.person.date_naissance,
        NaiveDate::from_ymd_opt(1990, 3, 5)
    );
    let case = row.case.as_ref().unwrap();
    assert_eq!(case.fichier, "TAJ");
    assert_eq!(case.canal, Some(Channel::Lrar));
    assert_eq!(case.ouvert, NaiveDate::from_ymd_opt(2026, 10, 2).unwrap());
    assert!(matches!(
        case.envoi.as_ref().unwrap().kind,
        EventKind::Envoye { recommande: Some(ref r), .. } if r == "1A 234"
    ));
}

#[test]
fn every_problem_names_its_line_and_column() {
    let text = format!(
        "{HEAD}M.;Martin;Paul;31/02/1990;1 rue X;7500;Lyon;;;;\n\
         ;;;;;;;;;;\n\
         Mme;;Anne;;2 rue Y;69001;Lyon;XYZ;;;\n\
         Mme;Durand;Anne;;2 rue Y;69001;Lyon;TAJ;;;\n"
    );
    let sheet = parse(text.as_bytes(), &[], &cat(), today()).unwrap();
    assert!(sheet.rows.is_empty());
    let got: Vec<(u64, Column)> = sheet.problems.iter().map(|p| (p.line, p.column)).collect();
    assert_eq!(
        got,
        vec![
            (2, Column::DateNaissance),
            (2, Column::CodePostal),
            (4, Column::Nom),
            (4, Column::Fichier),
            (5, Column::Demarche),
        ]
    );
    assert_eq!(sheet.bad_lines(), 3);
}

#[test]
fn line_numbers_are_the_spreadsheets_whatever_the_line_endings() {
    // Windows spreadsheets end lines with CR LF, old Macs with CR alone: the numbers said
    // must be the rows the person sees in their spreadsheet (the csv crate's own count lags
    // by one after CR LF: BurntSushi/rust-csv#395).
    let lines = [
        "M.;Martin;Paul;;1 rue X;75001;Lyon;;;;",
        "M.;Martin;Paul;;1 rue X;7500;Lyon;;;;",
        "M.;Martin;Pierre;;1 rue X;75001;Lyon;;;;",
        "M.;Martin;Jacques;;1 rue X;750;Lyon;;;;",
    ];
    for end in ["\n", "\r\n", "\r"] {
        let text = format!("{}{}{end}", HEAD.replace('\n', end), lines.join(end));
        let sheet = parse(text.as_bytes(), &[], &cat(), today()).unwrap();
        let bad: Vec<u64> = sheet.problems.iter().map(|p| p.line).collect();
        assert_eq!(bad, vec![3, 5], "{end:?}");
        let good: Vec<u64> = sheet.rows.iter().map(|r| r.line).collect();
        assert_eq!(good, vec![2, 4], "{end:?}");
    }
}

#[test]
fn mapping_names_columns_the_headings_do_not() {
    let text = "Qui;Prénom;Rue;Code;Commune\nMartin;Paul;1 rue X;75001;Paris\n";
    let err = parse(text.as_bytes(), &[], &cat(), today()).unwrap_err();
    assert_eq!(
        err,
        SheetError::MissingColumns(
            vec![Column::Nom, Column::CodePostal],
            vec![
                "Qui".into(),
                "Prénom".into(),
                "Rue".into(),
                "Code".into(),
                "Commune".into()
            ]
        )
    );
    let mapping = vec!["nom=Qui".to_string(), "code_postal=4".to_string()];
    let sheet = parse(text.as_bytes(), &mapping, &cat(), today()).unwrap();
    assert_eq!(sheet.rows[0].person.nom, "Martin");
    assert_eq!(sheet.rows[0].person.code_postal, "75001");
    assert_eq!(
        parse(text.as_bytes(), &["pointure=Qui".into()], &cat(), today()).unwrap_err(),
        SheetError::UnknownColumnId("pointure".into())
    );
    assert_eq!(
        parse(text.as_bytes(), &["nom=Absente".into()], &cat(), today()).unwrap_err(),
        SheetError::HeadingNotFound("Absente".into())
    );
}
