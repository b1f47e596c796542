"""Entry point: `flask --app wsgi ...` and `gunicorn wsgi:app`."""
import gc

# Importing and building the app creates some 50,000 objects that live as long as the process,
# and little garbage (0.14 MB when gunicorn imports this first; tests/test_config.py checks
# it stays small: frozen garbage is never freed). Collections while the app is built would
# walk them in vain, and every full collection afterwards, the ones the interpreter runs at
# exit included, would walk them again: a quarter to a third of a short command such as
# `study list`. So the collector pauses while the app is built, and what was built moves to
# the permanent generation, which collections skip (as the gc docs advise before a server
# forks its workers).
gc.disable()
try:
    from survey import create_app

    app = create_app()
finally:
    gc.freeze()
    gc.enable()
