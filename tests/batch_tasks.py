"""Batch tasks for tests/test_hardening.py, importable by batch worker processes."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from generator.batch import Job, Outcome, run_job


def killing_task(job: Job) -> Outcome:
    """Renders like ``ecplan batch``, except that a file named ``killer*`` kills its worker (as the system's
    out-of-memory killer would), every time it is tried."""
    if Path(job.source).name.startswith("killer"):
        time.sleep(0.3)  # the other worker holds a file meanwhile
        os.kill(os.getpid(), signal.SIGKILL)
    return run_job(job)
