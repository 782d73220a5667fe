#!/usr/bin/python3
"""Strict, independent check of an iCalendar file, and its occurrences.

Usage: ics_check.py [FILE] --from YYYY-MM-DD --to YYYY-MM-DD

Reads FILE (or stdin), parses it with python3-icalendar and checks it:
CRLF line endings, content lines of at most 75 octets, a clean parse, every
VEVENT with UID, DTSTAMP and DTSTART, no ATTENDEE or ORGANIZER anywhere,
UTC stamps, a VTIMEZONE for every TZID used, EXDATE and RECURRENCE-ID of the
same value type and TZID as DTSTART, RECURRENCE-IDs that name an occurrence
of their series. Each VTIMEZONE is read on its own (its observances expanded
with dateutil) and must give the same UTC offsets as the system tz database
over the window.

Then each VEVENT's RRULE is expanded with dateutil on the wall clock of its
DTSTART (so local times survive daylight-saving changes, RFC 5545), EXDATEs
and the occurrences that other VEVENTs replace (RECURRENCE-ID) are removed,
and each start is placed in the event's zone by that VTIMEZONE (a wall time
in a spring-forward gap moves forward by the gap, a repeated one is the
first). Printed on stdout as JSON, one entry per VEVENT in file order:

  {"events": [{"uid": ..., "summary": ..., "status": "CONFIRMED", "sequence": 0,
               "occurrences": ["2026-12-02T12:00:00-05:00", ...]}]}

An occurrence is listed when its local start date is within --from..--to
(inclusive); all-day occurrences are plain dates ("2026-12-05"). A missing
STATUS is null, a missing SEQUENCE 0.

Exit status: 0 if the file passes; 1 with one message on stderr for the first
violation; 2 for bad arguments.
"""

import argparse
import bisect
import datetime as dt
import json
import sys
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
from dateutil import rrule as du_rrule

MAX_LINE_OCTETS = 75
DAY = dt.timedelta(days=1)
# Occurrences are expanded this far past the window (events last at most 14 days).
SLACK = dt.timedelta(days=16)


class Violation(Exception):
    pass


def check_raw(raw):
    if not raw:
        raise Violation("empty input")
    if not raw.endswith(b"\r\n"):
        raise Violation("the text does not end with CRLF")
    lines = raw[:-2].split(b"\r\n")
    for number, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            raise Violation(f"line {number}: bare LF or CR (lines must end with CRLF)")
        if len(line) > MAX_LINE_OCTETS:
            raise Violation(f"line {number}: {len(line)} octets, more than {MAX_LINE_OCTETS}")
    try:
        raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as error:
        raise Violation(f"not UTF-8: {error}")
    # Folding must never split a UTF-8 sequence: each physical line decodes.
    for number, line in enumerate(lines, 1):
        try:
            line.decode("utf-8", errors="strict")
        except UnicodeDecodeError:
            raise Violation(f"line {number}: folded inside a UTF-8 sequence")
    unfolded = raw.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    for line in unfolded.split(b"\r\n"):
        name = line.split(b":", 1)[0].split(b";", 1)[0].upper()
        if name in (b"ATTENDEE", b"ORGANIZER"):
            raise Violation(f"{name.decode()} property present")


def parse_date_arg(text):
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}")


def is_utc(value):
    return isinstance(value, dt.datetime) and value.tzinfo is not None and value.utcoffset() == dt.timedelta(0)


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def wall_clock(prop):
    """(naive wall-clock datetime or date, TZID or None, is_date) of a DATE/DATE-TIME property."""
    value = prop.dt
    tzid = prop.params.get("TZID")
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and tzid is None and not is_utc(value):
            raise Violation("a DATE-TIME with an offset but no TZID")
        if tzid is None and is_utc(value):
            tzid = "UTC-literal"
        return value.replace(tzinfo=None), tzid, False
    return value, None, True


