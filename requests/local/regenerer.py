#!/usr/bin/env python3
"""Regenerates the local-recipient tables of acces (requests/local/) from their upstream files.

Run by a maintainer, never by the program (which never touches the network):

    python3 requests/local/regenerer.py                 # fetches the npm package with `npm pack`
    python3 requests/local/regenerer.py --paquet X.tgz  # uses a tarball already downloaded
    python3 requests/local/regenerer.py --verifier      # regenerates twice in temporary
                                                        # directories and compares with the files here

Upstream files:
  * npm `@etalab/decoupage-administratif` (COG + La Poste postal codes, Licence Ouverte);
    its integrity is checked against the value pinned below;
  * amont/srj-structures-extrait.csv: the TGI/CA/TA/CAA rows, verbatim, of the Ministry of
    Justice "Données géocodées des structures de la Justice" (Licence Ouverte 2.0);
  * amont/coj-cja-departements.json: the département layer of COJ annexe tableau IV and
    CJA R.221-3 / R.221-7 (hand transcription, see README.md).

Output (deterministic: sorted, no timestamp; same inputs give the same bytes):
  communes.tsv, juridictions.json, sources.json. organismes.json is written by hand.

Python standard library only.
"""

import argparse
import base64
import csv
import filecmp
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unicodedata

PACKAGE = "@etalab/decoupage-administratif"
PACKAGE_VERSION = "6.0.0"
PACKAGE_INTEGRITY = (
    "sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ=="
)
SRJ_FILE = "amont/srj-structures-extrait.csv"
COJ_FILE = "amont/coj-cja-departements.json"

HERE = os.path.dirname(os.path.abspath(__file__))


class Refus(Exception):
    """An upstream file that cannot be used as is."""


# ---------------------------------------------------------------- helpers


def fold(text):
    """Lower case, no accents, words joined by '-': the key used to join names."""
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    text = text.lower().replace("œ", "oe").replace("’", "'")
    text = re.sub(r"\bst\b", "saint", text)
    text = re.sub(r"\bste\b", "sainte", text)
    return "-".join(re.findall(r"[a-z0-9]+", text))


