"""A small demo content set, built from public reporting, so a new node has something to show.

Every object has a fixed id and timestamp, so loading the demo twice changes nothing. Figures
are those widely reported at the time (official tolls where given); they illustrate the register
and are not an authoritative dataset.
"""

from __future__ import annotations

from typing import Any

from jirga.model import extensions, tlp
from jirga.model.extensions import INCIDENT_EXT_ID
from jirga.model.ids import stable_id
from jirga.model.incident import toll

DEMO_CREATED = "2026-11-01T09:00:00.000Z"

PK_MOI = stable_id("identity", "demo", "PK-MOI")
AF_MOI = stable_id("identity", "demo", "AF-MOI")

GROUPS: dict[str, list[str]] = {
    "Tehrik-i-Taliban Pakistan": ["TTP", "Pakistani Taliban", "Tehreek-e-Taliban Pakistan"],
    "Islamic State Khorasan Province": ["ISKP", "IS-K", "ISIS-K", "Daesh Khorasan"],
    "Baloch Liberation Army": ["BLA"],
    "Jamaat-ul-Ahrar": ["JuA"],
}


def _party(oid: str, name: str, code: str, country: str) -> dict[str, Any]:
    return {"type": "identity", "spec_version": "2.1", "id": oid, "created": DEMO_CREATED,
            "modified": DEMO_CREATED, "name": name, "identity_class": "organization",
            "sectors": ["government-national"], "x_jirga_party_code": code,
            "x_jirga_country": country}


def _group(name: str, aliases: list[str]) -> dict[str, Any]:
    return {"type": "intrusion-set", "spec_version": "2.1", "id": stable_id("intrusion-set", name),
            "created": DEMO_CREATED, "modified": DEMO_CREATED, "name": name, "aliases": aliases,
            "object_marking_refs": [tlp.marking_id("clear")]}


def _incident(key: str, name: str, description: str, *, occurred: str, country: str,
              admin1: str, admin1_name: str, place: str, lat: float, lon: float,
              group: str | None, basis: str | None, killed: dict[str, int],
              injured: dict[str, int], attack_type: str, targets: list[str],
              cross_border: bool | None, creator: str, level: str,
              district: str | None = None) -> dict[str, Any]:
    ext: dict[str, Any] = {
        "extension_type": "property-extension", "occurred": occurred, "occurred_precision": "day",
        "country": country, "admin1": admin1, "admin1_name": admin1_name, "place": place,
        "latitude": lat, "longitude": lon, "killed": killed, "injured": injured,
        "attack_type": attack_type, "target_types": targets, "review_status": "accepted",
    }
    if district:
        ext["district"] = district
    if cross_border is not None:
        ext["cross_border"] = cross_border
    if group:
        ext["perpetrators"] = [{"name": group, "ref": stable_id("intrusion-set", group),
                                "basis": basis}]
    return {"type": "incident", "spec_version": "2.1", "id": stable_id("incident", "demo", key),
            "created": DEMO_CREATED, "modified": DEMO_CREATED, "created_by_ref": creator,
            "name": name, "description": description,
            "object_marking_refs": [tlp.marking_id(level)],
            "extensions": {INCIDENT_EXT_ID: ext}}


