#!/usr/bin/env python3
"""Rejoue les attaques de l'issue 15 contre un binaire acces et compte ce qui reste.

    ACCES=chemin/vers/acces python3 benches/attaque/run.py [--tours N] [--entrees M]
                                                            [--graine G] [--seulement 1,2,...]

Python 3.11, bibliothèque standard seulement. Chaque registre vit dans un dossier
temporaire neuf (--data-dir), avec un --passphrase-file en 0600 ; rien ne touche au
dossier de données habituel. Les dossiers temporaires (et le tmpfs de l'attaque 5) sont
supprimés à la fin. Code de sortie : 0 si aucune perte, panique, blocage ni échec
d'intégrité ; 1 sinon ; 2 si le binaire manque.
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

TIMEOUT = 30.0  # au-delà, une commande est « bloquée » : tuée et comptée
PASS1 = "phrase de passe de l'attaque numéro un"
PASS2 = "autre phrase de passe, pour le changement"
NOTE_DATE = "2026-01-10"
LEFTOVER_MARKS = ("tmp", "en-cours")
RAW_CONTROLS = ("\x1b", "\x07", "\u009b", "\u009d")

PERSON = {
    "nom": "Essai",
    "prenoms": "Camille",
    "date_naissance": "1990-01-01",
    "lieu_naissance": "Paris",
    "adresse": ["1 rue de la Paix"],
    "code_postal": "75002",
    "commune": "Paris",
    "email": "camille@exemple.fr",
}


class Tally:
    """The figures of one attack (one line of the final table)."""

    def __init__(self, name):
        self.name = name
        self.trials = 0
        self.panics = 0
        self.hangs = 0
        self.lost = 0
        self.integrity = 0
        self.leftovers = 0
        self.other = 0
        self.notes = []  # French lines printed under the table
        self.examples = []  # reproductions of defects (at most a few)

    def example(self, text):
        if len(self.examples) < 5:
            self.examples.append(text)

    def bad(self):
        return self.panics + self.hangs + self.lost + self.integrity


class Acces:
    """Runs the binary with a clean environment and counts panics and hangs."""

    def __init__(self, exe, base):
        self.exe = exe
        env = {k: v for k, v in os.environ.items() if not k.startswith("ACCES_")}
        home = os.path.join(base, "home")
        os.makedirs(home, mode=0o700, exist_ok=True)
        env.update(
            HOME=home,
            XDG_DATA_HOME=os.path.join(home, "xdg"),
            XDG_CONFIG_HOME=os.path.join(home, "config"),
            LANG="C.UTF-8",
            RUST_BACKTRACE="0",
            NO_COLOR="1",
        )
        env.pop("PGPASSWORD", None)
        self.env = env
        self.children = set()

    def popen(self, args, cwd=None):
        p = subprocess.Popen(
            [self.exe] + list(args),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=self.env,
            cwd=cwd,
            start_new_session=True,
        )
        self.children.add(p)
        return p

    def run(self, args, tally=None, cwd=None, timeout=TIMEOUT):
        """Returns (rc, stdout bytes, stderr bytes, seconds); rc None = hang (killed)."""
        t0 = time.monotonic()
        p = self.popen(args, cwd=cwd)
        try:
            out, err = p.communicate(timeout=timeout)
            rc = p.returncode
        except subprocess.TimeoutExpired:
            kill(p)
            out, err = p.communicate()
            rc = None
        self.children.discard(p)
        dt = time.monotonic() - t0
        if tally is not None:
            if rc is None:
                tally.hangs += 1
                tally.example("blocage (> %d s) : acces %s" % (TIMEOUT, show(args)))
            elif is_panic(rc, err):
                tally.panics += 1
                tally.example("panique (code %s) : acces %s\n      %s" % (rc, show(args), first_line(err)))
        return rc, out, err, dt

    def kill_all(self):
        for p in list(self.children):
            if p.poll() is None:
                kill(p)
            try:
                p.communicate(timeout=5)
            except Exception:
                pass
        self.children.clear()


def kill(p):
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    except PermissionError:
        p.kill()


def is_panic(rc, err):
    return rc == 101 or b"panicked" in (err or b"")


def first_line(b):
    s = b.decode("utf-8", "replace").strip().splitlines()
    return s[0][:200] if s else ""


def show(args):
    out = []
    for a in args:
        a = str(a)
        if len(a) > 60:
            a = a[:57] + "…"
        out.append(ascii(a) if any(ord(c) < 32 or 0xD800 <= ord(c) < 0xE000 for c in a) else a)
    return " ".join(out)


def is_french(text):
    t = text.lower()
    return any(w in t for w in ("registre", "phrase de passe", "fichier", "dossier", "restaur", " le ", " la "))


class Store:
    """A fresh data directory and its passphrase file (0600)."""

    def __init__(self, base, name, passphrase=PASS1, data_dir=None):
        self.root = os.path.join(base, name)
        os.makedirs(self.root, mode=0o700, exist_ok=True)
        self.dir = data_dir or os.path.join(self.root, "donnees")
        self.pass_files = {}
        self.pf = self.pass_file(passphrase)

    def pass_file(self, passphrase):
        if passphrase not in self.pass_files:
            path = os.path.join(self.root, "phrase-%d" % len(self.pass_files))
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(passphrase)
            os.chmod(path, 0o600)
            self.pass_files[passphrase] = path
        return self.pass_files[passphrase]

    def args(self, *a, pf=None):
        return ["--data-dir", self.dir, "--passphrase-file", pf or self.pf] + list(a)

    def leftovers(self, *dirs):
        found = []
        for d in (self.dir,) + dirs:
            try:
                names = os.listdir(d)
            except OSError:
                continue
            found += [n for n in names if any(m in n for m in LEFTOVER_MARKS)]
        return found


def write_person(path, person=None):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(person or PERSON, f, ensure_ascii=False)


def setup_case(acces, st, tally):
    """One person and one case (n° 1): returns True when both were made."""
    pfile = os.path.join(st.root, "personne.json")
    write_person(pfile)
    rc1 = acces.run(st.args("personne", "ajouter", "--fichier", pfile), tally)[0]
    rc2 = acces.run(
        st.args("dossier", "ouvrir", "--personne", "1", "--fichier", "taj", "--demarche", "acces", "--canal", "lrar"),
        tally,
    )[0]
    return rc1 == 0 and rc2 == 0


def note_args(st, text, pf=None):
    return st.args("evenement", "ajouter", "--dossier", "1", "--type", "note", "--date", NOTE_DATE, "--texte", text, pf=pf)


def notes_of_case(acces, st, tally, pf=None):
    rc, out, err, _ = acces.run(st.args("dossier", "voir", "1", "--json", pf=pf), tally)
    if rc != 0:
        return None, rc, err
    data = json.loads(out)
    return {e.get("texte") for e in data.get("evenements", [])}, rc, err


def export_sig(acces, st, tally, pf=None):
    """(rc, signature, stderr): the signature is the register's content (export JSON)."""
    rc, out, err, _ = acces.run(st.args("export", "--format", "json", pf=pf), tally)
    if rc != 0:
        return rc, None, err
    try:
        data = json.loads(out)
    except ValueError:
        return rc, ("illisible",), err
    parts = []
    for key in ("personnes", "dossiers", "evenements"):
        items = data.get(key, [])
        parts.append(len(items))
        parts.append(hashlib.sha256(json.dumps(items, sort_keys=True).encode()).hexdigest()[:16])
    return rc, tuple(parts), err