def de(name):
    """French « de » before a place name: de Lyon, d'Agen, du Mans, des Sables-d'Olonne."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name[0] in "AEIOUYÉÈÊÀÂÎÔH":
        return "d'" + name
    return "de " + name


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def dump_json(value):
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


# ---------------------------------------------------------------- the npm package


def fetch_package(workdir):
    spec = f"{PACKAGE}@{PACKAGE_VERSION}"
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", workdir],
        check=True,
        capture_output=True,
        text=True,
    )
    name = json.loads(out.stdout)[0]["filename"]
    return os.path.join(workdir, name)


def check_integrity(tarball):
    with open(tarball, "rb") as f:
        digest = hashlib.sha512(f.read()).digest()
    got = "sha512-" + base64.b64encode(digest).decode()
    if got != PACKAGE_INTEGRITY:
        raise Refus(f"{tarball}: intégrité {got}, attendue {PACKAGE_INTEGRITY}")
    return got


def read_package(tarball):
    """(communes.json records, departements.json records, package.json) from the tarball, or
    from an unpacked directory (the test fixtures)."""
    if os.path.isdir(tarball):
        def load_dir(name):
            with open(os.path.join(tarball, name), encoding="utf-8") as f:
                return json.load(f)

        return load_dir("data/communes.json"), load_dir("data/departements.json"), load_dir("package.json")
    with tarfile.open(tarball, "r:gz") as tar:
        def load(name):
            return json.load(tar.extractfile(f"package/{name}"))

        return load("data/communes.json"), load("data/departements.json"), load("package.json")


# ---------------------------------------------------------------- communes


def build_communes(records, fixture=False):
    """Current communes and municipal arrondissements: insee, name, postal codes, parent."""
    rows = []
    for r in records:
        if r["type"] not in ("commune-actuelle", "arrondissement-municipal"):
            continue
        parent = r.get("commune", "") if r["type"] == "arrondissement-municipal" else ""
        rows.append((r["code"], r["nom"], ",".join(sorted(set(r.get("codesPostaux", [])))), parent))
    rows.sort()
    if len(rows) < 34000 and not fixture:
        raise Refus(f"communes.json : {len(rows)} communes seulement")
    return rows


def communes_tsv(rows):
    out = io.StringIO()
    out.write("# insee\tnom\tcodes_postaux\tcommune_parente\n")
    for row in rows:
        out.write("\t".join(row) + "\n")
    return out.getvalue()


# ---------------------------------------------------------------- courts

FAMILY = {"TGI": "tribunal-judiciaire", "CA": "cour-appel", "TA": "tribunal-administratif", "CAA": "cour-administrative-appel"}
PREFIX = {"tribunal-judiciaire": "tj", "cour-appel": "ca", "tribunal-administratif": "ta", "cour-administrative-appel": "caa"}

# SRJ names that do not fold to the seat named by the COJ/CJA.
SRJ_ALIASES = {
    ("cour-appel", "saint-denis-de-la-reunion"): "saint-denis",
    ("cour-appel", "saint-pierre-et-miquelon"): "saint-pierre",
    ("tribunal-judiciaire", "saint-pierre-et-miquelon"): "saint-pierre",
    ("tribunal-judiciaire", "mata-utu"): "mata-utu",
}


def srj_key(family, name):
    for lead in (
        "tribunal judiciaire de ", "tribunal judiciaire d'", "tribunal judiciaire du ", "tribunal judiciaire des ",
        "tribunal de premiere instance de ", "tribunal superieur d'appel de ",
        "cour d'appel de ", "cour d'appel d'",
        "cour administrative d'appel de ",
        "tribunal administratif de ", "tribunal administratif d'",
    ):
        low = fold(name).replace("-", " ")
        lead_low = fold(lead).replace("-", " ") + " "
        if low.startswith(lead_low):
            rest = low[len(lead_low):]
            key = "-".join(rest.split())
            if lead.endswith("du "):
                key = "le-" + key
            if lead.endswith("des "):
                key = "les-" + key
            key = re.sub(r"^la-", "", key)
            return SRJ_ALIASES.get((family, key), key)
    raise Refus(f"nom de juridiction inattendu dans le fichier SRJ : {name}")


def seat_key(name):
    """The COJ/CJA seat name as a join key: « la Guadeloupe (Basse-Terre) » → guadeloupe."""
    base = name.split(" (")[0]
    key = fold(base)
    return re.sub(r"^la-", "", key)


def read_srj(path):
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter=";")
        rows = [r for r in reader]
    by_key = {}
    for r in rows:
        family = FAMILY.get(r["TYPE"])
        if family is None:
            raise Refus(f"{path}: type {r['TYPE']} inattendu")
        key = srj_key(family, r["NOM_ETABLISSEMENT"])
        by_key.setdefault((family, key), []).append(r)
    return rows, by_key


def phone(text):
    digits = re.sub(r"\D", "", text or "")
    if len(digits) == 10 and digits.startswith("0"):
        return " ".join(digits[i:i + 2] for i in range(0, 10, 2))
    return None


def address(row, display, communes_by_insee):
    """(address lines or None, confidence, note): the postal code must be one of the commune's."""
    insee = row["CODE_INSEE"]
    cp = row["CODE_POSTAL"].strip()
    commune = communes_by_insee.get(insee)
    street = row["NUMÉRO_ET_LIBELLÉ_VOIE"].strip()
    lieu = row["LIEU_DIT"].strip()
    town = row["LIGNE_D_ACHEMINEMENT"].strip()
    if commune is None:
        return None, "low", f"Commune {insee} absente du COG : adresse non reprise.", insee
    codes = commune[2].split(",") if commune[2] else []
    parent = communes_by_insee.get(commune[3]) if commune[3] else None
    if parent is not None:
        # A municipal arrondissement: the building may sit in the next one (TA Marseille).
        codes = codes + parent[2].split(",")
    note = "Adresse du référentiel des structures de la Justice ; code postal cohérent avec la commune."
    confidence = "medium"
    if cp not in codes:
        # The postal code and the routing line may agree on another commune of the
        # département: then the INSEE code is the wrong field (TA de la Martinique).
        named = [
            c for c in communes_by_insee.values()
            if dep_of(c[0]) == dep_of(insee) and fold(c[1]) == fold(town) and cp in c[2].split(",")
        ]
        if len(named) == 1:
            note = (
                f"Adresse du référentiel des structures de la Justice ; le code commune publié ({insee}) "
                f"n'est pas celui de {named[0][1]} ({named[0][0]}), que donnent le code postal et la ville."
            )
            return _lines(display, lieu, street, cp, town), "low", note, named[0][0]
    if cp not in codes:
        if len(codes) == 1:
            note = (
                f"Adresse du référentiel des structures de la Justice ; le code postal publié ({cp}) "
                f"n'est pas celui de {commune[1]} : corrigé en {codes[0]}, seul code postal de la commune."
            )
            cp = codes[0]
            confidence = "low"
        else:
            return None, "low", (
                f"Le code postal publié ({cp}) n'est pas celui de {commune[1]} et la commune en a "
                "plusieurs : adresse non reprise, à saisir."
            ), insee
    if not street or street.upper().startswith("MATA-UTU"):
        return None, "low", "Le référentiel ne donne pas de rue : adresse à saisir.", insee
    return _lines(display, lieu, street, cp, town), confidence, note, insee


