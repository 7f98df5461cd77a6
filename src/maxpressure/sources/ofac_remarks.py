"""What OFAC writes in free text (the `Remarks` of sdn.csv, `remarks` of sdn.xml), as typed data.

OFAC puts every identifier of an SDN entry into one remarks string: segments separated by `; `,
`alt. ` before a second value of the same kind. Each rule below is one named pattern and the FtM
property it fills; a segment no rule claims is kept in `notes`, never dropped.

Two identifiers need care:
- IMO numbers come in three forms and only `Vessel Registration Identification IMO nnnnnnn` is a
  ship's number (checked against the IMO check digit); `Company Number IMO` / `Identification
  Number IMO` are the owning or managing company's own IMO number. Nine shipping companies carry
  the vessel form although their number is a company one (it fails the ship check digit): on
  anything but a Vessel the number is kept as the company's own. FtM's `imoNumber` exists on
  Organization and Vessel alike, so a consumer must look at the schema (Vessel) to treat it as a
  ship.
- `Linked To: NAME` names another SDN entry by its SDN_Name. It is returned as a name here and
  turned into an UnknownLink by `link_entries`, once the whole list is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from followthemoney.proxy import EntityProxy

from maxpressure.model import Entry, make_entity, sub_entity_id
from maxpressure.sources.entities import add_entity

# Sinks that are not a property of the main entity.
PASSPORT = "@passport"
IDENTIFICATION = "@identification"
WALLET = "@wallet"
LINK = "@link"
NOTE = "notes"

_REGISTRATION_LABELS = (
    "Registration ID|Registration Number|Company Number|Business Registration Number|Business Number"
    "|Commercial Registry Number|Chamber of Commerce Number|Certificate of Incorporation Number"
    "|Company ID No\\.|Economic Register Number|Folio Mercantil No\\.|Matricula Mercantil No"
    "|C\\.R\\. No\\.|Government Gazette Number|Public Registration Number|Enterprise Number"
    "|Central Registration System Number|Istanbul Chamber of Comm\\. No\\."
)
_ID_LABELS = (
    "National ID No\\.|Identification Number|Cedula No\\.|D\\.N\\.I\\.|C\\.U\\.R\\.P\\.|Residency Number"
    "|Personal ID Card|National Foreign ID Number|Birth Certificate Number|Driver's License No\\."
    "|Kenyan ID No\\.|SSN|Stateless Person ID Card|Bosnian Personal ID No\\.|Refugee ID Card"
)
_TAX_LABELS = "Tax ID No\\.|NIT #|R\\.F\\.C\\.|RUC #|RFC|C\\.U\\.I\\.T\\.|VAT Number|V\\.A\\.T\\. Number|RIF #"


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of remark: its pattern (group `value`) and where the value goes."""

    name: str
    pattern: re.Pattern[str]
    sink: str


def _rule(name: str, pattern: str, sink: str) -> Rule:
    return Rule(name, re.compile(pattern + r"\Z", re.DOTALL), sink)


