"""The map page's upload: the analyst's own AIS file through `maritime detect`, as a background job.

`POST /api/maritime/uploads` takes the file (multipart, field `file`) and answers 202 with the
job and the address to poll; `GET /api/maritime/uploads/{job}` reports its stage and progress
and, once ready, the map's data (events, tracks, vessels). Writes are guarded like every other
(web/security.py: the token when one is set, same-origin only); the size is checked before the
file is read whole.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, UploadFile
from fastapi.responses import JSONResponse

from maxpressure.views.maritime import maritime_from_files
from maxpressure.views.maritime_uploads import Busy, Uploads, display_name

router = APIRouter(tags=["workbench"])

# AIS files are larger than the screening page's name lists (5 MB); detection of one this size
# takes seconds to a minute on two cores. Larger files belong to `maxpressure maritime detect`.
MAX_AIS_UPLOAD_BYTES = 25 * 1024 * 1024
# The multipart envelope around the file: headers, boundary, field name.
ENVELOPE_BYTES = 64 * 1024


def uploads(request: Request) -> Uploads:
    """One registry per app: jobs outlive the workbench a store switch replaces."""
    state = request.app.state
    if getattr(state, "maritime_uploads", None) is None:
        state.maritime_uploads = Uploads(
            lambda paths, source, progress: maritime_from_files(state.workbench, paths, source, progress))
    return state.maritime_uploads


def too_large(name: str) -> HTTPException:
    return HTTPException(413, f"{name} is larger than the {MAX_AIS_UPLOAD_BYTES // (1024 * 1024)} MB upload limit "
                              f"for AIS files; run `maxpressure maritime detect {name} --output events.jsonl` "
                              "on the command line instead")


# The declared size is checked first, so the refusal can name the file; `max_body_size` stops a
# body that declares no size (or lies about it) while it is being read.
@router.post("/api/maritime/uploads", status_code=202, max_body_size=MAX_AIS_UPLOAD_BYTES + ENVELOPE_BYTES,
             summary="Detect events in an AIS file (CSV, NMEA or Parquet) in the background")
async def start_upload(request: Request, file: UploadFile) -> JSONResponse:
    name = display_name(file.filename)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_AIS_UPLOAD_BYTES + ENVELOPE_BYTES:
        raise too_large(name)
    body = await file.read(MAX_AIS_UPLOAD_BYTES + 1)
    if len(body) > MAX_AIS_UPLOAD_BYTES:
        raise too_large(name)
    if not body.strip():
        raise HTTPException(422, f"{name}: file is empty")
    try:
        job = uploads(request).start(name, body)
    except Busy as exc:
        raise HTTPException(429, str(exc), headers={"Retry-After": "10"}) from None
    status_url = f"/api/maritime/uploads/{job.id}"
    return JSONResponse(job.to_json() | {"status_url": status_url}, status_code=202,
                        headers={"Location": status_url})


@router.get("/api/maritime/uploads/{job_id}", summary="An upload's stage and progress; its events once ready")
def upload_status(request: Request, job_id: str) -> dict[str, Any]:
    job = uploads(request).get(job_id)
    if job is None:
        raise HTTPException(404, f"no upload job {job_id!r}: the server keeps the last jobs until it restarts")
    return job.to_json()
