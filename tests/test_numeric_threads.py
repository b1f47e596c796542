"""numpy's BLAS runs one thread per process once the app's package is imported (survey/__init__.py):
web workers already share the cores, and spinning BLAS threads made scores many times slower."""
import subprocess
import sys


def test_blas_uses_one_thread_after_importing_survey():
    code = ("import os; [os.environ.pop(v, None) for v in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS')]\n"
            "import survey, numpy, threadpoolctl\n"
            "print(sorted({pool['num_threads'] for pool in threadpoolctl.threadpool_info()}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[1]"
