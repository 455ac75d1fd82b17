#!/bin/bash
# Letters in batches, whole process: N persons each with a TAJ access case not sent yet
# (imported from a generated spreadsheet), then `acces lettres --brouillons` into a folder
# of text files and into one PDF, each run on a fresh copy of the register (a batch records
# a draft on every case). Targets (issue 14): 1,000 text letters ≤ 1 s, 1,000 PDF ≤ 10 s.
#
#   cargo build --release && benches/lettres_en_serie.sh [N]      (default: 1000)
#
# Needs hyperfine and python3. ACCES=path/to/acces to time another binary. Everything lives
# in a temporary directory.
set -euo pipefail
ACCES=${ACCES:-$PWD/target/release/acces}
N=${1:-1000}
command -v hyperfine >/dev/null || { echo "hyperfine absent : mesure sautée"; exit 0; }
[ -x "$ACCES" ] || { echo "$ACCES absent : lancez d'abord cargo build --release"; exit 1; }
B=$(mktemp -d "${TMPDIR:-/tmp}/acces-lettres.XXXXXX")
trap 'rm -rf "$B"' EXIT
export ACCES_PASSPHRASE='phrase de passe perf'
python3 - "$N" > "$B/groupe.csv" <<'EOF'
import sys
n = int(sys.argv[1])
print("Civilité;Nom;Prénom(s);Date de naissance;Lieu de naissance;Adresse;CP;Ville;Fichier;Démarche")
for i in range(n):
    print(f"Mme;Personne{i};Camille;{i % 28 + 1:02d}/{i % 12 + 1:02d}/19{60 + i % 40};Lyon;"
          f"{i + 1} rue de l'Essai;75011;Paris;TAJ;acces")
EOF
ACCES_DATA_DIR=$B/base "$ACCES" import "$B/groupe.csv" > /dev/null
fresh="rm -rf $B/d $B/out $B/l.pdf && cp -a $B/base $B/d"
export ACCES_DATA_DIR=$B/d
hyperfine -N --runs 5 --prepare "sh -c '$fresh'" \
  -n "$N lettres texte (dossier)" "$ACCES lettres --brouillons --format txt --dossier-sortie $B/out" \
  -n "$N lettres PDF (un fichier)" "$ACCES lettres --brouillons --sortie $B/l.pdf"
eval "$fresh"
/usr/bin/time -f "pic mémoire %M Kio ($N lettres PDF)" "$ACCES" lettres --brouillons --sortie "$B/l.pdf" 2>&1 >/dev/null | tail -1