def _lines(display, lieu, street, cp, town):
    lines = [display]
    if lieu:
        lines.append(lieu)
    lines.append(street)
    lines.append(f"{cp} {town}")
    return lines


def build_courts(coj, srj_by_key, communes_by_insee, dep_names):
    entities = {}
    departements = {}
    report = {"corrected": [], "without_address": []}

    def entity(family, seat, dep, display_seat=None):
        key = (family, seat_key(seat))
        rows = srj_by_key.get(key, [])
        if len(rows) > 1:
            rows = [r for r in rows if dep_of(r["CODE_INSEE"]) == dep] or rows
        if len(rows) > 1:
            raise Refus(f"plusieurs lignes SRJ pour {key}")
        row = rows[0] if rows else None
        shown = display_seat or seat.split(" (")[0]
        base = PREFIX[family] + "-" + seat_key(seat)
        ident = base
        if ident in entities and entities[ident]["_dep"] != (dep_of(row["CODE_INSEE"]) if row else dep):
            ident = f"{base}-{dep}"
        if ident in entities:
            return ident
        name = display_name(family, shown, row)
        e = {"id": ident, "family": family, "name": name}
        if row is not None:
            lines, confidence, note, insee = address(row, name, communes_by_insee)
            e["seat"] = {"insee": insee, "commune": communes_by_insee[insee][1] if insee in communes_by_insee else ""}
            if lines:
                e["address_lines"] = lines
            else:
                report["without_address"].append(ident)
            if confidence == "low" and lines:
                report["corrected"].append(ident)
            tel = phone(row["NU_TEL"])
            if tel:
                e["phone"] = tel
            mail = row["ADRESSE_MAIL"].strip()
            if re.fullmatch(r"[A-Za-z0-9._'-]+@(justice\.fr|juradm\.fr)", mail):
                e["email"] = mail
            e["srj"] = f"{row['CODE_ORIG']}/{row['NUM']}"
            e["confidence"] = confidence
            e["confidence_note"] = note
            e["sources"] = ["srj-structures", "coj-cja"]
        else:
            report["without_address"].append(ident)
            e["confidence"] = "medium"
            e["confidence_note"] = (
                "Juridiction désignée par les textes ; absente du référentiel des structures de la "
                "Justice obtenu : adresse à saisir."
            )
            e["sources"] = ["coj-cja"]
        e["_dep"] = dep_of(row["CODE_INSEE"]) if row else dep
        entities[ident] = e
        return ident

    for dep in sorted(coj, key=dep_sort):
        d = coj[dep]
        out = {"name": dep_names.get(dep, d["nom"])}
        if "cour_appel" in d:
            ca_seat = d["cour_appel"]
            out["ca"] = entity("cour-appel", ca_seat, dep)
        tjs = []
        hints = {}
        for tj in d.get("tribunaux_judiciaires", []):
            ident = entity("tribunal-judiciaire", tj["siege"], dep)
            tjs.append(ident)
            if tj.get("chambres_de_proximite"):
                hints[ident] = tj["chambres_de_proximite"]
            if "ca" in out:
                entities[ident].setdefault("parent", out["ca"])
        if tjs:
            out["tj"] = tjs
        also = []
        for tj in d.get("tribunaux_judiciaires_hors_departement", []):
            ident = entity("tribunal-judiciaire", tj["siege"], dep)
            also.append({"id": ident, "note": f"Partie du département ({tj['note']}) : {entities[ident]['name']}"
                         + (f", chambre de proximité de {', '.join(tj['chambres_de_proximite'])}" if tj.get("chambres_de_proximite") else "")
                         + "."})
        if also:
            out["tj_also"] = also
        if hints:
            out["chambres_de_proximite"] = hints
        out["ta"] = entity("tribunal-administratif", d["tribunal_administratif"], dep)
        out["caa"] = entity("cour-administrative-appel", d["cour_administrative_appel"], dep)
        if "note" in d:
            out["note"] = d["note"]
        departements[dep] = out

    ordered = []
    for ident in sorted(entities):
        e = dict(entities[ident])
        del e["_dep"]
        ordered.append(e)
    return ordered, departements, report


