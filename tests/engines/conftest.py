"""The engines' tests share tests/_pg.py (a real PostgreSQL server) with the SQL adapter tests."""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