def verify(acces, st, tally, pf=None):
    rc, out, err, _ = acces.run(st.args("verifier", pf=pf), tally)
    if rc != 0:
        tally.integrity += 1
        tally.example("acces verifier : code %s : %s" % (rc, first_line(err) or first_line(out)))
    return rc == 0


def median_duration(acces, args_fn, n, tally):
    ds = []
    for i in range(n):
        rc, _, err, dt = acces.run(args_fn(i), tally)
        if rc == 0:
            ds.append(dt)
    return statistics.median(ds) if ds else 0.3


def kill_delay(rng, med):
    """A delay around the command's normal duration, denser near its end (the writes)."""
    if rng.random() < 0.5:
        return rng.uniform(0.0, 1.2 * med)
    return rng.uniform(0.6 * med, 1.1 * med)


def start_and_kill(acces, args, delay):
    """Starts the command, SIGKILLs it after `delay` s. Returns (killed, rc, stderr)."""
    p = acces.popen(args)
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline:
        if p.poll() is not None:
            break
        time.sleep(min(0.005, max(0.0, deadline - time.monotonic())))
    killed = p.poll() is None
    if killed:
        kill(p)
    try:
        _, err = p.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        kill(p)
        _, err = p.communicate()
    acces.children.discard(p)
    return killed, (None if killed else p.returncode), err


# ---------------------------------------------------------------------------------------
# 1. kill -9 during appends


def attack_appends(acces, base, n, rng):
    t = Tally("1. kill -9 pendant un ajout")
    st = Store(base, "a1")
    if not setup_case(acces, st, t):
        t.notes.append("préparation impossible (personne ou dossier)")
        t.lost += 1
        return t
    acked = set()

    def warm(i):
        return note_args(st, "m%03d" % i)

    med = median_duration(acces, warm, 7, t)
    acked |= {"m%03d" % i for i in range(7)}
    killed = finished = other_rc = 0
    for i in range(n):
        text = "t%03d" % i
        k, rc, err = start_and_kill(acces, note_args(st, text), kill_delay(rng, med))
        t.trials += 1
        if k:
            killed += 1
            continue
        finished += 1
        if rc == 0:
            acked.add(text)
        else:
            other_rc += 1
            if is_panic(rc, err):
                t.panics += 1
                t.example("panique : acces evenement ajouter … --texte %s" % text)
        if i % 10 == 9:  # the store still takes a write after the kills
            text = "c%03d" % i
            rc = acces.run(note_args(st, text), t)[0]
            if rc == 0:
                acked.add(text)
            else:
                other_rc += 1
                t.example("ajout refusé après des kill : code %s" % rc)
    present, rc, err = notes_of_case(acces, st, t)
    if present is None:
        t.lost += len(acked)
        t.example("dossier voir 1 impossible après les kill : code %s : %s" % (rc, first_line(err)))
    else:
        missing = sorted(acked - present)
        t.lost += len(missing)
        if missing:
            t.example("notes acquittées absentes : %s" % ", ".join(missing[:10]))
    verify(acces, st, t)
    t.leftovers += len(st.leftovers())
    t.notes.append(
        "durée médiane d'un ajout %.3f s ; %d tués, %d finis avant le kill ; %d notes acquittées vérifiées ; "
        "%d codes non nuls" % (med, killed, finished, len(acked), other_rc)
    )
    return t


# ---------------------------------------------------------------------------------------
# 2. kill -9 during restaurer --remplacer, import, phrase-de-passe changer


def fill_store(acces, st, t, persons=3, notes=4, tag="x"):
    pfile = os.path.join(st.root, "p-%s.json" % tag)
    for i in range(persons):
        p = dict(PERSON, nom="Essai%s" % "abcdefghijklmnopqrstuvwxyz"[i % 26], prenoms="Camille")
        write_person(pfile, p)
        acces.run(st.args("personne", "ajouter", "--fichier", pfile), t)
        acces.run(
            st.args("dossier", "ouvrir", "--personne", str(i + 1), "--fichier", "taj", "--demarche", "acces"), t
        )
    for j in range(notes):
        acces.run(note_args(st, "%s%02d" % (tag, j)), t)


def after_kill(acces, st, t, allowed, what, pf=None):
    """The command after a kill: a valid store with one of the `allowed` contents, or a
    French refusal that says how to recover. Returns (signature or None, refusal text)."""
    rc, sig, err = export_sig(acces, st, t, pf=pf)
    if rc == 0:
        if sig not in allowed:
            t.lost += 1
            t.example("%s : après le kill, contenu ni ancien ni nouveau : %s" % (what, sig))
        verify(acces, st, t, pf=pf)
        return sig, None
    msg = err.decode("utf-8", "replace").strip()
    return None, msg or ("code %s sans message" % rc)


