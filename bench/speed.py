"""Speed and memory benchmark (prints figures; not a test).

    .venv/bin/python bench/speed.py [--drafts 5000] [--seed 7]

Corpus: generated from the packs' examples and the eval cases — at least 5,000
drafts of 5–60 words in bg, el, en, lv, zh, about 70 % clean. Prints, on one
core: drafts/s and p50/p99 latency of `replycoach.check` with the language
given and with detection, and of detection alone; the same drafts through a
floor (one compiled regular expression over all phrase literals of the packs);
cold start of `replycoach check` as a process next to `python -c pass`;
`replycoach --help` and `replycoach langs`; peak RSS after running the whole corpus (every pack and detector in use).
"""

from __future__ import annotations

import argparse
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


def timed(fn, items) -> tuple[float, list[float]]:
    lat = []
    t0 = time.perf_counter()
    for item in items:
        s = time.perf_counter()
        fn(item)
        lat.append(time.perf_counter() - s)
    return time.perf_counter() - t0, lat


def row(name: str, total: float, lat: list[float], n: int) -> str:
    q = sorted(lat)
    p50, p99 = q[len(q) // 2] * 1000, q[min(len(q) - 1, int(0.99 * len(q)))] * 1000
    return f"{name:<34}{n / total:>11,.0f}{p50:>9.3f}{p99:>9.3f}"


def process_median(cmd: list[str], stdin: str = "", runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, input=stdin, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drafts", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    drafts = corpus(args.drafts, args.seed)
    clean_share = sum(not replycoach.check(t, lang=lang).findings for lang, t in drafts[:1000]) / min(1000, len(drafts))
    n = len(drafts)
    floor = floor_pattern()
    for lang, text in drafts:  # warm: every pack, engine and detector loaded
        replycoach.check(text, lang=lang)
        replycoach.detect_language(text)

    print(f"corpus: {n} drafts, 5-60 words, bg/el/en/lv/zh, {clean_share:.0%} clean (sample of 1000); one core")
    print(f"{'':<34}{'drafts/s':>11}{'p50 ms':>9}{'p99 ms':>9}")
    given_total, given_lat = timed(lambda d: replycoach.check(d[1], lang=d[0]), drafts)
    print(row("check(), language given", given_total, given_lat, n))
    det_total, det_lat = timed(lambda d: replycoach.check(d[1]), drafts)
    print(row("check(), language detected", det_total, det_lat, n))
    only_total, only_lat = timed(lambda d: replycoach.detect_language(d[1]), drafts)
    print(row("detection alone", only_total, only_lat, n))
    floor_total, floor_lat = timed(lambda d: floor.search(fold(d[1], True)), drafts)
    print(row(f"floor: one regex, {len(floor.pattern.split('|'))} literals", floor_total, floor_lat, n))
    print(f"ratio check(language given) / floor: {given_total / floor_total:.1f}x")

    py = process_median([sys.executable, "-c", "pass"])
    cli = [sys.executable, "-m", "replycoach"]
    help_t = process_median([*cli, "--help"])
    langs_t = process_median([*cli, "langs"])
    check_t = process_median([*cli, "check"], stdin="You owe us €75 for March.")
    print(
        f"process: python -c pass {py:.3f}s | replycoach --help {help_t:.3f}s | langs {langs_t:.3f}s"
        f" | check (one draft) {check_t:.3f}s (medians of 5)"
    )
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"peak RSS of this process after all of the above (five packs, lemmas, both detectors in use): {rss} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
