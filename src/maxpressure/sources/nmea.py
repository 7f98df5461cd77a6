"""Raw NMEA 0183 AIS (!AIVDM/!AIVDO) decoded through pyais, with every failure counted.

pyais' own streams skip bad sentences quietly; an analyst needs to know how much of a feed was
unreadable, so sentences are parsed one by one here and multi-part messages assembled by hand:

- NMEA 4.0 tag blocks (``\\s:station,c:unix-time*hh\\``) give the receive time, and so does a
  Gatehouse wrapper (``$PGHP,1,<year>,<month>,<day>,<h>,<m>,<s>,<ms>,...``) for the sentence right
  after it; a sentence with neither has no time and its position is counted under
  ``invalid_time`` (AIS position reports carry only the UTC second);
- multi-part static messages (type 5) are assembled by (sequence id, channel, fragment count);
  orphan fragments and parts never completed are counted;
- positions come from types 1, 2, 3 (class A), 18, 19 (class B) and 27 (long range);
  identities from types 5, 19 and 24.
"""

from __future__ import annotations

from datetime import timezone
from pathlib import Path

import pyarrow as pa
from pyais.exceptions import AISBaseException
from pyais.messages import GatehouseSentence, NMEAMessage, NMEASentenceFactory

from maxpressure.errors import InputError

POSITION_TYPES = frozenset({1, 2, 3, 18, 19, 27})
STATIC_TYPES = frozenset({5, 19, 24})
COLUMNS = ("src", "row_no", "static_only", "mmsi", "time", "lat", "lon", "sog", "cog", "heading",
           "name", "imo", "callsign", "flag", "vessel_type")


def _text(value: object) -> str | None:
    if value is None:
        return None
    if hasattr(value, "value"):  # pyais enums (ship type)
        value = value.value
    return str(value)


def _receive_time(sentence: object) -> str | None:
    block = getattr(sentence, "tag_block", None)
    if block is None:
        return None
    try:
        block.init()
    except (AISBaseException, ValueError):
        return None
    stamp = block.receiver_timestamp
    if not stamp:
        return None
    seconds = int(stamp)
    # Some receivers write milliseconds in the c: field.
    return str(seconds // 1000 if seconds > 10**11 else seconds)


def _gatehouse_time(sentence: GatehouseSentence) -> str | None:
    """Epoch seconds of a Gatehouse wrapper's receive time (written in UTC), or None if unreadable."""
    try:
        stamp = sentence.timestamp
    except (AISBaseException, ValueError, IndexError, TypeError):
        return None
    return str(int(stamp.replace(tzinfo=timezone.utc).timestamp()))


def decode_file(path: Path, src: int, report) -> pa.Table:
    """Rows in the canonical AIS columns (all text), one per position or identity message."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc}") from exc
    rows: dict[str, list] = {c: [] for c in COLUMNS}
    pending: dict[tuple, list] = {}
    counts = {"nmea_lines": 0, "nmea_blank_lines": 0, "nmea_malformed": 0, "nmea_bad_checksum": 0,
              "nmea_orphan_fragments": 0, "nmea_incomplete_multipart": 0, "nmea_decode_failed": 0,
              "nmea_messages": 0, "nmea_other_types": 0, "nmea_gatehouse_times": 0}
    wrapper_time: str | None = None  # a $PGHP receive time waiting for its sentence

    def emit(line_no: int, message: object, time: str | None) -> None:
        try:
            decoded = message.decode()
        except (AISBaseException, ValueError, IndexError, TypeError):
            counts["nmea_decode_failed"] += 1
            return
        counts["nmea_messages"] += 1
        fields = decoded.asdict()
        kind = fields.get("msg_type")
        is_position = kind in POSITION_TYPES
        is_static = kind in STATIC_TYPES
        if not (is_position or is_static):
            counts["nmea_other_types"] += 1
            return
        rows["src"].append(src)
        rows["row_no"].append(line_no)
        rows["static_only"].append(not is_position)
        rows["mmsi"].append(_text(fields.get("mmsi")))
        rows["time"].append(time)
        for column, key in (("lat", "lat"), ("lon", "lon"), ("sog", "speed"), ("cog", "course"),
                            ("heading", "heading")):
            rows[column].append(_text(fields.get(key)) if is_position else None)
        rows["name"].append(_text(fields.get("shipname")) or None)
        rows["imo"].append(_text(fields.get("imo")))
        rows["callsign"].append(_text(fields.get("callsign")) or None)
        rows["flag"].append(None)
        rows["vessel_type"].append(_text(fields.get("ship_type")))

    for line_no, line in enumerate(raw.splitlines(), start=1):
        counts["nmea_lines"] += 1
        line = line.strip()
        if not line:
            counts["nmea_blank_lines"] += 1
            continue
        try:
            sentence = NMEASentenceFactory.produce(line)
        except (AISBaseException, ValueError, IndexError, UnicodeDecodeError):
            counts["nmea_malformed"] += 1
            continue
        if isinstance(sentence, GatehouseSentence):
            wrapper_time = _gatehouse_time(sentence)
            counts["nmea_gatehouse_times"] += wrapper_time is not None
            continue
        if not isinstance(sentence, NMEAMessage):
            counts["nmea_other_types"] += 1
            continue
        time, wrapper_time = _receive_time(sentence) or wrapper_time, None
        if not sentence.is_valid:
            counts["nmea_bad_checksum"] += 1
            continue
        if sentence.is_single:
            emit(line_no, sentence, time)
            continue
        slot = (sentence.seq_id, sentence.channel, sentence.talker_id, sentence.frag_cnt)
        if sentence.frag_num == 1:
            if slot in pending:
                counts["nmea_incomplete_multipart"] += 1
            pending[slot] = [line_no, time, sentence]
        elif slot in pending and len(pending[slot]) - 2 == sentence.frag_num - 1:
            pending[slot].append(sentence)
        else:
            counts["nmea_orphan_fragments"] += 1
            continue
        parts = pending[slot][2:]
        if len(parts) == sentence.frag_cnt:
            first_line, first_time, *_ = pending.pop(slot)
            try:
                message = NMEAMessage.assemble_from_iterable(parts)
            except (AISBaseException, ValueError):
                counts["nmea_decode_failed"] += 1
                continue
            emit(first_line, message, first_time or time)
    counts["nmea_incomplete_multipart"] += len(pending)
    for key, value in counts.items():
        report.add(key, value)
    return pa.table({c: pa.array(v, type=pa.bool_() if c == "static_only" else
                                 pa.int64() if c in ("src", "row_no") else pa.string())
                     for c, v in rows.items()})
