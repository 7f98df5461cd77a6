"""The flag an MMSI claims, from its Maritime Identification Digits (ITU MID table, partial).

Only the MIDs of the flags seen in the DPRK trade and the common open registers are listed; an
unknown MID gives no flag rather than a guess. MID 445 is the DPRK.
"""

from __future__ import annotations

DPRK_MID = "445"

MID_FLAGS: dict[str, str] = {
    "445": "KP", "440": "KR", "441": "KR", "431": "JP", "432": "JP", "412": "CN", "413": "CN",
    "414": "CN", "416": "TW", "477": "HK", "453": "MO", "273": "RU", "457": "MN", "574": "VN",
    "525": "ID", "533": "MY", "563": "SG", "564": "SG", "565": "SG", "566": "SG", "548": "PH",
    "514": "KH", "515": "KH", "506": "MM", "567": "TH", "511": "PW", "576": "VU", "577": "VU",
    "572": "TV", "620": "KM", "621": "DJ", "667": "SL", "631": "GQ", "325": "DM", "312": "BZ",
    "341": "KN", "375": "VC", "376": "VC", "377": "VC", "378": "VG", "379": "VI", "351": "PA",
    "352": "PA", "353": "PA", "354": "PA", "355": "PA", "356": "PA", "357": "PA", "370": "PA",
    "371": "PA", "372": "PA", "373": "PA", "374": "PA", "636": "LR", "637": "LR", "538": "MH",
    "518": "CK", "613": "CM", "677": "TZ", "671": "TG", "455": "MV", "470": "AE", "471": "AE",
    "422": "IR", "468": "SY", "366": "US", "367": "US", "368": "US", "369": "US", "338": "US",
    "303": "US", "232": "GB", "233": "GB", "234": "GB", "235": "GB", "211": "DE", "218": "DE",
    "219": "DK", "220": "DK", "226": "FR", "227": "FR", "228": "FR", "244": "NL", "245": "NL",
    "246": "NL", "247": "IT", "248": "MT", "249": "MT", "256": "MT", "209": "CY", "210": "CY",
    "212": "CY", "237": "GR", "239": "GR", "240": "GR", "241": "GR", "257": "NO", "258": "NO",
    "259": "NO", "265": "SE", "266": "SE", "271": "TR", "205": "BE", "224": "ES", "225": "ES",
    "255": "PT", "263": "PT", "308": "BS", "309": "BS", "311": "BS", "310": "BM", "319": "KY",
    "316": "CA", "503": "AU", "512": "NZ", "419": "IN", "403": "SA",
}


def flag_of(mmsi: str | None) -> str | None:
    """ISO country code of the flag a ship's MMSI claims (9 digits, MID first), or None."""
    if not mmsi or len(mmsi) != 9 or not mmsi.isdigit():
        return None
    return MID_FLAGS.get(mmsi[:3])


def is_dprk_mmsi(mmsi: str | None) -> bool:
    return bool(mmsi) and len(mmsi) == 9 and mmsi.startswith(DPRK_MID)
