"""Sphinx configuration for lapvo_cchc (MyST Markdown + furo)."""

from __future__ import annotations

import importlib.metadata

project = "lapvo_cchc"
author = "lapvo_cchc founders"
copyright = "2026, lapvo_cchc founders"
release = importlib.metadata.version("lapvo-cchc")
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build"]
language = "en"

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# Attributes render as fields of their class: NamedTuple fields would otherwise be
# described twice (once by the docstring, once by autodoc).
napoleon_use_ivar = True

# No intersphinx: the build must not touch the network.

html_theme = "furo"
html_title = "lapvo_cchc"
