"""Speed and memory benchmark (prints figures; not a test).

    .venv/bin/python bench/speed.py [--drafts 5000] [--seed 7] [--passes 3]

Corpus: generated from the packs' examples and the eval cases — at least 5,000
drafts of 5–60 words in bg, el, en, lv, zh, about 70 % clean. Prints, on one
core: drafts/s and p50/p99 latency of `replycoach.check` with the language
given and with detection, and of detection alone; the same drafts through a
floor (one compiled regular expression over all phrase literals of the packs);
and through a pyahocorasick automaton over the same literals; cold start of
`replycoach check` as a process next to `python -c pass`; `replycoach --help`
and `replycoach langs`; peak RSS of a fresh process after loading all five
packs, after the corpus with the language given, and after the corpus with
detection (every pack, spaCy pipeline and detector in use).

Each throughput row is the best of `--passes` passes over the corpus (other
load on the machine only ever slows a pass down); p50/p99 come from that pass.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import replycoach  # noqa: E402
from replycoach.packs import available_languages, load_pack  # noqa: E402
from replycoach.textnorm import fold  # noqa: E402


def corpus(n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    bad: dict[str, list[str]] = {}
    clean: dict[str, list[str]] = {}
    for lang in available_languages():
        for rule in load_pack(lang).rules:
            for ex in rule.examples:
                if ex.bad:
                    bad.setdefault(lang, []).append(ex.bad)
                    clean.setdefault(lang, []).append(ex.good)
                else:
                    clean.setdefault(lang, []).append(ex.clean)
    for case in yaml.safe_load((ROOT / "tests" / "data" / "cases.yaml").read_text(encoding="utf-8")):
        if case["lang"] in bad:
            (bad if case["expect"] else clean)[case["lang"]].append(case["text"])
    langs = sorted(bad)
    out = []
    while len(out) < n:
        lang = rng.choice(langs)
        parts = [rng.choice(clean[lang]) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.3:
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(bad[lang]))
        text = " ".join(parts)
        words = len(text.split()) if lang != "zh" else len(text) // 2
        if 5 <= words <= 60:
            out.append((lang, text))
    return out


def literals(pattern: str) -> list[str]:
    """Literal runs of a regex source (for the floor): maximal stretches without metacharacters."""
    cleaned = re.sub(r"\(\?[<!=:P][^)]*\)|\\[a-zA-Z]|\[[^\]]*\]|\{[^}]*\}|[?*+]", " ", pattern)
    return [run for run in re.split(r"[()|^$.\s\\]+", cleaned) if len(run) >= 4]


def floor_pattern() -> re.Pattern[str]:
    lits: set[str] = set()
    for lang in available_languages():
        pack = load_pack(lang)
        for rule in pack.rules:
            for spec in rule.patterns:
                if spec.regex:
                    lits.update(fold(x, pack.strip_accents) for x in literals(spec.regex))
    return re.compile("|".join(re.escape(x) for x in sorted(lits, key=len, reverse=True)))


def timed(fn, items, passes: int) -> tuple[float, list[float]]:
    best: tuple[float, list[float]] = (float("inf"), [])
    for _ in range(passes):
        lat = []
        t0 = time.perf_counter()
        for item in items:
            s = time.perf_counter()
            fn(item)
            lat.append(time.perf_counter() - s)
        best = min(best, (time.perf_counter() - t0, lat), key=lambda r: r[0])
    return best


def row(name: str, total: float, lat: list[float], n: int) -> str:
    q = sorted(lat)
    p50, p99 = q[len(q) // 2] * 1000, q[min(len(q) - 1, int(0.99 * len(q)))] * 1000
    return f"{name:<40}{n / total:>11,.0f}{p50:>9.3f}{p99:>9.3f}"


def process_median(cmd: list[str], stdin: str = "", runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, input=stdin, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def floor_automaton(alternation: str):
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for literal in alternation.split("|"):
        literal = re.sub(r"\\(.)", r"\1", literal)  # undo re.escape
        automaton.add_word(literal, literal)
    automaton.make_automaton()
    return automaton


_RSS_CHILD = """
import json, sys
from replycoach.coach import Coach
drafts = json.loads(sys.stdin.read())
coach = Coach()
for lang in coach.languages():
    coach.engine(lang).prepare()
def mb():  # VmHWM: this process's peak RSS (ru_maxrss can carry the parent's over exec)
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmHWM"))
loaded = mb()
for lang, text in drafts:
    coach.check(text, lang=lang)
given = mb()
for lang, text in drafts:
    coach.check(text)
print(loaded, given, mb())
"""


def peak_rss(drafts: list[tuple[str, str]]) -> list[int]:
    """Peak RSS (MB) of a fresh process: packs loaded, corpus with language given, with detection."""
    out = subprocess.run(
        [sys.executable, "-c", _RSS_CHILD], input=json.dumps(drafts), capture_output=True, text=True, check=True
    )
    return [int(x) for x in out.stdout.split()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drafts", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--passes", type=int, default=3)
    args = ap.parse_args()
    drafts = corpus(args.drafts, args.seed)
    clean_share = sum(not replycoach.check(t, lang=lang).findings for lang, t in drafts[:1000]) / min(1000, len(drafts))
    n = len(drafts)
    floor = floor_pattern()
    for lang, text in drafts:  # warm: every pack, engine and detector loaded
        replycoach.check(text, lang=lang)
        replycoach.detect_language(text)

    print(f"corpus: {n} drafts, 5-60 words, bg/el/en/lv/zh, {clean_share:.0%} clean (sample of 1000); one core")
    print(f"{'':<40}{'drafts/s':>11}{'p50 ms':>9}{'p99 ms':>9}")
    passes = args.passes
    given_total, given_lat = timed(lambda d: replycoach.check(d[1], lang=d[0]), drafts, passes)
    print(row("check(), language given", given_total, given_lat, n))
    det_total, det_lat = timed(lambda d: replycoach.check(d[1]), drafts, passes)
    print(row("check(), language detected", det_total, det_lat, n))
    only_total, only_lat = timed(lambda d: replycoach.detect_language(d[1]), drafts, passes)
    print(row("detection alone", only_total, only_lat, n))
    n_literals = len(floor.pattern.split("|"))
    floor_total, floor_lat = timed(lambda d: floor.search(fold(d[1], True)), drafts, passes)
    print(row(f"floor: one regex, {n_literals} literals", floor_total, floor_lat, n))
    automaton = floor_automaton(floor.pattern)
    ac_total, ac_lat = timed(lambda d: next(automaton.iter(fold(d[1], True)), None), drafts, passes)
    print(row(f"floor: pyahocorasick, {n_literals} literals", ac_total, ac_lat, n))
    print(
        f"ratio check(language given) / floor: {given_total / floor_total:.1f}x the regex floor,"
        f" {given_total / ac_total:.1f}x the automaton floor"
    )

    py = process_median([sys.executable, "-c", "pass"])
    cli = [sys.executable, "-m", "replycoach"]
    help_t = process_median([*cli, "--help"])
    langs_t = process_median([*cli, "langs"])
    check_t = process_median([*cli, "check"], stdin="You owe us €75 for March.")
    print(
        f"process: python -c pass {py:.3f}s | replycoach --help {help_t:.3f}s | langs {langs_t:.3f}s"
        f" | check (one draft) {check_t:.3f}s (medians of 5)"
    )
    loaded, given, detected = peak_rss(drafts)
    print(
        f"peak RSS of a fresh process: all five packs loaded (spaCy pipelines built) {loaded} MB"
        f" | after the corpus, language given {given} MB | after the corpus with detection {detected} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