def demo_objects() -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = [*tlp.all_marking_definitions(), *extensions.definitions()]
    objects += [
        _party(PK_MOI, "Pakistan Ministry of Interior", "PK-MOI", "PK"),
        _party(AF_MOI, "Afghanistan Ministry of Interior", "AF-MOI", "AF"),
    ]
    objects += [_group(name, aliases) for name, aliases in GROUPS.items()]
    objects += [
        _incident("bisham-2024", "Suicide attack on Chinese engineers' convoy near Besham",
                  "A suicide bomber rammed an explosives-laden car into a convoy carrying Chinese "
                  "engineers to the Dasu hydropower project, killing five Chinese nationals and "
                  "their Pakistani driver.",
                  occurred="2024-03-26", country="PK", admin1="PK-KP",
                  admin1_name="Khyber Pakhtunkhwa", district="Shangla", place="Besham",
                  lat=34.94, lon=72.88, group="Tehrik-i-Taliban Pakistan", basis="attributed",
                  killed=toll(6), injured=toll(0), attack_type="suicide-bombing",
                  targets=["foreign-nationals"], cross_border=True, creator=PK_MOI,
                  level="green"),
        _incident("peshawar-police-lines-2023", "Police Lines mosque bombing, Peshawar",
                  "A suicide bomber struck a mosque inside the Police Lines compound during "
                  "afternoon prayers.",
                  occurred="2023-01-30", country="PK", admin1="PK-KP",
                  admin1_name="Khyber Pakhtunkhwa", district="Peshawar", place="Peshawar",
                  lat=34.01, lon=71.58, group="Jamaat-ul-Ahrar", basis="suspected",
                  killed=toll(84, 101, 101), injured=toll(220), attack_type="suicide-bombing",
                  targets=["police", "religious-site"], cross_border=None, creator=PK_MOI,
                  level="green"),
        _incident("bajaur-rally-2023", "Bombing of a political rally in Khar, Bajaur",
                  "A suicide bomber attacked a workers' convention of a religious political "
                  "party; the Islamic State Khorasan Province claimed it.",
                  occurred="2023-07-30", country="PK", admin1="PK-KP",
                  admin1_name="Khyber Pakhtunkhwa", district="Bajaur", place="Khar",
                  lat=34.73, lon=71.52, group="Islamic State Khorasan Province", basis="claimed",
                  killed=toll(63), injured=toll(200), attack_type="suicide-bombing",
                  targets=["political"], cross_border=True, creator=PK_MOI, level="clear"),
        _incident("quetta-station-2024", "Suicide bombing at Quetta railway station",
                  "A suicide bomber detonated explosives on a crowded platform as passengers "
                  "waited for the Jaffar Express; the Baloch Liberation Army claimed it.",
                  occurred="2024-11-09", country="PK", admin1="PK-BA",
                  admin1_name="Balochistan", district="Quetta", place="Quetta",
                  lat=30.19, lon=67.01, group="Baloch Liberation Army", basis="claimed",
                  killed=toll(26, 32, 32), injured=toll(62), attack_type="suicide-bombing",
                  targets=["security-forces", "transport"], cross_border=None, creator=PK_MOI,
                  level="green"),
        _incident("jaffar-express-2025", "Hijacking of the Jaffar Express in Bolan",
                  "Gunmen blew up the track and seized a passenger train with more than 400 "
                  "people aboard; the siege ended after a security operation.",
                  occurred="2025-03-11", country="PK", admin1="PK-BA",
                  admin1_name="Balochistan", district="Kachhi", place="Bolan Pass",
                  lat=29.62, lon=67.55, group="Baloch Liberation Army", basis="claimed",
                  killed=toll(26), injured=toll(37), attack_type="hijacking",
                  targets=["transport", "security-forces"], cross_border=None, creator=PK_MOI,
                  level="green"),
        _incident("kocha-risaldar-2022", "Bombing of a Shia mosque in Kocha Risaldar, Peshawar",
                  "A gunman and suicide bomber attacked Friday prayers at a Shia mosque in the "
                  "old city; the Islamic State Khorasan Province claimed it.",
                  occurred="2022-03-04", country="PK", admin1="PK-KP",
                  admin1_name="Khyber Pakhtunkhwa", district="Peshawar", place="Peshawar",
                  lat=34.01, lon=71.57, group="Islamic State Khorasan Province", basis="claimed",
                  killed=toll(63), injured=toll(196), attack_type="suicide-bombing",
                  targets=["religious-site", "civilians"], cross_border=None, creator=PK_MOI,
                  level="clear"),
        _incident("kaaj-2022", "Bombing of the Kaaj education centre, Kabul",
                  "A suicide bomber attacked students sitting a practice university entrance "
                  "exam in Dasht-e-Barchi.",
                  occurred="2022-09-30", country="AF", admin1="AF-KAB", admin1_name="Kabul",
                  district="Kabul", place="Dasht-e-Barchi", lat=34.50, lon=69.11,
                  group="Islamic State Khorasan Province", basis="suspected",
                  killed=toll(53), injured=toll(110), attack_type="suicide-bombing",
                  targets=["school", "civilians"], cross_border=None, creator=AF_MOI,
                  level="green"),
        _incident("kabul-airport-2021", "Suicide bombing at Abbey Gate, Kabul airport",
                  "A suicide bomber attacked crowds and troops at the airport gate during the "
                  "evacuation; the Islamic State Khorasan Province claimed it.",
                  occurred="2021-08-26", country="AF", admin1="AF-KAB", admin1_name="Kabul",
                  district="Kabul", place="Kabul", lat=34.56, lon=69.21,
                  group="Islamic State Khorasan Province", basis="claimed",
                  killed=toll(170, 183, 183), injured=toll(200), attack_type="suicide-bombing",
                  targets=["civilians", "security-forces"], cross_border=None, creator=AF_MOI,
                  level="clear"),
    ]
    return objects
