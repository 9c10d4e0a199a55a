"""YAML loading that remembers line numbers and refuses duplicate keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import PackError


class LineDict(dict):
    """A mapping read from YAML; `.line` is its 1-based line in the file."""

    line: int | None = None


# libyaml's loader when PyYAML has it (several times faster), else the pure-Python one;
# both keep node marks, so errors still name the line.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path, display: str | None = None) -> Any:
    """Parse `path`; any problem becomes a one-line PackError naming file and line."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PackError(name, f"cannot read file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackError(name, f"not UTF-8 (byte {exc.start})") from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(str(exc.problem or exc.context or "syntax error").split())
        raise PackError(name, f"YAML error: {problem}", line=line) from None
    except yaml.YAMLError as exc:
        raise PackError(name, f"YAML error: {' '.join(str(exc).split())}") from None