class VTimezone:
    """The offsets one VTIMEZONE gives, from its own observances."""

    def __init__(self, component, horizon_end):
        self.tzid = str(component["TZID"])
        onsets = []
        for observance in component.subcomponents:
            if observance.name not in ("STANDARD", "DAYLIGHT"):
                raise Violation(f"VTIMEZONE {self.tzid}: unexpected {observance.name}")
            for required in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"):
                if required not in observance:
                    raise Violation(f"VTIMEZONE {self.tzid}: observance without {required}")
            start = observance["DTSTART"].dt
            if not isinstance(start, dt.datetime) or start.tzinfo is not None:
                raise Violation(f"VTIMEZONE {self.tzid}: DTSTART must be a local DATE-TIME")
            offset_from = observance["TZOFFSETFROM"].td
            offset_to = observance["TZOFFSETTO"].td
            starts = [start]
            rules = as_list(observance.get("RRULE"))
            if len(rules) > 1:
                raise Violation(f"VTIMEZONE {self.tzid}: more than one RRULE in an observance")
            for rule in rules:
                until = rule.get("UNTIL")
                text = icalendar.vRecur({k: v for k, v in rule.items() if k != "UNTIL"}).to_ical().decode()
                end = horizon_end
                if until:
                    if not is_utc(until[0]):
                        raise Violation(f"VTIMEZONE {self.tzid}: RRULE UNTIL must be UTC")
                    end = until[0].replace(tzinfo=None) + offset_from  # local, before the change
                starts = list(du_rrule.rrulestr(text, dtstart=start).between(start, end, inc=True))
                if not starts or starts[0] != start:
                    raise Violation(f"VTIMEZONE {self.tzid}: DTSTART {start} is not the first onset of its RRULE")
            for rdate in as_list(observance.get("RDATE")):
                starts += [entry.dt.replace(tzinfo=None) for entry in rdate.dts]
            onsets += [(local - offset_from, offset_from, offset_to) for local in starts]
        if not onsets:
            raise Violation(f"VTIMEZONE {self.tzid}: no observances")
        onsets.sort()
        self.instants = [onset[0] for onset in onsets]
        self.onsets = onsets

    def offset_at(self, utc):
        """Offset in effect at the naive UTC datetime `utc`."""
        index = bisect.bisect_right(self.instants, utc) - 1
        if index < 0:
            return self.onsets[0][1]
        return self.onsets[index][2]

    def to_utc(self, wall):
        """RFC 5545: a wall time in a gap moves forward by the gap; a repeated one is the first."""
        offset_before = self.offset_at(wall - DAY)
        offset_after = self.offset_at(wall + DAY)
        candidate_before = wall - offset_before
        candidate_after = wall - offset_after
        before_holds = self.offset_at(candidate_before) == offset_before
        after_holds = self.offset_at(candidate_after) == offset_after
        if before_holds and after_holds:
            return min(candidate_before, candidate_after)
        if after_holds and not before_holds:
            return candidate_after
        return candidate_before

    def aware(self, utc):
        offset = self.offset_at(utc)
        return (utc + offset).replace(tzinfo=dt.timezone(offset))


class UtcLiteral:
    """Stands in for a VTIMEZONE for DATE-TIMEs written in UTC ("...Z")."""

    def to_utc(self, wall):
        return wall

    def aware(self, utc):
        return utc.replace(tzinfo=dt.timezone.utc)


def check_zone_against_system(zone, start, end):
    try:
        system = ZoneInfo(zone.tzid)
    except (ZoneInfoNotFoundError, ValueError):
        return  # not an IANA name: nothing to compare with
    def system_offset(utc):
        return utc.replace(tzinfo=dt.timezone.utc).astimezone(system).utcoffset()

    # Every 6 hours, both sides of every change the tz database has (found to
    # the second), and both sides of every onset the VTIMEZONE has.
    second = dt.timedelta(seconds=1)
    moments = [onset for onset in zone.instants if start <= onset <= end]
    moments += [onset - second for onset in moments]
    moment = start
    step = dt.timedelta(hours=6)
    while moment <= end:
        moments.append(moment)
        after = moment + step
        if system_offset(moment) != system_offset(after):
            low, high = moment, after
            while high - low > second:
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if system_offset(middle) == system_offset(low):
                    low = middle
                else:
                    high = middle
            moments += [low, high]
        moment = after
    for moment in sorted(moments):
        expected = system_offset(moment)
        actual = zone.offset_at(moment)
        if expected != actual:
            raise Violation(f"VTIMEZONE {zone.tzid}: offset {actual} at {moment}Z, tz database says {expected}")


