"""The data the library hands back: findings, detections and reports."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

CATEGORIES: tuple[str, ...] = (
    "debt",
    "availability",
    "blame",
    "refusal",
    "dismissive",
    "overpromise",
    "vague-commitment",
    "command",
    "register",
)

SEVERITIES: tuple[str, ...] = ("suggestion", "warning", "error")


def severity_rank(severity: str) -> int:
    """0 for "suggestion", 1 for "warning", 2 for "error"."""
    try:
        return SEVERITIES.index(severity)
    except ValueError:
        raise ValueError(f"unknown severity {severity!r}; expected one of {', '.join(SEVERITIES)}") from None


@dataclass(frozen=True)
class Detection:
    """What language a draft is in and whether replycoach has a pack for it."""

    lang: str
    supported: bool
    confidence: float
    method: str = "script"  # "script", "statistical", "forced" or "none"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Finding:
    """One phrase that will land badly, with where it is and what to say instead."""

    rule_id: str
    category: str
    severity: str
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Report:
    """Everything `check` found in one draft."""

    text: str
    language: str
    supported: bool
    detection: Detection
    findings: list[Finding] = field(default_factory=list)
    rewrite: str = ""
    notice: str | None = None

    def worst_severity(self) -> str | None:
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=severity_rank)

    def fails(self, fail_on: str = "warning") -> bool:
        """True when any finding is at or above `fail_on`."""
        threshold = severity_rank(fail_on)
        return any(severity_rank(f.severity) >= threshold for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "supported": self.supported,
            "detection": self.detection.to_dict(),
            "notice": self.notice,
            "findings": [f.to_dict() for f in self.findings],
            "rewrite": self.rewrite,
            "text": self.text,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
