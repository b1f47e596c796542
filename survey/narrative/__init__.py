"""Kesimpulan and Saran drafted from the scores (pure Python: no Flask, no database)."""
