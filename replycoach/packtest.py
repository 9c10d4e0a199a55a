"""Running a pack's examples: `replycoach test-pack DIR` and the test suite use this."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .coach import Coach
from .config import Config
from .entities import lost_entities
from .packs import Example, Rule, available_languages


@dataclass(frozen=True)
class ExampleFailure:
    rule_id: str
    file: str
    line: int | None
    example: str
    problems: tuple[str, ...]

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.rule_id}: {self.example!r}\n" + "\n".join(f"    {p}" for p in self.problems)


def example_problems(coach: Coach, lang: str, rule: Rule, ex: Example) -> list[str]:
    """What is wrong with one example (empty when it behaves)."""
    problems: list[str] = []
    if ex.bad is not None:
        report = coach.check(ex.bad, lang=lang)
        fired = [f.rule_id for f in report.findings]
        if rule.id not in fired:
            problems.append(f"expected {rule.id} to fire; fired: {fired or 'nothing'}")
        if report.rewrite != ex.good:
            problems.append(f"rewrite {report.rewrite!r}, expected {ex.good!r}")
        lost = lost_entities(ex.bad, report.rewrite)
        if lost:
            problems.append(f"the rewrite lost {[e.text for e in lost]}")
        after = coach.check(ex.good, lang=lang)
        if after.findings:
            problems.append(f"the good rewrite is not clean: {[(f.rule_id, f.text) for f in after.findings]}")
        detected = coach.detect_language(ex.bad).lang
        if detected != lang:
            problems.append(f"detected as {detected!r}, not {lang!r}")
    else:
        report = coach.check(ex.clean, lang=lang)
        if report.findings:
            problems.append(f"clean look-alike got findings: {[(f.rule_id, f.text) for f in report.findings]}")
    return problems


def test_pack_dir(folder: Path) -> tuple[int, list[ExampleFailure]]:
    """Validate the pack(s) in `folder` (as an extra pack over the built-in
    ones) and run the examples of its own rules. Returns (examples run, failures).
    Raises PackError for a malformed pack."""
    coach = Coach(Config(packs=[folder.resolve()], source=str(folder)), check_examples=False)
    own = {str(p.resolve()) for p in (folder / "rules").glob("*.yaml")}
    run, failures = 0, []
    for lang in available_languages(folder.resolve()):
        coach.engine(lang).prepare()  # compiles token patterns too; examples are run (and reported) below
        for rule in coach.pack(lang).rules:
            if str(Path(rule.file).resolve()) not in own:
                continue
            for ex in rule.examples:
                run += 1
                problems = example_problems(coach, lang, rule, ex)
                if problems:
                    failures.append(
                        ExampleFailure(rule.id, rule.file, ex.line, ex.bad or ex.clean or "", tuple(problems))
                    )
    return run, failures


test_pack_dir.__test__ = False  # not a pytest test, despite its name
