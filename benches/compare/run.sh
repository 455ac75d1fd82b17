#!/bin/bash
# acces beside Taskwarrior 2.6 on the same data, whole processes, as ratios of medians
# (task / acces: above 1 = acces faster). Adapted from the team's shared benchmark.
#
#   cargo build --release && benches/compare/run.sh [SIZES…]     (default: 1000 10000 100000)
#
# Needs `task` (Debian's taskwarrior package) and python3; skips with a message without
# them. ACCES=path/to/acces to time another binary. Everything lives in a temporary
# directory; nothing touches your own acces or Taskwarrior data.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ACCES=${ACCES:-$PWD/target/release/acces}
command -v task >/dev/null || { echo "task (Taskwarrior) absent : comparaison sautée"; exit 0; }
command -v python3 >/dev/null || { echo "python3 absent : comparaison sautée"; exit 0; }
[ -x "$ACCES" ] || { echo "$ACCES absent : lancez d'abord cargo build --release"; exit 1; }
SIZES=${*:-1000 10000 100000}
B=$(mktemp -d "${TMPDIR:-/tmp}/acces-vs-task.XXXXXX"); W=$B/gen; mkdir -p "$W" "$B/task"
trap 'for d in "$B"/acces-*; do ACCES_DATA_DIR=$d "$ACCES" verrouiller >/dev/null 2>&1 || true; done; rm -rf "$B"' EXIT
export ACCES_PASSPHRASE='phrase de passe perf' TASKRC=$B/task/taskrc
printf 'confirmation=off\nverbose=nothing\ngc=off\n' > "$TASKRC"
PB="python3 $HERE/pairbench.py"
cd "$W"
for n in $SIZES; do
  tag=$((n / 1000))k
  python3 "$HERE/gen_dataset.py" acces --cases "$n" --out "acces-$tag.json"
  ACCES_DATA_DIR=$B/acces-$tag "$ACCES" import "acces-$tag.json" > /dev/null
  ACCES_DATA_DIR=$B/acces-$tag "$ACCES" dossier liste --json > "liste-$tag.json"
  python3 "$HERE/gen_dataset.py" task --acces "acces-$tag.json" --liste "liste-$tag.json" --out "task-$tag.json"
  mkdir -p "$B/task/data-$tag"
  TASKDATA=$B/task/data-$tag task import "task-$tag.json" > /dev/null
done
# The case shown / appended to: the first overdue or to-act case from the middle of the ids.
case_id() { python3 -c "
import json; l=json.load(open('liste-$1.json')); N=len(l)
print([x for x in l if x['dossier']['id']>=N//2 and x['etat']['state'] in ('en-retard','a-agir')][0]['dossier']['id'])"; }
task_id() { TASKDATA=$B/task/data-$1 task _get "00000000-0000-4000-8000-$(printf %012d "$2").id"; }
ratio() { $PB -n "$1" --a "$2" --b "$3" | awk -v what="$4" '/^A wall s/ {a=$5} /^B wall s/ {b=$5} /^A\/B wall/ {printf "  %-22s task %s s, acces %s s : task/acces = %s\n", what, a, b, $4}'; }
for tag in $(for n in $SIZES; do echo $((n / 1000))k; done); do
  export ACCES_DATA_DIR=$B/acces-$tag TASKDATA=$B/task/data-$tag
  C=$(case_id "$tag"); T=$(task_id "$tag" "$C"); N=15; [ "$tag" = 100k ] && N=7
  for mode in "phrase de passe" "déverrouillé"; do
    if [ "$mode" = "déverrouillé" ]; then "$ACCES" deverrouiller --duree 30m > /dev/null; fi
    echo "== $tag dossiers, acces avec $mode"
    ratio $N "task +OVERDUE list" "$ACCES echeances --en-retard" "en retard"
    ratio $N "task due.before:today+30d list" "$ACCES echeances --jours 30" "30 prochains jours"
    ratio $N "task $T info" "$ACCES dossier voir $C" "voir un dossier"
    ratio $N "task $T annotate appel" "$ACCES evenement ajouter --dossier $C --type note --date 2026-11-29 --texte appel" "ajouter un événement"
  done
  "$ACCES" verrouiller > /dev/null
  for cmd in "$ACCES echeances --en-retard" "$ACCES export --format json"; do
    /usr/bin/time -f "  pic mémoire %M Kio : $cmd" $cmd 2>&1 >/dev/null | grep "pic mémoire" | sed "s|$ACCES|acces|"
  done
done