def require(component, name, what):
    if name not in component:
        raise Violation(f"{what}: no {name}")


def event_label(event):
    return f"VEVENT {event.get('UID', '?')}"


class Series:
    """One VEVENT's timing: start on the wall clock, its zone and its rule."""

    def __init__(self, event, zones):
        label = event_label(event)
        self.start, self.tzid, self.is_date = wall_clock(event["DTSTART"])
        self.zone = self.zone_for(self.tzid, zones, label)
        if not self.is_date and self.zone is None:
            raise Violation(f"{label}: floating DTSTART (no TZID and not UTC)")
        if "DTEND" in event:
            end, end_tzid, end_is_date = wall_clock(event["DTEND"])
            if end_is_date != self.is_date:
                raise Violation(f"{label}: DTEND and DTSTART differ in value type")
            end_zone = self.zone_for(end_tzid, zones, label)
            if self.is_date:
                if end <= self.start:
                    raise Violation(f"{label}: DTEND is not after DTSTART")
            elif end_zone.to_utc(end) <= self.zone.to_utc(self.start):
                raise Violation(f"{label}: DTEND is not after DTSTART")
        rules = as_list(event.get("RRULE"))
        if len(rules) > 1:
            raise Violation(f"{label}: more than one RRULE")
        self.rule = None
        self.until = None
        if rules:
            rule = rules[0]
            until = rule.get("UNTIL")
            if until:
                until = until[0]
                if self.is_date and not (isinstance(until, dt.date) and not isinstance(until, dt.datetime)):
                    raise Violation(f"{label}: UNTIL must be a DATE when DTSTART is one")
                if not self.is_date and self.tzid != "UTC-literal" and not is_utc(until):
                    raise Violation(f"{label}: UNTIL must be UTC when DTSTART has a TZID")
                self.until = until.replace(tzinfo=None) if isinstance(until, dt.datetime) else until
            text = icalendar.vRecur({k: v for k, v in rule.items() if k != "UNTIL"}).to_ical().decode()
            start = dt.datetime.combine(self.start, dt.time()) if self.is_date else self.start
            self.rule = du_rrule.rrulestr(text, dtstart=start)

    @staticmethod
    def zone_for(tzid, zones, label):
        if tzid is None:
            return None
        if tzid == "UTC-literal":
            return UtcLiteral()
        if tzid not in zones:
            raise Violation(f"{label}: TZID {tzid} has no VTIMEZONE")
        return zones[tzid]

    def key(self, prop, label, what):
        """The UTC instant (or date) that `prop` names; its type must match DTSTART's."""
        value, tzid, is_date = wall_clock(prop)
        if is_date != self.is_date or tzid != self.tzid:
            raise Violation(f"{label}: {what} must have the value type and TZID of DTSTART")
        return value if is_date else self.zone.to_utc(value)

    def starts(self, window_start, window_end):
        """Keys (UTC instants, or dates) of the occurrences whose wall-clock start is in the range."""
        if self.rule is None:
            walls = [self.start] if window_start <= self.wall(self.start) <= window_end else []
        else:
            walls = [w.date() if self.is_date else w for w in self.rule.between(window_start, window_end, inc=True)]
        keys = []
        for wall in walls:
            key = wall if self.is_date else self.zone.to_utc(wall)
            if self.until is not None and key > self.until:
                continue
            keys.append(key)
        return keys

    def wall(self, value):
        return dt.datetime.combine(value, dt.time()) if self.is_date else value

    def text(self, key):
        return key.isoformat() if self.is_date else self.zone.aware(key).isoformat()

    def local_date(self, key):
        return key if self.is_date else self.zone.aware(key).date()


