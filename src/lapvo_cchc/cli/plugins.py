"""``lapvo-cchc plugins``: every extension by kind, name and origin, and the broken plugins."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from lapvo_cchc.cli._common import plugin_registry

if TYPE_CHECKING:
    import argparse

__all__ = ["register"]


def run(args: argparse.Namespace) -> int:
    """List the extensions (each one loaded, so a failing plugin shows as broken); exit 0."""
    registry = plugin_registry(args)
    if args.kind is None:
        broken = registry.check()
        extensions = registry.extensions()
    else:
        from lapvo_cchc.plugins import Kind, PluginError

        kind = Kind(args.kind)
        for name in registry.names(kind):
            try:
                registry.get(kind, name)
            except PluginError:
                continue
        extensions = registry.extensions(kind)
        broken = tuple(b for b in registry.broken if b.name.startswith(f"{kind.value}."))
    out = sys.stdout
    if args.format == "json":
        document = {
            "extensions": [
                {"kind": e.kind.value, "name": e.name, "origin": e.origin, "target": e.target}
                for e in extensions
            ],
            "broken": [
                {"name": b.name, "origin": b.origin, "target": b.target, "error": b.error}
                for b in broken
            ],
        }
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return 0
    rows = [("KIND", "NAME", "FROM", "TARGET")]
    rows += [(e.kind.value, e.name, e.origin, e.target) for e in extensions]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        out.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)))
        out.write(f"  {row[3]}\n")
    if broken:
        out.write(f"\n{len(broken)} broken plugin(s), left out:\n")
        for b in broken:
            out.write(f"  {b}\n")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``plugins`` command to the sub-parsers *sub*.

    Example:
        >>> import argparse
        >>> parser = argparse.ArgumentParser()
        >>> register(parser.add_subparsers())
        >>> parser.parse_args(["plugins", "--kind", "calendar"]).kind
        'calendar'
    """
    from lapvo_cchc.plugins import Kind

    cmd = sub.add_parser(
        "plugins",
        help="list the extensions (built-in and installed plugins) and the broken ones",
        description="List every extension by kind, name and the package it comes from "
        "(lapvo-cchc for the built-ins), then the plugins that failed to load with their "
        "error. Plugins are declared in the entry-point group lapvo_cchc.plugins "
        "(see docs/plugins.md). Exit status 0 even when a plugin is broken.",
    )
    cmd.add_argument("--kind", choices=[k.value for k in Kind], help="only this kind")
    cmd.add_argument("--format", choices=["text", "json"], default="text")
    cmd.set_defaults(func=run)
