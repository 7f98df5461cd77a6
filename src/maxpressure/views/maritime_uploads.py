"""The analyst's own AIS file through the maritime detectors, in the background, with progress.

A surface hands over the file's name and bytes; `Uploads.start` writes them to a private
temporary folder, runs detection (the same `maritime detect` pipeline) in a thread and returns
the job at once. The job reports its stage (the detector stages, then the tracks for the map) until
it holds the map's data or a one-line error that names the uploaded file, never the temporary
path. The folder is removed when the job ends: the server keeps no copy of the analyst's file.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from maxpressure.errors import InputError
from maxpressure.maritime.pipeline import STAGES

# Detection holds a whole file in DuckDB on the server's two cores: more at once only queue.
MAX_RUNNING = 2
# Finished jobs kept for their pages to fetch; the oldest go first.
KEEP_FINISHED = 20
DRAW_STAGE = "tracks for the map"
STEPS = (*STAGES, DRAW_STAGE)
# The suffixes the AIS readers look at (compression, Parquet); anything else in a name is dropped.
KNOWN_SUFFIXES = {".csv", ".tsv", ".txt", ".gz", ".nmea", ".nm4", ".ais", ".log", ".parquet"}

# run(paths, source, progress) -> the map's data for those files (views.maritime.maritime_from_files).
Runner = Callable[[list[Path], str, Callable[[str], None]], dict]


class Busy(Exception):
    """As many uploads are being processed as the server runs at once."""


@dataclass
class UploadJob:
    id: str
    file: str
    size: int
    started: float = field(default_factory=time.time)
    stage: str = "queued"
    finished: float | None = None
    error: str | None = None
    result: dict | None = None

    @property
    def state(self) -> str:
        return "failed" if self.error else ("ready" if self.result is not None else "running")

    def advance(self, stage: str) -> None:
        self.stage = stage

    def to_json(self, with_result: bool = True) -> dict[str, Any]:
        step = STEPS.index(self.stage) if self.stage in STEPS else 0
        done = self.state == "ready"
        out = {"job": self.id, "file": self.file, "bytes": self.size, "state": self.state,
               "stage": "done" if done else self.stage, "step": len(STEPS) if done else step,
               "steps": len(STEPS), "progress": 1.0 if done else round(step / len(STEPS), 3),
               "seconds": round((self.finished or time.time()) - self.started, 1), "error": self.error}
        if with_result and done:
            out["result"] = self.result
        return out


def display_name(filename: str | None) -> str:
    """The uploaded file's own name, for messages: no folders, no control characters."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()
    return name[:120] or "upload"


def safe_suffix(filename: str) -> str:
    """`.csv.gz` of `track.csv.gz`: the suffixes the readers need, and only known ones."""
    suffixes = [s.lower() for s in Path(display_name(filename)).suffixes]
    return "".join(s for s in suffixes[-2:] if s in KNOWN_SUFFIXES)


def one_line_error(exc: Exception, temporary: Path, name: str) -> str:
    """The error in one line, naming the uploaded file (and its line) instead of the temp path."""
    if isinstance(exc, InputError):
        where = name if exc.line is None else f"{name}:{exc.line}"
        message = exc.message.replace(str(temporary), name)
    else:
        where, message = name, f"cannot read AIS: {type(exc).__name__}: {exc}"
    message = " ".join(message.replace(str(temporary), name).split())
    return f"{where}: {message[:400]}"


class Uploads:
    def __init__(self, run: Runner):
        self.run = run
        self._jobs: dict[str, UploadJob] = {}
        self._lock = threading.Lock()

    def running(self) -> int:
        return sum(1 for job in self._jobs.values() if job.state == "running")

    def start(self, filename: str | None, body: bytes) -> UploadJob:
        name = display_name(filename)
        with self._lock:
            if self.running() >= MAX_RUNNING:
                raise Busy(f"{MAX_RUNNING} AIS files are being processed; send {name} again when one is done")
            job = UploadJob(secrets.token_urlsafe(12), name, len(body))
            self._jobs[job.id] = job
            self._forget_old()
        folder = Path(tempfile.mkdtemp(prefix="mp-ais-upload-"))
        path = folder / ("upload" + (safe_suffix(name) or ".csv"))
        path.write_bytes(body)
        threading.Thread(target=self._detect, args=(job, path), name=f"mp-ais-{job.id}", daemon=True).start()
        return job

    def get(self, job_id: str) -> UploadJob | None:
        return self._jobs.get(job_id)

    def _detect(self, job: UploadJob, path: Path) -> None:
        source = (f"Your AIS file {job.file} ({job.size:,} bytes), run through the maritime detectors "
                  "on this machine with the store's designated vessels.")
        try:
            result = self.run([path], source, job.advance)
            job.result = result | {"simulated": False, "file": job.file}
        except Exception as exc:  # noqa: BLE001 - the job reports it; the page shows it
            job.error = one_line_error(exc, path, job.file)
        finally:
            job.finished = time.time()
            shutil.rmtree(path.parent, ignore_errors=True)

    def _forget_old(self) -> None:
        finished = sorted((j for j in self._jobs.values() if j.finished), key=lambda j: j.finished)
        for job in finished[:max(0, len(finished) - KEEP_FINISHED)]:
            del self._jobs[job.id]
