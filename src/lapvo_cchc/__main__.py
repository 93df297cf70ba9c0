"""``python -m lapvo_cchc`` runs the ``lapvo-cchc`` command."""

from __future__ import annotations

from lapvo_cchc.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
