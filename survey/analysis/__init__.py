"""Analysis: the DB -> pandas bridge (frames.py), `study scores`, and the results page."""
