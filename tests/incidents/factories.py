"""Register test data: incidents with every field analytics count on, and a fixed set of nine
whose totals `tests/analytics/test_stats.py` works out by hand."""

from __future__ import annotations

from typing import Any

from jirga.model import tlp
from jirga.model.ids import stable_id
from jirga.model.incident import make_incident
from tests.factories import ts

PROVINCES = {"PK-KP": "Khyber Pakhtunkhwa", "PK-BA": "Balochistan", "PK-SD": "Sindh",
             "AF-NAN": "Nangarhar"}
TTP, BLA, ISKP = "Tehrik-i-Taliban Pakistan", "Baloch Liberation Army", \
    "Islamic State Khorasan Province"


def register_incident(occurred: str, admin1: str, groups: tuple[str, ...] = (),
                      killed: tuple[int, int, int] | None = None,
                      injured: int | None = None, *, attack: str | None = None,
                      targets: tuple[str, ...] = (), cross: bool | None = None,
                      status: str = "accepted", level: str = "green", place: str | None = None,
                      district: str | None = None, key: str | None = None,
                      **fields: Any) -> dict[str, Any]:
    """An incident; `key` gives it a stable id so a test can name it."""
    obj = make_incident(
        name=fields.pop("name", f"attack in {place or admin1} on {occurred}"),
        occurred=occurred, country=admin1[:2], admin1=admin1, admin1_name=PROVINCES[admin1],
        district=district, place=place,
        perpetrators=[{"name": g, "ref": stable_id("intrusion-set", g), "basis": "claimed"}
                      for g in groups] or None,
        killed=None if killed is None else dict(zip(("low", "best", "high"), killed, strict=True)),
        injured=None if injured is None else {"low": injured, "best": injured, "high": injured},
        attack_type=attack, target_types=list(targets) or None, cross_border=cross,
        review_status=status, created=fields.pop("created", ts(0)),
        marking_refs=[tlp.marking_id(level)], **fields)
    if key:
        obj["id"] = stable_id("incident", "test", key)
    return obj


def fixture_incidents() -> list[dict[str, Any]]:
    """Nine incidents; seven accepted (#1-#7), one rejected (#8), one candidate (#9).

    #  date        province  groups     killed l/b/h  injured  attack            targets                   cross  tlp
    1  2021-03-10  PK-KP     TTP        5/5/5         10       bombing           police                    yes    green
    2  2021-07-02  PK-BA     BLA        2/3/4         0        armed-assault     security-forces           no     green
    3  2021-08-20  PK-KP     ISKP       10/12/15      20       suicide-bombing   civilians, religious-site  -     green
    4  2021-09-05  PK-KP     TTP        1/1/1         -        targeted-killing  police                    yes    green
    5  2021-12-31  PK-BA     BLA, TTP   0/0/0         3        bombing           transport                 yes    clear
    6  2022-01-15  PK-KP     TTP        7/8/9         12       suicide-bombing   security-forces           yes    green
    7  2022-02-01  AF-NAN    ISKP       20/20/20      30       suicide-bombing   civilians                 no     red
    8  2022-02-10  PK-KP     TTP        100           0        bombing           police                    -      green  rejected
    9  2022-03-03  PK-SD     -          -             2        armed-assault     civilians                 -      green  candidate
    """
    return [
        register_incident("2021-03-10", "PK-KP", (TTP,), (5, 5, 5), 10, attack="bombing",
                          targets=("police",), cross=True, key="1"),
        register_incident("2021-07-02", "PK-BA", (BLA,), (2, 3, 4), 0, attack="armed-assault",
                          targets=("security-forces",), cross=False, key="2"),
        register_incident("2021-08-20", "PK-KP", (ISKP,), (10, 12, 15), 20,
                          attack="suicide-bombing", targets=("civilians", "religious-site"),
                          key="3"),
        register_incident("2021-09-05", "PK-KP", (TTP,), (1, 1, 1), None,
                          attack="targeted-killing", targets=("police",), cross=True, key="4"),
        register_incident("2021-12-31", "PK-BA", (BLA, TTP), (0, 0, 0), 3, attack="bombing",
                          targets=("transport",), cross=True, level="clear", key="5"),
        register_incident("2022-01-15", "PK-KP", (TTP,), (7, 8, 9), 12, attack="suicide-bombing",
                          targets=("security-forces",), cross=True, key="6"),
        register_incident("2022-02-01", "AF-NAN", (ISKP,), (20, 20, 20), 30,
                          attack="suicide-bombing", targets=("civilians",), cross=False,
                          level="red", key="7"),
        register_incident("2022-02-10", "PK-KP", (TTP,), (100, 100, 100), 0, attack="bombing",
                          targets=("police",), status="rejected", key="8"),
        register_incident("2022-03-03", "PK-SD", (), None, 2, attack="armed-assault",
                          targets=("civilians",), status="candidate", key="9"),
    ]


def fixture_id(key: str) -> str:
    return stable_id("incident", "test", key)