# Order matters: the specific IMO forms come before the generic registration and id numbers.
RULES: tuple[Rule, ...] = (
    _rule("vessel_imo", r"Vessel Registration Identification (?:IMO )?(?P<value>\d{7})(?: \([^)]*\))?", "imoNumber"),
    _rule("vessel_registration", r"Vessel Registration Identification (?P<value>.+)", "registrationNumber"),
    _rule("company_imo", r"(?:Company Number|Identification Number) IMO (?P<value>\d{7})", "imoNumber"),
    _rule("mmsi", r"MMSI (?P<value>\d{9})", "mmsi"),
    _rule("vessel_built", r"Vessel Year of Build (?P<value>\d{4})", "buildDate"),
    _rule("former_flag", r"Former Vessel Flag (?P<value>.+)", "pastFlags"),
    _rule("dob", r"DOB (?P<value>.+)", "birthDate"),
    _rule("pob", r"POB (?P<value>.+)", "birthPlace"),
    _rule("nationality", r"nationality (?P<value>.+)", "nationality"),
    _rule("citizen", r"citizen (?P<value>.+)", "citizenship"),
    _rule("registered_in", r"Nationality of Registration (?P<value>.+)", "jurisdiction"),
    _rule("gender", r"Gender (?P<value>Male|Female)", "gender"),
    _rule("passport", r"(?P<kind>(?:Diplomatic )?Passport) (?P<value>.+)", PASSPORT),
    _rule("tax_id", rf"(?P<kind>{_TAX_LABELS}) (?P<value>.+)", "taxNumber"),
    _rule("registration", rf"(?P<kind>{_REGISTRATION_LABELS}) (?P<value>.+)", "registrationNumber"),
    _rule("identification", rf"(?P<kind>{_ID_LABELS}) (?P<value>.+)", IDENTIFICATION),
    _rule("swift_bic", r"SWIFT/BIC (?P<value>\S+)", "swiftBic"),
    _rule("lei", r"Legal Entity Number (?P<value>\S+)", "leiCode"),
    _rule("duns", r"D-U-N-S Number (?P<value>\S+)", "dunsCode"),
    _rule("usc_code", r"Unified Social Credit Code \(USCC\) (?P<value>\S+)(?: \([^)]*\))?", "uscCode"),
    _rule("license", r"(?:Trade )?License(?: No\.)? (?P<value>.+)", "licenseNumber"),
    _rule("sector", r"Organization Type: (?P<value>.+)", "sector"),
    _rule("established", r"Organization Established Date (?P<value>.+)", "incorporationDate"),
    _rule("email", r"Email Address (?P<value>\S+)", "email"),
    _rule("website", r"Website (?P<value>\S+)", "website"),
    _rule("phone", r"(?:Phone Number|Telephone) (?P<value>.+)", "phone"),
    _rule("wallet", r"Digital Currency Address - (?P<kind>\w+) (?P<value>\S+)", WALLET),
    _rule("aircraft_model", r"Aircraft Model (?P<value>.+)", "model"),
    _rule("aircraft_built", r"Aircraft Manufacture Date (?P<value>.+)", "buildDate"),
    _rule("aircraft_serial", r"Aircraft Manufacturer's Serial Number \(MSN\) (?P<value>.+)", "serialNumber"),
    _rule("aircraft_tail", r"Aircraft Tail Number (?P<value>.+)", "registrationNumber"),
    _rule("linked_to_bracketed", r"\(Linked To: (?P<value>.+)\)", LINK),  # as sdn.xml writes it
    _rule("linked_to", r"Linked To: (?P<value>.+)", LINK),
    _rule("aka", r"[an]\.k\.a\. '(?P<value>.+)'", "alias"),
    _rule("fka", r"f\.k\.a\. '(?P<value>.+)'", "previousName"),
    _rule("secondary_sanctions", r"(?P<value>Secondary sanctions risk: .+)", NOTE),
)

DATE_PROPERTIES = frozenset({"birthDate", "buildDate", "incorporationDate"})

_OFAC_DATE = r"(?:\d{1,2} )?(?:[A-Z][a-z]{2} )?\d{4}"
# "Passport 109110001 (Korea, North) issued 20 Aug 2019 expires 05 Jan 2024"
_DOCUMENT = re.compile(
    r"(?P<number>[^\s(]+)(?: \((?P<country>[^)]*)\))?"
    rf"(?: issued (?P<issued>{_OFAC_DATE}))?(?: expires (?P<expires>{_OFAC_DATE}))?(?P<rest> .*)?\Z",
    re.DOTALL,
)
_TRAILING_COUNTRY = re.compile(r"\A(?P<value>.+?) \((?P<country>[^)]*)\)\Z")
_YEAR_RANGE = re.compile(r"\A\d{4}-\d{4}\Z")
_DATE_FORMATS = (("%d %b %Y", 10), ("%b %Y", 7), ("%Y", 4))


@dataclass(slots=True)
class Fact:
    """One identifier read from the remarks."""

    rule: str
    sink: str
    value: str
    segment: str
    kind: str = ""
    country: str = ""
    issued: str = ""
    expires: str = ""
    detail: str = ""  # what follows a document's number and dates ("Diplomatic", an issuer ...)