def check(raw, window_from, window_to):
    check_raw(raw)
    try:
        calendar = icalendar.Calendar.from_ical(raw.decode("utf-8"))
    except Exception as error:  # icalendar raises ValueError and friends
        raise Violation(f"parse failed: {error}")
    if calendar.name != "VCALENDAR":
        raise Violation("not a VCALENDAR")
    if str(calendar.get("VERSION", "")) != "2.0":
        raise Violation("VERSION is not 2.0")
    require(calendar, "PRODID", "VCALENDAR")
    for component in calendar.walk():
        if getattr(component, "errors", None):
            raise Violation(f"{component.name}: parse errors {component.errors}")

    scan_start = dt.datetime.combine(window_from, dt.time()) - SLACK
    scan_end = dt.datetime.combine(window_to, dt.time()) + SLACK
    zones = {}
    for component in calendar.walk("VTIMEZONE"):
        zone = VTimezone(component, scan_end + SLACK)
        if zone.tzid in zones:
            raise Violation(f"VTIMEZONE {zone.tzid} appears twice")
        check_zone_against_system(zone, scan_start, scan_end)
        zones[zone.tzid] = zone

    events = calendar.walk("VEVENT")
    series = {}
    replaced = {}  # uid -> keys of occurrences replaced by RECURRENCE-ID VEVENTs
    for event in events:
        label = event_label(event)
        for name in ("UID", "DTSTAMP", "DTSTART"):
            require(event, name, label)
        for name in ("DTSTAMP", "CREATED", "LAST-MODIFIED"):
            if name in event and not is_utc(event[name].dt):
                raise Violation(f"{label}: {name} is not UTC")
        series[id(event)] = Series(event, zones)
    masters = {str(e["UID"]): series[id(e)] for e in events if "RECURRENCE-ID" not in e}
    for event in events:
        if "RECURRENCE-ID" not in event:
            continue
        label = event_label(event)
        master = masters.get(str(event["UID"]))
        if master is None or master.rule is None:
            raise Violation(f"{label}: RECURRENCE-ID without a recurring VEVENT of the same UID")
        key = master.key(event["RECURRENCE-ID"], label, "RECURRENCE-ID")
        wall = master.wall(key) if master.is_date else master.zone.aware(key).replace(tzinfo=None)
        if key not in master.starts(wall - DAY * 2, wall + DAY * 2):
            raise Violation(f"{label}: RECURRENCE-ID {key} is not an occurrence of the series")
        replaced.setdefault(str(event["UID"]), set()).add(key)

    result = []
    for event in events:
        label = event_label(event)
        timing = series[id(event)]
        excluded = set()
        if "RECURRENCE-ID" not in event:
            excluded |= replaced.get(str(event["UID"]), set())
            for exdate in as_list(event.get("EXDATE")):
                for entry in exdate.dts:
                    entry.params = exdate.params
                    excluded.add(timing.key(entry, label, "EXDATE"))
        occurrences = [
            timing.text(key)
            for key in timing.starts(scan_start, scan_end)
            if key not in excluded and window_from <= timing.local_date(key) <= window_to
        ]
        status = event.get("STATUS")
        result.append({
            "uid": str(event["UID"]),
            "summary": str(event.get("SUMMARY", "")),
            "status": str(status) if status is not None else None,
            "sequence": int(event.get("SEQUENCE", 0)),
            "occurrences": occurrences,
        })
    return {"events": result}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?", help="the .ics file (default: stdin)")
    parser.add_argument("--from", dest="window_from", type=parse_date_arg, required=True)
    parser.add_argument("--to", dest="window_to", type=parse_date_arg, required=True)
    args = parser.parse_args()
    if args.window_to < args.window_from:
        parser.error("--to is before --from")
    if args.file:
        with open(args.file, "rb") as source:
            raw = source.read()
    else:
        raw = sys.stdin.buffer.read()
    try:
        output = check(raw, args.window_from, args.window_to)
    except Violation as violation:
        print(f"ics_check: {args.file or 'stdin'}: {violation}", file=sys.stderr)
        return 1
    print(json.dumps(output, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
