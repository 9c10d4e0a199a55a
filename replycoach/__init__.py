"""replycoach: coach customer-service replies before they are sent.

import replycoach
report = replycoach.check("You owe us €75 for March.")
report.findings, report.rewrite, report.to_dict()
"""

from .engine import MAX_DRAFT_CHARS, check, detect_language, fix, supported_languages
from .errors import DraftTooLargeError, PackError, ReplycoachError, UnknownLanguageError
from .model import CATEGORIES, SEVERITIES, Detection, Finding, Report

__version__ = "0.1.0"

__all__ = [
    "CATEGORIES",
    "MAX_DRAFT_CHARS",
    "SEVERITIES",
    "Detection",
    "DraftTooLargeError",
    "Finding",
    "PackError",
    "Report",
    "ReplycoachError",
    "UnknownLanguageError",
    "check",
    "detect_language",
    "fix",
    "supported_languages",
]