def attack_restore(acces, base, n, rng):
    t = Tally("2a. kill -9 pendant restaurer --remplacer")
    st = Store(base, "a2r")
    fill_store(acces, st, t, tag="b")
    backup = os.path.join(st.root, "sauvegarde.age")
    rc, _, err, _ = acces.run(st.args("sauvegarde", backup), t)
    if rc != 0:
        t.notes.append("sauvegarde impossible : %s" % first_line(err))
        t.lost += 1
        return t
    sig_backup = export_sig(acces, st, t)[1]
    acces.run(note_args(st, "apres-sauvegarde"), t)
    restore_args = st.args("restaurer", backup, "--remplacer")
    ds = []
    for _ in range(3):
        rc, _, _, dt = acces.run(restore_args, t)
        ds.append(dt)
        acces.run(note_args(st, "mesure"), t)
    med = statistics.median(ds)
    sig_old = export_sig(acces, st, t)[1]
    refusals = completed = told = 0
    for i in range(n):
        k, rc, err = start_and_kill(acces, restore_args, kill_delay(rng, med))
        t.trials += 1
        if not k:
            completed += 1
            if is_panic(rc, err):
                t.panics += 1
        allowed = {sig_backup} if (not k and rc == 0) else {sig_old, sig_backup}
        right_after = st.leftovers()
        sig, refusal = after_kill(acces, st, t, allowed, "restaurer", None)
        if refusal is not None:
            refusals += 1
            fr = is_french(refusal)
            t.example("refus après kill (%s) : %s" % ("français" if fr else "PAS en français", refusal[:300]))
            if not fr:
                t.other += 1
            # start again from the backup in a new directory
            st = Store(base, "a2r-%d" % i)
            shutil.copy(backup, os.path.join(st.root, "sauvegarde.age"))
            backup = os.path.join(st.root, "sauvegarde.age")
            restore_args = st.args("restaurer", backup, "--remplacer")
            acces.run(st.args("restaurer", backup), t)
            acces.run(note_args(st, "reprise-%d" % i), t)
            sig_old = export_sig(acces, st, t)[1]
            continue
        if right_after and not st.leftovers():
            told += 1
        left = st.leftovers()
        t.leftovers += len(left)
        if left:
            t.example("après kill + commande suivante, restent : %s" % ", ".join(left))
        # the next old content differs from the backup
        rc = acces.run(note_args(st, "r%03d" % i), t)[0]
        sig_old = export_sig(acces, st, t)[1]
    kept = len([x for x in os.listdir(st.dir) if x.startswith("acces-avant-")])
    t.notes.append(
        "durée médiane d'une restauration %.2f s ; %d finies avant le kill ; %d refus après kill ; "
        "%d fois des fichiers temporaires laissés par le kill puis balayés par la commande suivante ; "
        "%d copies « acces-avant-… » gardées (voulu)" % (med, completed, refusals, told, kept)
    )
    return t


def attack_import(acces, base, n, rng):
    t = Tally("2b. kill -9 pendant import")
    src = Store(base, "a2i-source")
    fill_store(acces, src, t, persons=8, notes=12, tag="i")
    export = os.path.join(src.root, "export.json")
    rc, _, err, _ = acces.run(src.args("export", "--format", "json", "--sortie", export), t)
    if rc != 0:
        t.notes.append("export impossible : %s" % first_line(err))
        t.lost += 1
        return t
    with open(export, encoding="utf-8") as f:
        data = json.load(f)
    delta = (len(data["personnes"]), len(data["dossiers"]), len(data["evenements"]))
    st = Store(base, "a2i")
    setup_case(acces, st, t)
    args = st.args("import", export)
    ds = []
    for _ in range(3):
        ds.append(acces.run(args, t)[3])
    med = statistics.median(ds)

    def counts():
        rc, sig, err = export_sig(acces, st, t)
        return (rc, None if sig is None else (sig[0], sig[2], sig[4]), err)

    before = counts()[1]
    refusals = completed = 0
    for i in range(n):
        k, rc, err = start_and_kill(acces, args, kill_delay(rng, med))
        t.trials += 1
        after_ok = tuple(b + d for b, d in zip(before, delta))
        if not k:
            completed += 1
            if is_panic(rc, err):
                t.panics += 1
        allowed = {after_ok} if (not k and rc == 0) else {before, after_ok}
        rc, now, err = counts()
        if rc != 0:
            refusals += 1
            msg = err.decode("utf-8", "replace").strip()
            t.example("refus après kill d'import : %s" % msg[:300])
            if not is_french(msg):
                t.other += 1
            break
        if now not in allowed:
            if now[0] < before[0] or now[1] < before[1] or now[2] < before[2]:
                t.lost += 1
            else:
                t.integrity += 1
            t.example("import tué : comptes %s, attendus %s" % (now, sorted(allowed)))
        verify(acces, st, t)
        left = st.leftovers()
        t.leftovers += len(left)
        if left:
            t.example("après kill d'import, restent : %s" % ", ".join(left))
        before = now
    t.notes.append(
        "import de %d personnes, %d dossiers, %d événements ; durée médiane %.2f s ; %d finis avant le kill ; "
        "%d refus" % (delta + (med, completed, refusals))
    )
    return t


