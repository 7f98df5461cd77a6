"""Every kind of edge the network graph holds, with its weight: the one table ranking reads.

An edge reads `source <label> target` ("VESSEL X is owned by COMPANY Y" is stored as
`COMPANY Y owns VESSEL X`). Weights say how much a relation lets suspicion flow between two parties
in the candidate ranking; they are judgement, written down once so they can be argued with.

"Owned or controlled by" is kept apart from "linked to": `claims_control` is true only for
relations where the publisher itself states ownership or control. The workbench never turns a
"linked to" into a control claim (OFAC's "Linked To" remark says no more than that a link exists).

Shared identifiers (an address, a phone number ...) are nodes of their own; an entity holding one
is joined to it by an edge of the identifier's kind. A value held by `n` entities has each of its
edges weighted `weight * 2 / n` (never above `weight`), so a value held by two counts fully and a
mass-registration address shared by hundreds weighs, in total, no more than a value shared by two.
A value held by more than `COMMON_IDENTIFIER_HOLDERS` entities is *common*: it is kept (an analyst
may want to see it) but a path through it is not evidence enough to make anyone a candidate.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Relation:
    kind: str
    label: str  # how an edge reads: "<source> {label} <target>"
    weight: float
    claims_control: bool = False
    identifier: bool = False
    # A shared value that says something about each holder on its own (a Panel report naming it):
    # never "common", however many parties share it (its weight still falls as 2/n).
    never_common: bool = False
    # The relation is itself the conduct the regime designates for (a ship-to-ship transfer with a
    # designated vessel, taking over a designated vessel's identity): a party seen doing it with a
    # designated party is ranked as partly designated already (rank.CONDUCT_RESTART).
    conduct: bool = False
    # How the relation reads in a sentence about one of its ends, `{other}` standing for the other
    # end: `says` from the source ("met {other} at sea"), `says_back` from the target ("is owned by
    # {other}"). Empty: the label, followed by the other end (a symmetric relation).
    says: str = ""
    says_back: str = ""

    def sentence(self, other: str, from_source: bool) -> str:
        template = (self.says if from_source else self.says_back or self.says) or f"{self.label} {{other}}"
        return template.format(other=other)


_RELATIONS = [
    # Stated ownership and control: the strongest evidence a list or registry can give.
    Relation("owns", "owns", 1.0, claims_control=True, says_back="is owned by {other}"),
    Relation("controls", "controls", 1.0, claims_control=True, says_back="is controlled by {other}"),
    Relation("operates", "operates", 0.9, claims_control=True, says_back="is operated by {other}"),  # ship manager / operator
    Relation("directs", "is a director of", 0.8, says_back="has {other} as a director"),
    Relation("represents", "represents", 0.8, says_back="is represented by {other}"),
    Relation("works_for", "works for", 0.7, says_back="employs {other}"),
    Relation("member_of", "is a member of", 0.6, says_back="has {other} as a member"),
    Relation("family", "is family of", 0.6),
    Relation("associate", "is associated with", 0.6),
    # The publisher says there is a link and no more (OFAC "Linked To", FtM UnknownLink).
    Relation("linked_to", "is linked to", 0.7),
    # A free-text remark of one entry names another entry: weaker, the remark may say anything.
    Relation("mentions", "names in its remarks", 0.4, says="names {other} in its remarks",
             says_back="is named in the remarks of {other}"),
    # What vessels were seen doing at sea (maritime events turned into relations, ais.py).
    # A transfer at sea with a DPRK vessel is itself a breach (UNSCR 2375 (2017) para 11 bans
    # ship-to-ship transfers to or from DPRK-flagged vessels), and the 1718 Committee's vessel
    # designations of Dec 2017 and Mar 2018 were of ships doing them.
    Relation("met_at_sea", "met at sea", 1.0, conduct=True, says="met {other} at sea"),
    Relation("took_identity_of", "took over the identity of", 1.0, conduct=True,
             says_back="had its identity taken over by {other}"),
    # Shared identifiers, from most to least specific to one party.
    Relation("imo", "has IMO number", 1.0, identifier=True),
    Relation("registration", "has registration number", 0.9, identifier=True),
    Relation("un_reference", "has UN reference", 1.0, identifier=True),
    Relation("email", "has email", 0.8, identifier=True),
    Relation("website", "has website", 0.6, identifier=True),
    Relation("phone", "has phone", 0.6, identifier=True),
    Relation("address", "has address", 0.5, identifier=True),
    # Named in the same UN Panel of Experts report (panel.py): the report is the shared value.
    Relation("panel_report", "is named by the Panel in", 0.5, identifier=True, never_common=True),
]

RELATIONS: dict[str, Relation] = {r.kind: r for r in _RELATIONS}

# More holders than this and an identifier no longer makes anyone a candidate on its own.
COMMON_IDENTIFIER_HOLDERS = 10


def relation(kind: str) -> Relation:
    return RELATIONS[kind]


def identifier_edge_weight(kind: str, holders: int) -> float:
    """The weight of one holder's edge to a value held by `holders` entities (see module doc)."""
    base = RELATIONS[kind].weight
    return base * min(1.0, 2.0 / max(holders, 1))
