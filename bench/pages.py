"""Page latency over HTTP against a running server; prints one JSON object.

    python bench/pages.py BASE_URL FIXTURES.json [SAMPLES]

Each role signs in once through the real sign-in form (a requests.Session keeps the cookie);
each page is fetched a few times to warm up, then SAMPLES times one after another. Quiz
submission starts a fresh attempt for a trainee who has never tried that module, opens it and
times only the POST of the answers.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from inprocess import PASSWORD, csrf, pages, percentile, quiz_answers

WARM_UP = 3


def sign_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    token = csrf(session.get(f"{base}/sign-in", timeout=30).text)
    response = session.post(
        f"{base}/sign-in",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 302:
        raise SystemExit(f"sign-in failed for {email}: {response.status_code}")
    return session


def summary(times: list[float], statuses: list[int]) -> dict:
    return {
        "n": len(times),
        "p50_ms": percentile(times, 0.50) * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
        "statuses": sorted(set(statuses)),
    }


def measure(base: str, fx: dict, samples: int) -> dict:
    sessions: dict[str, requests.Session] = {}
    out: dict[str, dict | None] = {}
    for name, (role, path) in pages(fx).items():
        if path is None or fx.get(role) is None:
            out[name] = None
            continue
        if role not in sessions:
            sessions[role] = sign_in(base, fx[role])
        session = sessions[role]
        times, statuses = [], []
        for i in range(WARM_UP + samples):
            started = time.perf_counter()
            response = session.get(f"{base}{path}", allow_redirects=False, timeout=60)
            elapsed = time.perf_counter() - started
            if i >= WARM_UP:
                times.append(elapsed)
                statuses.append(response.status_code)
        out[name] = summary(times, statuses)
    out["quiz submission"] = submissions(base, fx, samples)
    return out


def submissions(base: str, fx: dict, samples: int) -> dict:
    times, statuses = [], []
    sessions: dict[str, requests.Session] = {}
    for email, slug in fx["submit_pairs"][: min(samples, len(fx["submit_pairs"]) - 1)]:
        if email not in sessions:
            sessions[email] = sign_in(base, email)
        session = sessions[email]
        page = session.get(f"{base}/training/{slug}", timeout=30)
        started = session.post(
            f"{base}/training/{slug}/quiz",
            data={"csrf_token": csrf(page.text)},
            allow_redirects=False,
            timeout=30,
        )
        location = started.headers.get("Location", "")
        if not location.startswith("http"):
            location = f"{base}{location}"
        quiz = session.get(location, timeout=30).text
        form = {"csrf_token": csrf(quiz), **quiz_answers(quiz)}
        begun = time.perf_counter()
        response = session.post(location, data=form, allow_redirects=False, timeout=60)
        times.append(time.perf_counter() - begun)
        statuses.append(response.status_code)
    return summary(times, statuses)


def main() -> None:
    base = sys.argv[1].rstrip("/")
    fx = json.loads(Path(sys.argv[2]).read_text())
    samples = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    print(json.dumps(measure(base, fx, samples)))


if __name__ == "__main__":
    main()