def attack_passphrase(acces, base, n, rng):
    t = Tally("2c. kill -9 pendant phrase-de-passe changer")
    st = Store(base, "a2p")
    fill_store(acces, st, t, persons=2, notes=3, tag="p")
    pf = {PASS1: st.pass_file(PASS1), PASS2: st.pass_file(PASS2)}
    cur, new = PASS1, PASS2

    def change_args(c, nw):
        return st.args("phrase-de-passe", "changer", "--nouvelle-fichier", pf[nw], pf=pf[c])

    ds = []
    for _ in range(4):
        rc, _, err, dt = acces.run(change_args(cur, new), t)
        if rc == 0:
            ds.append(dt)
            cur, new = new, cur
        else:
            t.notes.append("changement de phrase de passe impossible : %s" % first_line(err))
            return t
    med = statistics.median(ds)
    sig = export_sig(acces, st, t, pf=pf[cur])[1]
    completed = switched = unopenable = rekey_left = 0
    for i in range(n):
        k, rc, err = start_and_kill(acces, change_args(cur, new), kill_delay(rng, med))
        t.trials += 1
        acked = (not k) and rc == 0
        if not k:
            completed += 1
            if is_panic(rc, err):
                t.panics += 1
        rc1, s1, e1 = export_sig(acces, st, t, pf=pf[cur])
        if rc1 == 0:
            opened = cur
            s = s1
            if acked:
                t.lost += 1
                t.example("changement acquitté mais l'ancienne phrase ouvre encore le registre")
        else:
            rc2, s2, e2 = export_sig(acces, st, t, pf=pf[new])
            if rc2 == 0:
                opened, s = new, s2
                switched += 1
            else:
                unopenable += 1
                t.lost += 1
                t.example(
                    "registre illisible après kill : ancienne → code %s (%s) ; nouvelle → code %s (%s)"
                    % (rc1, first_line(e1), rc2, first_line(e2))
                )
                break
        if s != sig:
            t.lost += 1
            t.example("contenu changé par un changement de phrase de passe tué : %s ≠ %s" % (s, sig))
        verify(acces, st, t, pf=pf[opened])
        left = st.leftovers()
        t.leftovers += len(left)
        rekey_left += any("nouvelle-phrase" in x for x in left)
        if left:
            t.example("après kill + commande suivante, restent : %s" % ", ".join(sorted(set(left))))
        cur = opened
        new = PASS2 if cur == PASS1 else PASS1
    t.notes.append(
        "durée médiane %.2f s ; %d finis avant le kill ; %d fois la nouvelle phrase en place ; "
        "%d registres illisibles ; %d kill sur %d après lesquels « acces-nouvelle-phrase-en-cours.db » était "
        "encore là après la commande suivante (balayé seulement au changement suivant)" % (med, completed, switched, unopenable, rekey_left, t.trials)
    )
    return t


# ---------------------------------------------------------------------------------------
# 3. fuzzed inputs

PIECES = [
    "Martin", "Lefèvre", "d'Arc", "Nguyễn", "œuvre", "京", "محمد", "שלום", "🙂", "👩‍👩‍👧",
    "\x1b[31m", "\x1b]0;titre\x07", "\x1b[2J", "\x07", "\x1bP1$r\x1b\\", "\x08\x08",
    "\r", "\n", "\r\n", "\r\n.\r\n", "\nBcc: x@exemple.fr", "\r\nSubject: injecté",
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
    "\u2069", "\u061c", "\u200b", "\u200d", "\ufeff", "\u2028", "\u2029", "\u0085", "\u009b31m",
    "\u009d0;x\u009c", "e\u0301\u0301\u0301\u0301", "\t", "\x0b", "\x0c", "\x7f", "\x01", "\x1f",
    "=HYPERLINK(\"x\")", "+cmd|' /C calc'!A0", "-1", "@SUM(1)", "|", ";", "\"", "\\", "%s", "%n",
    "{{nom}}", "{%", "$HOME", "`id`", "=?utf-8?q?x?=", "<script>", "&amp;", "\ufffd", "\U0010fffd",
]
BAD_UTF8 = [b"\xff", b"\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80", b"\xc0\xaf"]
SURROGATES = ["\udcff", "\udc80", "\udcc3"]  # argv bytes that are not UTF-8 (surrogateescape)


PRINTABLE = [p for p in PIECES if not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in p)]


