#!/usr/bin/python3
"""ctest ics_python: write_ics() output must pass ics_check.py, and the
occurrences ics_check.py expands (python-dateutil) must equal the ones
event_series computed (written by hearth_ics_samples beside each file).

Usage: ics_samples_check.py HEARTH_ICS_SAMPLES ICS_CHECK_PY
"""

import json
import pathlib
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    samples_binary, check_script = sys.argv[1], sys.argv[2]
    failures = 0
    with tempfile.TemporaryDirectory(prefix="hearth-ics-") as directory:
        subprocess.run([samples_binary, directory], check=True)
        files = sorted(pathlib.Path(directory).glob("*.ics"))
        if not files:
            print("no samples written", file=sys.stderr)
            return 1
        for ics in files:
            sample = json.loads(ics.with_suffix(".json").read_text(encoding="utf-8"))
            run = subprocess.run(
                [sys.executable, check_script, str(ics), "--from", sample["from"], "--to", sample["to"]],
                capture_output=True, text=True)
            if run.returncode != 0:
                print(f"FAIL {ics.name}: ics_check.py exited {run.returncode}: {run.stderr.strip()}")
                failures += 1
                continue
            actual = json.loads(run.stdout)
            expected = sample["expected"]
            if actual == expected:
                count = sum(len(event["occurrences"]) for event in actual["events"])
                print(f"ok   {ics.name}: {len(actual['events'])} events, {count} occurrences")
                continue
            failures += 1
            print(f"FAIL {ics.name}: ics_check.py and event_series disagree")
            for ours, theirs in zip(expected["events"], actual["events"]):
                for key in ours:
                    if ours[key] != theirs.get(key):
                        print(f"  {ours['uid']} {key}:")
                        print(f"    event_series: {ours[key]}")
                        print(f"    ics_check.py: {theirs.get(key)}")
            if len(expected["events"]) != len(actual["events"]):
                print(f"  {len(expected['events'])} events expected, {len(actual['events'])} found")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