@dataclass(slots=True)
class RemarkCounts:
    """What extraction did across a whole list, for the parse warnings."""

    invalid_vessel_imos: list[str] = field(default_factory=list)
    unparsed_dates: int = 0


def segments(remarks: str) -> list[str]:
    """The `; `-separated parts of a remarks text, without the closing full stop."""
    text = " ".join(remarks.split())
    if text.endswith("."):
        text = text[:-1]
    return [part.strip() for part in text.split("; ") if part.strip()]


def extract(remarks: str) -> list[Fact]:
    """Every segment as a Fact: a typed identifier, or a note when no rule applies."""
    return [classify(segment) for segment in segments(remarks)]


def classify(segment: str) -> Fact:
    """One segment ('Passport 109110001 (Korea, North)') as the Fact of the first rule it fits."""
    body = segment[5:] if segment.startswith("alt. ") else segment
    for rule in RULES:
        match = rule.pattern.match(body)
        if match:
            return _fact(rule, match, segment)
    return Fact("note", NOTE, segment, segment)


def _fact(rule: Rule, match: re.Match[str], segment: str) -> Fact:
    groups = match.groupdict()
    fact = Fact(rule.name, rule.sink, groups["value"].strip(), segment, kind=groups.get("kind") or "")
    if rule.sink in (PASSPORT, IDENTIFICATION):
        document = _DOCUMENT.match(fact.value)
        if document:
            fact.value = document["number"]
            fact.country = document["country"] or ""
            fact.issued = ofac_date(document["issued"] or "") or ""
            fact.expires = ofac_date(document["expires"] or "") or ""
            fact.detail = (document["rest"] or "").strip()
    elif rule.sink in ("taxNumber", "registrationNumber", "licenseNumber"):
        trailing = _TRAILING_COUNTRY.match(fact.value)
        if trailing:
            fact.value, fact.country = trailing["value"], trailing["country"]
    return fact


def ofac_date(text: str) -> str | None:
    """'15 Nov 1972' -> '1972-11-15', 'Nov 1972' -> '1972-11', '1972' -> '1972'; None otherwise."""
    text = text.strip()
    for fmt, width in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()[:width]
        except ValueError:
            continue
    return None


def ofac_dates(text: str) -> list[str]:
    """The dates in a DOB value: 'circa 1960' and ranges 'A to B' give both ends."""
    text = text.strip()
    if text.lower().startswith("circa "):
        text = text[6:]
    parts = text.split(" to ") if " to " in text else text.split("-") if _YEAR_RANGE.match(text) else [text]
    found = [ofac_date(part) for part in parts]
    return [d for d in found if d] if all(found) else []


def valid_imo(number: str) -> bool:
    """The IMO check digit: the first six digits weighted 7..2, their sum mod 10 is the seventh."""
    digits = number.strip().upper().removeprefix("IMO").strip()
    if len(digits) != 7 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1)))
    return total % 10 == int(digits[6])


def apply(facts: list[Fact], main: EntityProxy, entities: list[EntityProxy], counts: RemarkCounts) -> list[str]:
    """Put the facts on the entry's entities; returns the `Linked To` names to resolve later."""
    links = []
    for fact in facts:
        if fact.sink == LINK:
            links.append(fact.value)
        elif fact.sink in (PASSPORT, IDENTIFICATION):
            is_passport = fact.sink == PASSPORT
            number_prop = "passportNumber" if is_passport and main.schema.get("passportNumber") else "idNumber"
            main.add(number_prop, fact.value)
            add_entity(entities, _document("Passport" if is_passport else "Identification", main, fact))
        elif fact.sink == WALLET:
            add_entity(entities, _wallet(main, fact))
        elif fact.sink == "imoNumber" and main.schema.name == "Vessel" and not valid_imo(fact.value):
            counts.invalid_vessel_imos.append(fact.value)
            main.add(NOTE, fact.segment)
        else:
            _add_property(main, fact, counts)
    return links