def fuzz_text(rng, argv=False, long_ok=True, printable=False):
    """A random value; `printable`: without C0/C1 controls, CR or LF (what the input
    checks let through, to reach the writers: bidi marks, combining marks, emoji, …)."""
    pieces = PRINTABLE if printable else PIECES
    if long_ok and rng.random() < 0.03:
        piece = rng.choice(pieces + ["a", "é", "\u202e"])
        limit = 100_000 if argv else 400_000
        return (piece * (limit // max(1, len(piece.encode())) + 1))[: rng.randint(10_000, limit) // 4]
    s = "".join(rng.choice(pieces) if rng.random() < 0.6 else rng.choice("abcXYZ éà-' 0123") for _ in range(rng.randint(0, 8)))
    if argv and not printable and rng.random() < 0.08:
        s += rng.choice(SURROGATES)
    return s


def fuzz_person_bytes(rng):
    """A person file: JSON with fuzzed values, sometimes raw bytes that are not UTF-8 or
    broken JSON."""
    p = dict(PERSON)
    for key in rng.sample(["nom", "prenoms", "commune", "lieu_naissance", "adresse", "email", "civilite", "nom_naissance", "telephone"], rng.randint(1, 3)):
        v = fuzz_text(rng, printable=rng.random() < 0.5)
        p[key] = [v, fuzz_text(rng, long_ok=False)] if key == "adresse" else v
    raw = json.dumps(p, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
    r = rng.random()
    if r < 0.25:  # bytes that are not UTF-8 inside a string value
        i = raw.find(b'"nom": "') + 8
        raw = raw[:i] + rng.choice(BAD_UTF8) + raw[i:]
    elif r < 0.30:
        raw = raw[: rng.randint(0, len(raw))]
    elif r < 0.32:
        raw = b"[" * 100_000
    elif r < 0.34:
        raw = b"\xef\xbb\xbf" + raw
    return raw


LETTERS = [
    # (code, demarche, fields that can be fuzzed, required fields, eml possible)
    ("FPR", "acces", ["lieu", "organisme_accreditation", "precisions", "date_lettre", "date_refus_accreditation"], {}, True),
    ("CAF-SCORE", "cada", ["lieu", "documents_supplementaires", "date_demande", "date_reponse"], {"date_demande": "2026-01-02"}, True),
    ("ACCReD", "acces", ["lieu", "precisions", "organisme_accreditation"], {}, True),
    ("FT-SUSPICION", "rectification", ["destinataire_adresse", "donnees_a_corriger", "lieu"],
     {"destinataire_adresse": "Agence|1 rue X|69007 Lyon", "donnees_a_corriger": "x"}, False),
    ("FNAEG", "effacement", ["decision_judiciaire", "motifs", "reference_procedure", "destinataire_adresse"],
     {"decision_judiciaire": "relaxe", "destinataire_adresse": "Procureur|1 rue X|75001 Paris"}, False),
]
PERSON_KEYS = ["nom", "prenoms", "commune", "lieu_naissance", "adresse", "email", "date_naissance", "code_postal"]


BIDI = tuple(chr(c) for c in list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A)))


def has_bidi(b):
    s = b.decode("utf-8", "replace")
    return any(c in s for c in BIDI)


def has_raw_control(b):
    s = b.decode("utf-8", "replace")
    return any(c in s for c in RAW_CONTROLS)


def attack_fuzz(acces, base, m, rng):
    t = Tally("3. entrées au hasard")
    work = os.path.join(base, "a3")
    os.makedirs(work, mode=0o700)
    good = os.path.join(work, "personne.json")
    write_person(good)
    raw_out = raw_err = eml_bad = letters_ok = emls_ok = store_ok = bidi_err = 0
    where = {}
    n_letters = int(m * 0.85)
    for i in range(n_letters):
        code, route, fields, req, eml_ok = rng.choice(LETTERS)
        fmt = "eml" if eml_ok and rng.random() < 0.6 else "txt"
        # half the letters with values the input checks let through (to reach the writers)
        gentle = rng.random() < 0.5
        pfile = good
        if not gentle and rng.random() < 0.4:
            pfile = os.path.join(work, "p%d.json" % (i % 7))
            with open(pfile, "wb") as f:
                f.write(fuzz_person_bytes(rng))
        args = ["lettre", code, "--demarche", route, "--personne", pfile, "--format", fmt]
        champs = dict(req)
        for _ in range(rng.randint(1, 3)):
            if gentle:
                key = rng.choice([f for f in fields + PERSON_KEYS if "date" not in f and f != "code_postal"])
            elif rng.random() < 0.9:
                key = rng.choice(fields + PERSON_KEYS)
            else:
                key = fuzz_text(rng, argv=True, long_ok=False)
            value = fuzz_text(rng, argv=True, printable=gentle or rng.random() < 0.5)
            if gentle and key == "email":
                value = "x%s@exemple.fr" % rng.randint(0, 99)
            champs[key] = value
        for k, v in champs.items():
            args += ["--champ", "%s=%s" % (k, v)]
        out_file = None
        if fmt == "eml":
            out_file = os.path.join(work, "lettre.eml")
            if os.path.exists(out_file):
                os.unlink(out_file)
            args += ["--sortie", out_file]
        try:
            rc, out, err, _ = acces.run(args, t, cwd=work)
        except ValueError:  # a NUL byte: not an argument the kernel can pass
            continue
        t.trials += 1
        if has_bidi(err):
            bidi_err += 1
        if rc == 0:
            letters_ok += 1
            if out_file and os.path.exists(out_file):
                emls_ok += 1
        if has_raw_control(out):
            raw_out += 1
            where["lettre (sortie standard)"] = where.get("lettre (sortie standard)", 0) + 1
        if has_raw_control(err):
            raw_err += 1
            where["lettre (sortie d'erreur)"] = where.get("lettre (sortie d'erreur)", 0) + 1
            if raw_err <= 2:
                t.example("contrôle brut sur la sortie d'erreur : acces %s" % show(args))
        if rc == 0 and out_file and os.path.exists(out_file):
            if eml_injected(out_file):
                eml_bad += 1
                if eml_bad <= 2:
                    t.example("en-tête d'e-mail injecté ou contrôle brut dans l'en-tête : acces %s" % show(args))
    # The store: person files, notes, references, then the listings.
    st = Store(base, "a3s")
    setup_case(acces, st, t)
    n_store = m - n_letters
    pfile = os.path.join(work, "pp.json")
    cases = [1]
    for i in range(n_store):
        r = rng.random()
        if r < 0.45:
            with open(pfile, "wb") as f:
                f.write(fuzz_person_bytes(rng))
            args = st.args("personne", "ajouter", "--fichier", pfile)
        elif r < 0.75:
            args = st.args("evenement", "ajouter", "--dossier", str(rng.choice(cases)), "--type", "note",
                           "--date", NOTE_DATE, "--texte", fuzz_text(rng, argv=True, printable=rng.random() < 0.5))
        else:
            args = st.args("dossier", "ouvrir", "--personne", "1", "--fichier", "fpr", "--demarche", "acces",
                           "--reference", fuzz_text(rng, argv=True, printable=rng.random() < 0.5))
        try:
            rc, out, err, _ = acces.run(args, t)
        except ValueError:
            continue
        t.trials += 1
        if rc == 0:
            store_ok += 1
        if has_raw_control(err):
            raw_err += 1
            where["saisie (sortie d'erreur)"] = where.get("saisie (sortie d'erreur)", 0) + 1
        if rc == 0 and args[4:6] == ["dossier", "ouvrir"]:
            try:
                cases.append(int(out.strip()))
            except ValueError:
                pass
        if rc == 0 and args[4:6] == ["personne", "ajouter"] and rng.random() < 0.5:
            try:
                pid = int(out.strip())
                rc2, out2, _, _ = acces.run(st.args("dossier", "ouvrir", "--personne", str(pid), "--fichier", "taj", "--demarche", "acces"), t)
                if rc2 == 0:
                    cases.append(int(out2.strip()))
            except ValueError:
                pass
    listings = [("personne", "liste"), ("dossier", "liste"), ("echeances",)]
    listings += [("dossier", "voir", str(c)) for c in cases[:40]]
    for cmd in listings:
        rc, out, err, _ = acces.run(st.args(*cmd), t)
        t.trials += 1
        if has_raw_control(out) or has_raw_control(err):
            raw_out += 1
            key = " ".join(cmd[:2]) if cmd[0] != "dossier" or cmd[1] != "voir" else "dossier voir"
            where[key] = where.get(key, 0) + 1
            if len(t.examples) < 5:
                t.example("contrôle brut dans la sortie de acces %s" % " ".join(cmd))
    verify(acces, st, t)
    t.other += raw_out + raw_err + eml_bad
    t.notes.append(
        "%d lettres (txt/eml ; %d écrites, dont %d e-mails), %d saisies dans le registre (%d acceptées), %d listes ; "
        "sorties avec ESC/BEL/CSI bruts : %d (listes et lettres), %d sur la sortie d'erreur ; "
        "e-mails à en-tête injecté : %d ; messages d'erreur de lettre qui répètent des marques bidi "
        "(U+202A–202E, U+2066–2069) telles quelles : %d (observation, pas compté)%s"
        % (n_letters, letters_ok, emls_ok, n_store, store_ok, len(listings), raw_out, raw_err, eml_bad, bidi_err,
           (" ; où : " + ", ".join("%s %d" % kv for kv in sorted(where.items()))) if where else "")
    )
    return t


def eml_injected(path):
    """A header line that is neither `Name: value` with a known name nor a folded line, a
    bare CR or LF, or a raw control character in the header block."""
    with open(path, "rb") as f:
        data = f.read()
    head = data.split(b"\r\n\r\n", 1)[0]
    known = {b"from", b"to", b"subject", b"date", b"mime-version", b"content-type",
             b"content-transfer-encoding", b"x-unsent", b"message-id", b"cc", b"reply-to"}
    for line in head.split(b"\r\n"):
        if b"\r" in line or b"\n" in line:
            return True
        if any(c < 32 and c != 9 for c in line) or b"\x7f" in line:
            return True
        if line[:1] in (b" ", b"\t"):
            continue
        name = line.split(b":", 1)[0].lower()
        if name not in known:
            return True
    return False


# ---------------------------------------------------------------------------------------
# 4. output paths inside the data directory


def tree_state(d):
    state = {}
    for root, dirs, files in os.walk(d):
        for n in files + dirs:
            p = os.path.join(root, n)
            rel = os.path.relpath(p, d)
            if os.path.isfile(p) and not os.path.islink(p):
                with open(p, "rb") as f:
                    state[rel] = hashlib.sha256(f.read()).hexdigest()
            else:
                state[rel] = "dossier"
    return state


def attack_outputs(acces, base, rng):
    t = Tally("4. --sortie dans le dossier de données")
    st = Store(base, "a4")
    setup_case(acces, st, t)
    acces.run(st.args("lettre", "taj", "--personne", "1", "--enregistrer"), t)  # a draft for `lettres`
    pfile = os.path.join(st.root, "personne.json")
    outside = os.path.join(st.root, "dehors")
    os.makedirs(outside, mode=0o700)
    D = st.dir
    db = os.path.join(D, "acces.db")
    os.symlink(D, os.path.join(outside, "lien-dossier"))
    os.symlink(db, os.path.join(outside, "lien-registre"))
    os.symlink(os.path.join(D, "nouveau.txt"), os.path.join(outside, "lien-pendant"))
    targets = [
        ("registre", db, None),
        ("journal -wal", db + "-wal", None),
        ("verrou", os.path.join(D, "acces.lock"), None),
        ("nouveau fichier", os.path.join(D, "nouveau.txt"), None),
        ("sous-dossier absent", os.path.join(D, "sous", "x.txt"), None),
        ("le dossier lui-même", D, None),
        ("avec ..", os.path.join(D, "..", os.path.basename(D), "acces.db"), None),
        ("avec .", os.path.join(D, ".", "acces.db"), None),
        ("lien vers le dossier", os.path.join(outside, "lien-dossier", "acces.db"), None),
        ("lien vers le registre", os.path.join(outside, "lien-registre"), None),
        ("lien pendant vers le dossier", os.path.join(outside, "lien-pendant"), None),
        ("relatif depuis le dossier", "acces.db", D),
        ("relatif ./", "./nouveau.json", D),
    ]
    commands = [
        ("lettre txt", lambda o: ["lettre", "taj", "--personne", pfile, "--sortie", o]),
        ("lettre eml", lambda o: ["lettre", "fpr", "--demarche", "acces", "--personne", pfile, "--format", "eml", "--sortie", o]),
        ("lettre pdf", lambda o: ["lettre", "taj", "--personne", pfile, "--format", "pdf", "--sortie", o]),
        ("lettre --enregistrer", lambda o: ["lettre", "--dossier", "2", "--enregistrer", "--sortie", o]),
        ("export json", lambda o: ["export", "--format", "json", "--sortie", o]),
        ("export csv", lambda o: ["export", "--format", "csv", "--sortie", o]),
        ("export ics", lambda o: ["export", "--ics", o]),
        ("sauvegarde", lambda o: ["sauvegarde", o]),
        ("lettres --sortie", lambda o: ["lettres", "--brouillons", "--sortie", o]),
        ("lettres --dossier-sortie", lambda o: ["lettres", "--brouillons", "--format", "txt", "--dossier-sortie", o]),
    ]
    accepted = []
    harmless = []
    witnesses_failed = []
    for cname, make in commands:
        # witness: the same command to a path outside the data directory must work
        wpath = os.path.join(outside, "temoin-" + cname.replace(" ", "-").replace("--", ""))
        if cname == "lettres --dossier-sortie":
            os.makedirs(wpath, exist_ok=True)
        rc, _, err, _ = acces.run(st.args(*make(wpath)), t)
        if rc != 0:
            witnesses_failed.append("%s (code %s : %s)" % (cname, rc, first_line(err)))
        for tname, target, cwd in targets:
            before = tree_state(D)
            rc, out, err, _ = acces.run(st.args(*make(target)), t, cwd=cwd)
            t.trials += 1
            after = tree_state(D)
            gone = sorted(set(before) - set(after))
            new = sorted(set(after) - set(before))
            mod = sorted(k for k in before if k in after and before[k] != after[k])
            if rc == 0:
                # Accepted: only a write that lands in the data directory is a defect (a
                # link outside it is replaced by the file, as with any atomic rename); the
                # store itself may change (`--enregistrer` notes a draft).
                store_files = ("acces.db", "acces.db-wal", "acces.db-shm", "acces.lock")
                landed = [x for x in new + mod if x not in store_files] + gone
                if landed:
                    accepted.append("%s → %s" % (cname, tname))
                    t.other += 1
                    if any(x.startswith("acces.db") for x in gone):
                        t.lost += 1
                    t.example("%s → %s accepté et écrit dans le dossier de données : %s" % (cname, tname, landed))
                else:
                    harmless.append("%s → %s" % (cname, tname))
                continue
            if rc is not None and not is_french(err.decode("utf-8", "replace")):
                t.other += 1
                t.example("refus sans message français : %s → %s : %s" % (cname, tname, first_line(err)))
            if gone or new or mod:
                if any(x.startswith("acces.db") for x in gone + mod):
                    t.lost += 1
                else:
                    t.integrity += 1
                t.example("%s → %s refusé (code %s) mais le dossier de données a changé : nouveaux %s, "
                          "disparus %s, modifiés %s" % (cname, tname, rc, new, gone, mod))
    verify(acces, st, t)
    if accepted:
        t.example("écritures acceptées : " + "; ".join(accepted[:8]))
    t.notes.append(
        "%d commandes × %d chemins ; écritures dans le dossier de données acceptées : %d ; acceptées sans "
        "rien écrire dans le dossier (lien remplacé par le fichier) : %d (%s) ; témoins hors du dossier en échec : %s"
        % (len(commands), len(targets), len(accepted), len(harmless),
           ", ".join(sorted({h.split(" → ")[1] for h in harmless})) or "-", ", ".join(witnesses_failed) or "aucun")
    )
    return t


# ---------------------------------------------------------------------------------------
# 5. full disk


def attack_full_disk(acces, base, n, rng):
    t = Tally("5. disque plein (tmpfs)")
    if os.geteuid() != 0:
        t.notes.append("sautée : il faut être root pour monter un tmpfs")
        return t
    mnt = os.path.join(base, "tmpfs")
    os.makedirs(mnt, mode=0o700)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", mnt], capture_output=True, text=True)
    if r.returncode != 0:
        t.notes.append("sautée : mount -t tmpfs impossible (%s)" % r.stderr.strip())
        os.rmdir(mnt)
        return t
    t.mounted = mnt
    try:
        full_disk_runs(acces, base, mnt, n, rng, t)
    finally:
        subprocess.run(["umount", mnt], capture_output=True)
        try:
            os.rmdir(mnt)
        except OSError:
            pass
    return t


def fill(mnt, keep):
    """Fills the file system but `keep` bytes; returns the filler's path."""
    path = os.path.join(mnt, "remplissage")
    vfs = os.statvfs(mnt)
    free = vfs.f_bavail * vfs.f_frsize
    size = max(0, free - keep)
    with open(path, "wb") as f:
        chunk = b"\0" * 65536
        written = 0
        try:
            while written < size:
                written += f.write(chunk[: min(65536, size - written)])
            f.flush()
        except OSError:
            pass
    return path


def full_disk_runs(acces, base, mnt, n, rng, t):
    st = Store(base, "a5", data_dir=os.path.join(mnt, "donnees"))
    out_dir = os.path.join(mnt, "sorties")
    os.makedirs(out_dir, mode=0o700)
    setup_case(acces, st, t)
    fill_store(acces, st, t, persons=2, notes=3, tag="f")
    backup = os.path.join(st.root, "sauvegarde.age")  # outside the tmpfs
    acces.run(st.args("sauvegarde", backup), t)
    sig_backup = export_sig(acces, st, t)[1]
    acces.run(note_args(st, "apres-sauvegarde"), t)
    expected = export_sig(acces, st, t)[1]
    counts = {}
    list_failed = acked_n = failed_n = applied_unacked = 0
    list_msgs = set()
    for i in range(n):
        op = rng.choice(["note", "note", "export", "restore", "personne", "sauvegarde"])
        keep = 0 if rng.random() < 0.15 else int(2 ** rng.uniform(10, 21))  # 0, or 1 KiB to 2 MiB
        filler = fill(mnt, keep)
        text = "d%03d" % i
        target = None
        if op == "note":
            args = note_args(st, text)
        elif op == "export":
            target = os.path.join(out_dir, "export.json")
            args = st.args("export", "--format", "json", "--sortie", target)
        elif op == "restore":
            args = st.args("restaurer", backup, "--remplacer")
        elif op == "personne":
            pf = os.path.join(st.root, "personne.json")
            write_person(pf, dict(PERSON, nom="Plein%d" % i))
            args = st.args("personne", "ajouter", "--fichier", pf)
        else:
            target = os.path.join(out_dir, "sauvegarde.age")
            args = st.args("sauvegarde", target)
        if target and os.path.exists(target):
            os.unlink(target)
        rc, out, err, _ = acces.run(args, t)
        t.trials += 1
        counts[op] = counts.get(op, 0) + 1
        rcl, _, errl, _ = acces.run(st.args("dossier", "liste"), t)
        if rcl != 0:
            list_failed += 1
            list_msgs.add("code %s : %s" % (rcl, first_line(errl)[:160]))
        # leftovers right after the failure, before anything else runs (the disk is still full)
        left = st.leftovers(out_dir)
        os.unlink(filler)
        if left:
            t.leftovers += len(left)
            t.example("disque plein, %s (code %s) laisse : %s" % (op, rc, ", ".join(left)))
        if rc == 0:
            acked_n += 1
        else:
            failed_n += 1
            msg = err.decode("utf-8", "replace")
            if rc != 5 and rc is not None:
                t.notes.append("%s sur disque plein : code %s (attendu 5) : %s" % (op, rc, first_line(err)))
            if not is_french(msg):
                t.other += 1
        rc2, now, err2 = export_sig(acces, st, t)
        if rc2 != 0:
            t.lost += 1
            t.example("registre illisible après %s sur disque plein : code %s : %s" % (op, rc2, first_line(err2)))
            break
        if rc == 0:
            if op == "note":
                notes, _, _ = notes_of_case(acces, st, t)
                if notes is None or text not in notes:
                    t.lost += 1
                    t.example("note acquittée sur disque plein absente : %s" % text)
            elif op == "restore" and now != sig_backup:
                t.lost += 1
                t.example("restauration acquittée sur disque plein : contenu %s, attendu %s" % (now, sig_backup))
            elif op == "export":
                try:
                    with open(target, "rb") as f:
                        json.loads(f.read())
                except (OSError, ValueError) as e:
                    t.lost += 1
                    t.example("export acquitté sur disque plein illisible : %s" % e)
            elif op == "sauvegarde":
                chk = Store(base, "a5-verif-%d" % i)
                rc3, _, err3, _ = acces.run(chk.args("restaurer", target), t)
                if rc3 != 0:
                    t.lost += 1
                    t.example("sauvegarde acquittée sur disque plein illisible : %s" % first_line(err3))
                shutil.rmtree(chk.root, ignore_errors=True)
            elif op == "personne" and now == expected:
                t.lost += 1
                t.example("personne acquittée sur disque plein absente")
        elif now != expected and op in ("note", "personne", "restore"):
            applied_unacked += 1
            t.notes.append("%s en échec (code %s) mais appliqué" % (op, rc))
        if rc != 0 and op in ("export", "sauvegarde") and target and os.path.exists(target):
            t.integrity += 1
            t.example("%s en échec a laissé un fichier %s" % (op, os.path.basename(target)))
        if not verify(acces, st, t):
            break
        expected = now
        for x in os.listdir(st.dir):  # kept copies: the harness removes them to keep room
            if x.startswith("acces-avant-"):
                os.unlink(os.path.join(st.dir, x))
    t.notes.append(
        "opérations %s ; %d acquittées, %d en échec ; listes en échec pendant le disque plein : %d ; "
        "écritures en échec mais appliquées : %d"
        % (", ".join("%s %d" % kv for kv in sorted(counts.items())), acked_n, failed_n, list_failed, applied_unacked)
    )
    for m in sorted(list_msgs)[:3]:
        t.notes.append("« dossier liste » sur disque plein : " + m)


# ---------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description="Rejoue les attaques de l'issue 15 contre acces.")
    ap.add_argument("--tours", type=int, default=100, help="essais par attaque de kill -9 et de disque plein (100)")
    ap.add_argument("--entrees", type=int, default=2000, help="entrées au hasard de l'attaque 3 (2000)")
    ap.add_argument("--graine", type=int, default=None, help="graine du hasard (pour rejouer une série)")
    ap.add_argument("--seulement", default="1,2,3,4,5", help="attaques à lancer, par exemple 1,3")
    a = ap.parse_args()
    exe = os.environ.get("ACCES", "")
    if not exe or not os.access(exe, os.X_OK):
        print("Donnez le binaire : ACCES=chemin/vers/acces python3 benches/attaque/run.py", file=sys.stderr)
        return 2
    exe = os.path.abspath(exe)
    seed = a.graine if a.graine is not None else random.SystemRandom().randrange(1 << 30)
    rng = random.Random(seed)
    which = set(a.seulement.split(","))
    print("acces : %s (sha256 %s)" % (exe, hashlib.sha256(open(exe, "rb").read()).hexdigest()[:16]))
    print("graine : %d ; tours : %d ; entrées : %d" % (seed, a.tours, a.entrees))
    old_umask = os.umask(0o077)
    base = tempfile.mkdtemp(prefix="acces-attaque-")
    acces = Acces(exe, base)
    tallies = []
    t0 = time.monotonic()
    n = a.tours
    plan = [
        ("1", lambda: attack_appends(acces, base, n, rng)),
        ("2", lambda: attack_restore(acces, base, max(1, n // 2), rng)),
        ("2", lambda: attack_import(acces, base, n, rng)),
        ("2", lambda: attack_passphrase(acces, base, max(1, n // 2), rng)),
        ("3", lambda: attack_fuzz(acces, base, a.entrees, rng)),
        ("4", lambda: attack_outputs(acces, base, rng)),
        ("5", lambda: attack_full_disk(acces, base, max(1, n // 2), rng)),
    ]
    try:
        for key, fn in plan:
            if key not in which:
                continue
            s = time.monotonic()
            tally = fn()
            tally.seconds = time.monotonic() - s
            tallies.append(tally)
            print("  %s : %d essais en %.0f s" % (tally.name, tally.trials, tally.seconds), flush=True)
    except KeyboardInterrupt:
        print("interrompu", file=sys.stderr)
    finally:
        acces.kill_all()
        for tally in tallies:
            mnt = getattr(tally, "mounted", None)
            if mnt:
                subprocess.run(["umount", mnt], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
        os.umask(old_umask)
    total = time.monotonic() - t0
    report(tallies, total)
    return 1 if any(x.bad() for x in tallies) else 0


def report(tallies, total):
    cols = ["attaque", "essais", "paniques", "blocages", "pertes", "échecs d'intégrité", "fichiers restants", "autres défauts"]
    rows = [[x.name, x.trials, x.panics, x.hangs, x.lost, x.integrity, x.leftovers, x.other] for x in tallies]
    rows.append(["total"] + [sum(r[i] for r in rows) for i in range(1, len(cols))])
    widths = [max(len(str(c)), *(len(str(r[i])) for r in rows)) for i, c in enumerate(cols)]
    print()
    print("Résumé (%.0f s)" % total)
    line = " | ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cols, widths)))
    print(line)
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(" | ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
    print()
    for x in tallies:
        if x.notes or x.examples:
            print("%s :" % x.name)
            seen = set()
            for n in x.notes:
                if n not in seen:
                    print("  - " + n)
                    seen.add(n)
            for e in x.examples:
                print("  ! " + e)
    print()
    print("« autres défauts » : attaque 3, sorties avec ESC/BEL/CSI bruts et en-têtes d'e-mail injectés ;")
    print("attaque 4, écritures acceptées dans le dossier de données ; partout, refus sans message français.")


if __name__ == "__main__":
    sys.exit(main())
