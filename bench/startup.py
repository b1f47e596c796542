"""Start-up cost of the command line: `flask --app wsgi study list`, run N times.

    python -m bench.startup [--runs 5] [--database-url sqlite:////tmp/startup.sqlite3] [-- other command]

Prints every wall time, the median and the minimum (issue 14: median ≤ 0.8 s), the CPU time
of the command (user+sys, steadier than wall time when other work shares the cores), and which heavy
packages the app imports at creation (none of pandas, numpy, scipy, WeasyPrint, pyreadstat,
Alembic should be among them). The database is migrated and the command run once before the
timed runs.
"""
from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pandas", "numpy", "scipy", "weasyprint", "pyreadstat", "alembic", "flask_migrate",
         "openpyxl", "docx", "jsonschema", "rq", "redis")
TARGET_S = 0.8


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default=None,
                        help="default: a fresh SQLite file in a temporary directory")
    parser.add_argument("command", nargs="*", default=["study", "list"])
    args = parser.parse_args(argv)

    flask = str(Path(sys.executable).with_name("flask"))
    env = dict(os.environ, SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_hex(32))
    with tempfile.TemporaryDirectory(prefix="survey-startup-") as tmp:
        env["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/startup.sqlite3"
        # Compiled bytecode as an installed app has it (PYTHONDONTWRITEBYTECODE would recompile
        # the app's own modules on every start), kept out of the source tree.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.setdefault("PYTHONPYCACHEPREFIX", f"{tmp}/pycache")
        subprocess.run([flask, "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([flask, "--app", "wsgi", *args.command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)  # warm-up, not timed
        times, cpus = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            proc = subprocess.Popen([flask, "--app", "wsgi", *args.command], cwd=ROOT, env=env,
                                    stdout=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
            times.append(time.perf_counter() - start)
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode:
                raise SystemExit(f"the command failed with status {proc.returncode}")
            cpus.append(usage.ru_utime + usage.ru_stime)
        probe = ("import sys, wsgi; heavy = %r; print(' '.join(h for h in heavy if h in sys.modules) or '-')"
                 % (HEAVY,))
        loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, check=True,
                                capture_output=True, text=True).stdout.strip()
    median = statistics.median(times)
    print(f"flask --app wsgi {' '.join(args.command)}: runs {', '.join(f'{t:.3f}' for t in times)} s")
    print(f"median {median:.3f} s, min {min(times):.3f} s (target ≤ {TARGET_S} s: "
          f"{'ok' if median <= TARGET_S else 'over'})")
    print(f"CPU (user+sys) median {statistics.median(cpus):.3f} s, min {min(cpus):.3f} s "
          "(on a busy machine the CPU time is the steadier figure)")
    print(f"heavy packages imported by create_app: {loaded}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