def display_name(family, seat, row):
    if family == "tribunal-judiciaire":
        if row is not None and "Première Instance" in row["NOM_ETABLISSEMENT"]:
            return "Tribunal de première instance " + de(seat if seat != "Saint-Pierre" else "Saint-Pierre-et-Miquelon")
        return "Tribunal judiciaire " + de(seat)
    if family == "cour-appel":
        if seat.startswith("Saint-Pierre (tribunal"):
            return "Tribunal supérieur d'appel de Saint-Pierre-et-Miquelon"
        return "Cour d'appel " + de(seat)
    if family == "tribunal-administratif":
        if seat.startswith("la ") or seat.startswith("La "):
            return "Tribunal administratif de " + seat
        return "Tribunal administratif " + de(seat)
    return "Cour administrative d'appel " + de(seat)


def dep_of(insee):
    return insee[:3] if insee.startswith(("97", "98")) else insee[:2]


def dep_sort(code):
    return (len(code), code)


# ---------------------------------------------------------------- main


def generate(tarball, out_dir, retrieved_on, amont):
    # A directory is a test fixture: no pinned integrity, no expected national counts.
    fixture = os.path.isdir(tarball)
    integrity = None if fixture else check_integrity(tarball)
    communes_records, dep_records, package_json = read_package(tarball)
    if package_json.get("version") != PACKAGE_VERSION:
        raise Refus(f"version {package_json.get('version')}, attendue {PACKAGE_VERSION}")
    rows = build_communes(communes_records, fixture)
    by_insee = {r[0]: r for r in rows}
    dep_names = {d["code"]: d["nom"] for d in dep_records}

    srj_path = os.path.join(amont, os.path.basename(SRJ_FILE))
    coj_path = os.path.join(amont, os.path.basename(COJ_FILE))
    srj_rows, srj_by_key = read_srj(srj_path)
    with open(coj_path, encoding="utf-8") as f:
        coj = json.load(f)["departements"]
    missing = sorted(set(dep_names) - set(coj))
    if missing:
        raise Refus(f"départements du COG absents de {COJ_FILE} : {missing}")
    entities, departements, report = build_courts(coj, srj_by_key, by_insee, dep_names)
    counts = {}
    for e in entities:
        counts[e["family"]] = counts.get(e["family"], 0) + 1
    expected = {"tribunal-judiciaire": 168, "cour-appel": 37, "tribunal-administratif": 42, "cour-administrative-appel": 9}
    if counts != expected and not fixture:
        raise Refus(f"nombre de juridictions {counts}, attendu {expected}")
    used = {(FAMILY[r["TYPE"]], srj_key(FAMILY[r["TYPE"]], r["NOM_ETABLISSEMENT"])) for r in srj_rows}
    joined = {(e["family"], srj_key(e["family"], e["name"])) for e in entities}
    unused = sorted(k for k in used if k not in joined and k[1] not in {"saint-martin"})
    if unused:
        raise Refus(f"lignes SRJ sans juridiction des textes : {unused}")

    write(os.path.join(out_dir, "communes.tsv"), communes_tsv(rows))
    write(os.path.join(out_dir, "juridictions.json"), dump_json({"entities": entities, "departements": departements}))

    sources = [
        {
            "id": "cog",
            "title": "Découpage administratif (communes, arrondissements municipaux, codes postaux)",
            "publisher": "Etalab / DINUM, d'après le code officiel géographique (INSEE) et la base officielle des codes postaux (La Poste)",
            "licence": "Licence Ouverte (données), MIT (code)",
            "obtained_from": f"npm {PACKAGE}@{PACKAGE_VERSION}",
            "vintage": "COG 2026",
            "integrity": integrity,
            "sha256": None if fixture else sha256(tarball),
            "retrieved_on": retrieved_on,
            "used_for": "communes.tsv",
        },
        {
            "id": "srj-structures",
            "title": "Données géocodées des structures de la Justice",
            "publisher": "Ministère de la Justice (référentiel SRJ)",
            "licence": "Licence Ouverte 2.0",
            "official_url": "https://www.data.gouv.fr/datasets/donnees-geocodees-des-structures-de-la-justice-30378257",
            "obtained_from": "github:mneimy/Formation_R data/sources/structures_justice.csv @442e8bf7a3b889b849fc1aa8dd8a6018a8794356 (copie du jeu data.gouv.fr, 205 648 caractères) ; lignes TGI, CA, TA et CAA recopiées telles quelles dans " + SRJ_FILE,
            "vintage": "2025",
            "sha256": sha256(srj_path),
            "rows": len(srj_rows),
            "retrieved_on": retrieved_on,
            "used_for": "juridictions.json (adresses, téléphones, courriels)",
        },
        {
            "id": "coj-cja",
            "title": "Code de l'organisation judiciaire, annexe tableau IV (sièges et ressorts des cours d'appel et tribunaux judiciaires) ; code de justice administrative, art. R.221-3 et R.221-7",
            "publisher": "Légifrance (DILA), miroir Archéo Lex",
            "licence": "Licence Ouverte 2.0 (textes juridiques)",
            "obtained_from": "github:francois76/legifrance @1a2808271b3e5ad74e5a3b284276369f9ba13e2d (COJ) et @239a1547272c5f658dcd81742769fb826567ad9b (CJA) ; transcription par département dans " + COJ_FILE,
            "vintage": "consolidation postérieure à 2022",
            "sha256": sha256(coj_path),
            "retrieved_on": retrieved_on,
            "used_for": "juridictions.json (ressorts par département)",
        },
    ]
    write(os.path.join(out_dir, "sources.json"), dump_json({"sources": sources}))
    return report, counts


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--paquet", help="tarball npm déjà téléchargé (sinon : npm pack)")
    p.add_argument("--sortie", default=HERE, help="dossier de sortie (par défaut : ce dossier)")
    p.add_argument("--amont", default=os.path.join(HERE, "amont"), help="dossier des fichiers amont SRJ et COJ/CJA")
    p.add_argument("--date", default="2026-11-29", help="date de relevé écrite dans sources.json")
    p.add_argument("--verifier", action="store_true", help="régénérer deux fois et comparer avec les fichiers présents")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as work:
        tarball = args.paquet or fetch_package(work)
        try:
            if args.verifier:
                outs = []
                for n in (1, 2):
                    d = os.path.join(work, f"sortie{n}")
                    os.mkdir(d)
                    generate(tarball, d, args.date, args.amont)
                    outs.append(d)
                names = ["communes.tsv", "juridictions.json", "sources.json"]
                _, mismatch, errors = filecmp.cmpfiles(outs[0], outs[1], names, shallow=False)
                if mismatch or errors:
                    raise Refus(f"deux régénérations diffèrent : {mismatch + errors}")
                _, mismatch, errors = filecmp.cmpfiles(outs[0], args.sortie, names, shallow=False)
                if mismatch or errors:
                    raise Refus(f"fichiers différents de la régénération : {mismatch + errors}")
                print("régénération identique (deux fois, et aux fichiers présents)")
                return 0
            report, counts = generate(tarball, args.sortie, args.date, args.amont)
        except Refus as e:
            print(f"refusé : {e}", file=sys.stderr)
            return 1
    print(f"juridictions : {counts}")
    print(f"codes postaux corrigés : {report['corrected']}")
    print(f"sans adresse (à saisir) : {report['without_address']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