def _add_property(main: EntityProxy, fact: Fact, counts: RemarkCounts) -> None:
    prop = main.schema.get(fact.sink)
    if prop is None or fact.sink == NOTE:
        main.add(NOTE, fact.segment)  # e.g. a DOB on an organisation: keep it as written
        return
    if fact.sink in DATE_PROPERTIES:
        dates = ofac_dates(fact.value)
        if not dates:
            counts.unparsed_dates += 1
            main.add(NOTE, fact.segment)
        main.add(fact.sink, dates)
        return
    value = fact.value
    if fact.sink == "phone":
        digits = re.sub(r"[()\s-]", "", value)  # "(850)(23818111)", "8613314257947"
        if digits.isdigit():
            value = f"+{digits}"  # OFAC writes international numbers without the plus
    # FtM drops a value its type cannot clean (a country it does not know): keep the text instead.
    cleaned = prop.type.clean(value, proxy=main, format=prop.format)  # format: "IMO9159787"
    if cleaned is None:
        main.add(NOTE, fact.segment)
        return
    main.add(fact.sink, cleaned, cleaned=True)


def _document(schema: str, holder: EntityProxy, fact: Fact) -> EntityProxy:
    document = make_entity(schema, sub_entity_id(holder.id, "doc", fact.kind, fact.value, fact.country))
    document.add("holder", holder.id, cleaned=True)  # our own id: valid by construction
    document.add("number", fact.value)
    document.add("type", fact.kind or None)
    document.add("country", fact.country or None)
    document.add("startDate", fact.issued or None)
    document.add("endDate", fact.expires or None)
    document.add("description", fact.detail or None)
    return document


def _wallet(holder: EntityProxy, fact: Fact) -> EntityProxy:
    wallet = make_entity("CryptoWallet", sub_entity_id(holder.id, "wallet", fact.kind, fact.value))
    wallet.add("holder", holder.id, cleaned=True)
    wallet.add("publicKey", fact.value)
    wallet.add("currency", fact.kind)
    return wallet


def normalise_name(name: str) -> str:
    """The form `Linked To` targets are matched on: case, punctuation and spacing ignored."""
    return " ".join(re.sub(r"[^\w]+", " ", name).casefold().split())


@dataclass(slots=True)
class LinkReport:
    resolved: int = 0
    unresolved: list[tuple[str, str]] = field(default_factory=list)  # (list_id, name)
    ambiguous: list[tuple[str, str]] = field(default_factory=list)


def link_entries(entries: list[Entry], pending: dict[str, list[str]]) -> LinkReport:
    """Turn `Linked To: NAME` into UnknownLink entities between entries of the same list.

    OFAC writes the target's SDN_Name, so the match is exact on the normalised primary name. A
    name that matches no entry, or several, stays a note on the subject and is reported.
    """
    by_name: dict[str, list[Entry]] = {}
    for entry in entries:
        by_name.setdefault(normalise_name(entry.caption), []).append(entry)
    by_id = {entry.list_id: entry for entry in entries}
    report = LinkReport()
    for list_id, names in pending.items():
        subject = by_id[list_id]
        for name in names:
            targets = [t for t in by_name.get(normalise_name(name), []) if t is not subject]
            if len(targets) > 1:
                # Two entries share a name ("MINISTRY OF STATE SECURITY" of two states): the one
                # designated under the subject's own programme is the one OFAC means.
                same_programme = [t for t in targets if set(t.programs) & set(subject.programs)]
                targets = same_programme if len(same_programme) == 1 else targets
            if len(targets) != 1:
                subject.entity.add(NOTE, f"Linked To: {name}")
                (report.ambiguous if targets else report.unresolved).append((list_id, name))
                continue
            link = make_entity("UnknownLink", sub_entity_id(subject.entity_id, "link", targets[0].entity_id))
            link.add("subject", subject.entity_id, cleaned=True)
            link.add("object", targets[0].entity_id, cleaned=True)
            link.add("role", "Linked To")
            link.add("description", name)
            add_entity(subject.entities, link)
            report.resolved += 1
    return report
