"""replycoach: coach customer-service replies before they are sent.

import replycoach
report = replycoach.check("You owe us €75 for March.")
report.findings, report.rewrite, report.to_dict()
"""

from .coach import Coach, check, detect_language, fix, supported_languages
from .config import Config, ConfigError
from .engine import MAX_DRAFT_CHARS
from .errors import DraftTooLargeError, PackError, ReplycoachError, UnknownLanguageError
from .model import CATEGORIES, SEVERITIES, Detection, Finding, Report

__version__ = "0.1.0"

__all__ = [
    "CATEGORIES",
    "Coach",
    "Config",
    "ConfigError",
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
