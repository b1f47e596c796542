"""Entry point: `flask --app wsgi ...` and `gunicorn wsgi:app`."""
import gc

from survey import create_app

app = create_app()

# Everything created so far (modules, classes, the app) lives as long as the process. Moving it
# to the collector's permanent generation spares every later full collection, and the ones the
# interpreter runs when it exits, from walking it again: about a quarter of a short command's
# run (`study list`) was those exit collections. It is also what the gc docs advise before a
# server forks its workers. Next to nothing is pinned: a collection at this
# point finds no garbage to free (tests/test_config.py checks both).
gc.freeze()
