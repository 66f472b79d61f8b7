"""The newsroom server under read load: a real store of stories, N concurrent clients per page kind.

What is measured. A DuckDB store of >= ``--articles`` invented articles (default 1,200) is built with the
real pipeline, ``storyline.api.stories(day_feed, store=...)``, one batch per publication day as a feed
would arrive, so stories grow over days (~170 stories of 4-10 articles from different outlets, each a
variation of the story's facts, with quotes by named speakers and numbers). The store is reused when it
holds enough articles. Then the real server (``python -m storyline.cli serve --store F --port P``, a child
process on 127.0.0.1) is loaded, one page kind at a time, by ``--clients`` closed-loop clients (each sends
the next request as soon as the answer arrives) for ``--seconds`` each:

* ``list``: ``/api/v1/stories?page=K`` (K random among the pages);
* ``story html``: ``/stories/{id}`` (a random story);
* ``story json``: ``/api/v1/stories/{id}``;
* ``search``: ``/api/v1/search?q=...`` (speaker names, places, a quoted phrase of the generated corpus).

Printed per kind: requests/s, p50/p90/p99 latency, non-2xx answers and connection errors (all must be 0),
and the server's resident memory (its process tree) at start, after the warm-up and after the load.

Why the peer. Every response the load uses is fetched once during a warm-up and written to a folder that
the stdlib's ``ThreadingHTTPServer`` (HTTP/1.1 keep-alive, no logging) serves as static files, loaded in
the same run by the same clients for the same time. It has no database and no rendering, so it is the
floor of what this machine, this client and loopback HTTP can do; the gap to it is what storyline's
database reads, rendering and framework cost. The client runs in this process and shares the 2 cores
with the server under test in both runs; per kind the table also says how many cores the server, the
client and anything else on the machine used (a run with "other" work is skewed).

The client. By default a minimal HTTP/1.1 keep-alive client on asyncio streams (``RawConnection``), one
connection per client: httpx costs ~4-5 ms of client CPU per request here, which caps one client process
near 200 requests/s, so with it the static peer measures httpx rather than the server (``--client httpx``
shows that; the storyline rows hardly change, as the server is the bottleneck there). The warm-up, which
also checks every response is a 200, uses httpx.

Usage: ``python benchmarks/server.py [--articles 1200] [--clients 20] [--seconds 30] [--store PATH]
[--kinds list,story-html,story-json,search] [--sample 400] [--client raw|httpx] [--rebuild] [--json FILE]``
(``--sample N`` loads at most N story ids: a small N is a hot set that fits the server's story cache.)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
# Not under benchmarks/: .gitignore covers *.duckdb, not benchmarks/.cache (nor what an ingest leaves).
DEFAULT_STORE = Path("/tmp/storyline-bench/newsroom.duckdb")
START = dt.date(2025, 9, 1)
STORIES_PER_DAY = 12
SPAN_DAYS = 4  # a story is reported on over this many days
KINDS = ("list", "story-html", "story-json", "search")

# -- an invented corpus: stories of several articles each ------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST = _words(
    "Ana Boris Chen Dalia Emeka Farah Goran Hilde Ivo Jana Kofi Lena Mateo Nadia Oskar Priya Quinn Rosa "
    "Stefan Tariq Uma Viktor Wen Yara Zoltan Aisha Bruno Celia Dmitri Elena Felix Greta Hassan Irene "
    "Jonas Kira Luis Marta Nils Olga"
)
_LAST = _words(
    "Abara Brenner Castell Dunmore Eklund Ferrante Galloway Hartsock Ibsen Jovanic Kestrel Lindqvist "
    "Marlow Novak Okafor Pellham Quarry Rourke Santos Thorne Ulrich Varga Whitlock Yates Zeller Amadi "
    "Bellweather Corrigan Delacroix Esterhazy Fairbank Grimaldi Holloway Iversen Jankowski Kowalczyk "
    "Lombardi Moreau Nakamura Ostrander"
)
_PLACE_HEADS = _words(
    "Ard Bel Cor Dun Els Fair Grey Hol Ist Jar Kes Larch Mill Nor Ost Pen Quil Red Salt Tar Und Val West "
    "Yar Brack Crom Drev Fen Gort Hask"
)
_PLACE_TAILS = _words(
    "more castro vell haven mere low wick brook ham dle lan cliff marsh row hill dren stead"
)
_OUTLETS = (
    "The Harbour Courier",
    "Valley Post",
    "Northern Ledger",
    "Evening Dispatch",
    "Coastal Herald",
    "Daily Lantern",
    "The Civic Review",
    "Morning Sentinel",
    "Riverside Gazette",
    "Metro Wire",
    "The Weekly Beacon",
    "Capital Observer",
)
_BODIES = (
    "city council",
    "port authority",
    "health board",
    "transport agency",
    "water board",
    "university",
    "energy regulator",
    "fire service",
    "housing trust",
    "school board",
    "hospital trust",
    "county council",
)
_ROLES = (
    "spokeswoman",
    "director",
    "chief engineer",
    "chairman",
    "chairwoman",
    "chief executive",
    "spokesman",
)
_THINGS = (
    "bridge",
    "hospital wing",
    "rail line",
    "school",
    "reservoir",
    "power station",
    "harbour wall",
    "housing estate",
    "tram network",
    "library",
    "ferry service",
    "flood barrier",
    "market hall",
)
_ACTIONS = (
    ("approved plans to rebuild", "rebuild"),
    ("voted to close", "close"),
    ("announced an inquiry into", "investigate"),
    ("delayed work on", "delay work on"),
    ("cut the budget for", "cut spending on"),
    ("promised to expand", "expand"),
    ("suspended repairs to", "suspend repairs to"),
    ("agreed to sell", "sell"),
)
_WHY = (
    "after a report found serious faults",
    "because costs had doubled",
    "following weeks of protests",
    "to meet new safety rules",
    "after heavy storms last winter",
    "because demand had fallen",
    "after years of complaints",
)
_GROUPS = (
    "residents' association",
    "traders' group",
    "parents' network",
    "tenants' union",
    "commuters' forum",
)
_INSTITUTES = ("policy institute", "school of economics", "infrastructure centre", "research unit")


@dataclass
class Speaker:
    name: str
    role: str


@dataclass
class StoryFacts:
    number: int
    place: str
    body: str
    thing: str
    action: str
    verb: str
    why: str
    official: Speaker
    critic: Speaker
    analyst: Speaker
    numbers: dict[str, int]
    quotes: dict[str, str]
    start: dt.date


@dataclass
class Corpus:
    articles: list[dict[str, str]]
    stories: list[StoryFacts]

    def days(self) -> list[list[dict[str, str]]]:
        """The articles as a feed: one batch per publication date, oldest first."""
        by_day: dict[str, list[dict[str, str]]] = {}
        for article in self.articles:
            by_day.setdefault(article["published"], []).append(article)
        return [by_day[day] for day in sorted(by_day)]

    def queries(self, count: int, seed: int) -> list[str]:
        """Search words from the corpus's vocabulary: a speaker's name, a place, a quoted phrase, pairs."""
        rng = random.Random(seed)
        made: list[str] = []
        for _ in range(count * 3):
            facts = rng.choice(self.stories)
            kind = rng.randrange(5)
            if kind == 0:
                made.append(rng.choice([facts.official, facts.critic, facts.analyst]).name)
            elif kind == 1:
                made.append(facts.place)
            elif kind == 2:
                words = rng.choice(list(facts.quotes.values())).split()
                first = rng.randrange(max(1, len(words) - 4))
                made.append(" ".join(words[first : first + 4]).strip(",.\"'"))
            elif kind == 3:
                made.append(f"{facts.place} {facts.thing}")
            else:
                made.append(f"{facts.critic.name.split()[1]} {facts.body}")
        return list(dict.fromkeys(made))[:count]


def _people(seed: int) -> list[str]:
    names = [f"{first} {last}" for first in _FIRST for last in _LAST]
    random.Random(seed).shuffle(names)
    return names


def _places(seed: int) -> list[str]:
    names = [f"{head}{tail}" for head in _PLACE_HEADS for tail in _PLACE_TAILS]
    random.Random(seed + 1).shuffle(names)
    return names


def story_facts(number: int, people: Sequence[str], places: Sequence[str], seed: int) -> StoryFacts:
    """The facts of story ``number`` (its own random stream, so a corpus is a prefix of a larger one)."""
    rng = random.Random(seed * 1_000_003 + number)
    place = places[number % len(places)]
    official, critic, analyst = (people[(3 * number + k) % len(people)] for k in range(3))
    body, thing = rng.choice(_BODIES), rng.choice(_THINGS)
    action, verb = rng.choice(_ACTIONS)
    cost = rng.randint(4, 480)
    numbers = {
        "cost": cost,
        "revised": cost + rng.randint(3, 90),
        "users": rng.randint(12, 900) * 10,
        "households": rng.randint(80, 4000),
        "protesters": rng.randint(20, 600),
        "jobs": rng.randint(5, 320),
        "age": rng.randint(12, 95),
        "yes": rng.randint(6, 11),
        "no": rng.randint(1, 5),
        "firms": rng.randint(3, 70),
        "built": rng.randint(1931, 1995),
        "meeting": rng.randint(150, 900),
    }
    quotes = {
        "official": rng.choice(
            [
                f"We could not let the {thing} in {place} fail the {numbers['users']} people who use it "
                "every day",
                f"This {thing} has been patched for {numbers['age']} years and {place} deserves better",
                f"Nobody in {place} wants to pay twice for the same {thing}",
            ]
        ),
        "critic": rng.choice(
            [
                f"The {body} decided first and asked {place} afterwards",
                f"{numbers['households']} households told them no and they did not listen",
                f"Every family in {place} will pay for this {thing} for a generation",
            ]
        ),
        "follow": rng.choice(
            [
                f"The figure of {numbers['revised']} million euros is the honest one and we stand by it",
                f"We will publish every invoice for the {thing} so {place} can judge for itself",
                f"I understand the anger, but doing nothing would cost {place} far more",
            ]
        ),
        "analyst": rng.choice(
            [
                f"Projects like the {thing} in {place} usually run a third over budget",
                f"The {body} has little room left in its accounts after this",
                "Councils that consult early rarely end up in court",
            ]
        ),
    }
    return StoryFacts(
        number=number,
        place=place,
        body=body,
        thing=thing,
        action=action,
        verb=verb,
        why=rng.choice(_WHY),
        official=Speaker(official, rng.choice(_ROLES)),
        critic=Speaker(critic, f"head of the {place} {rng.choice(_GROUPS)}"),
        analyst=Speaker(
            analyst, f"an analyst at the {places[(number * 7 + 3) % len(places)]} {rng.choice(_INSTITUTES)}"
        ),
        numbers=numbers,
        quotes=quotes,
        start=START + dt.timedelta(days=number // STORIES_PER_DAY),
    )


def _weekday(day: dt.date) -> str:
    return day.strftime("%A")


def story_article(facts: StoryFacts, day: int, outlet: str, rng: random.Random) -> tuple[str, str]:
    """One outlet's article about the story on its ``day``-th day: (title, body). Later days report the
    later developments first and the earlier ones as background."""
    f, n, q = facts, facts.numbers, facts.quotes
    date = f.start + dt.timedelta(days=day)
    first_day = _weekday(f.start)
    said = rng.choice(["said", "told reporters", "said in a statement"])
    announce = [
        f"The {f.place} {f.body} {f.action} the {f.thing} on {first_day}, {f.why}, {f.official.role} "
        f"{f.official.name} {said}. The work is expected to cost about {n['cost']} million euros.",
        f"{f.official.name}, the {f.body}'s {f.official.role}, said on {first_day} that it would {f.verb} "
        f"the {n['age']}-year-old {f.thing} in {f.place} {f.why}, at a cost of some {n['cost']} million "
        "euros.",
    ]
    quote_official = [
        f'"{q["official"]}," {f.official.name} said.',
        f'"{q["official"]}," the {f.official.role} told a meeting in {f.place}.',
    ]
    background = (
        f"The {f.thing} is used by {n['users']} people a day, and {n['jobs']} jobs depend on it, "
        f"according to figures from the {f.body}."
    )
    react = [
        f"{f.critic.name}, {f.critic.role}, said {n['households']} households had signed a petition "
        f'against the plan. "{q["critic"]}," {f.critic.name.split()[0]} said.',
        f"About {n['protesters']} people gathered outside the {f.body}'s offices on "
        f'{_weekday(f.start + dt.timedelta(days=1))}. "{q["critic"]}," said {f.critic.name}, '
        f"{f.critic.role}.",
    ]
    follow = [
        f"On {_weekday(f.start + dt.timedelta(days=2))} {f.official.name} said the cost had risen to "
        f'{n["revised"]} million euros. "{q["follow"]}," the {f.official.role} said.',
        f'The {f.body} now puts the bill at {n["revised"]} million euros. "{q["follow"]}," '
        f"{f.official.name} said, adding that {n['firms']} local firms had asked to bid for the work.",
    ]
    analyst = (
        f'"{q["analyst"]}," said {f.analyst.name}, {f.analyst.role}, who expects a final decision '
        f"within weeks."
    )
    vote = (
        f"On {_weekday(f.start + dt.timedelta(days=3))} the members of the {f.body} voted {n['yes']} to "
        f"{n['no']} to go ahead. {f.critic.name} said the {f.critic.role.split(' of the ')[-1]} would "
        "take the decision to court."
    )
    history = [
        f"The {f.thing} was built in {n['built']} and has not been fully renovated since. Engineers "
        f"inspected it {rng.choice(['twice', 'three times', 'four times'])} in the past decade.",
        f"Built in {n['built']}, the {f.thing} is one of the oldest in the region, and repairs have "
        f"been postponed several times by the {f.body}.",
    ]
    meeting = [
        f"A public meeting is planned at {f.place} town hall, where engineers will present the plans to "
        f"residents. About {n['meeting']} people attended the last one.",
        f"The {f.body} said it would hold a public meeting in {f.place} and publish the engineers' report "
        "before any work begins.",
    ]
    titles = [
        f"{f.place} {f.body} to {f.verb} {f.thing}",
        f"Residents of {f.place} protest {f.thing} plan",
        f"{f.official.name} defends {f.place} {f.thing} as bill rises to {n['revised']} million euros",
        f"{f.place} {f.body} votes {n['yes']}-{n['no']} on {f.thing}",
    ]
    paragraphs = [rng.choice(announce), rng.choice(quote_official), background, rng.choice(history)]
    if rng.random() < 0.7:
        paragraphs.append(rng.choice(meeting))
    if day >= 1:
        paragraphs.insert(0, rng.choice(react))
    if day >= 2:
        paragraphs.insert(0, rng.choice(follow))
        paragraphs.append(analyst)
    if day >= 3:
        paragraphs.insert(0, vote)
    if rng.random() < 0.5:
        paragraphs[1:] = rng.sample(paragraphs[1:], len(paragraphs) - 1)
    dateline = f"{f.place.upper()}, {date.strftime('%B')} {date.day} ({outlet}) - "
    return rng.choice([titles[min(day, 3)], titles[0]]), dateline + "\n\n".join(paragraphs)


def build_corpus(target: int, seed: int = 10) -> Corpus:
    """Stories of 4-10 articles each until there are ``target`` articles (prefix-stable in ``target``)."""
    people, places = _people(seed), _places(seed)
    articles: list[dict[str, str]] = []
    stories: list[StoryFacts] = []
    while len(articles) < target:
        facts = story_facts(len(stories), people, places, seed)
        stories.append(facts)
        rng = random.Random(seed * 7_919 + facts.number)
        count = rng.randint(4, 10)
        days = sorted([0, *(rng.randrange(SPAN_DAYS) for _ in range(count - 1))])
        outlets = rng.sample(_OUTLETS, min(count, len(_OUTLETS)))
        for index, day in enumerate(days):
            outlet = outlets[index % len(outlets)]
            title, text = story_article(facts, day, outlet, rng)
            slug = f"s{facts.number}-{index}"
            articles.append(
                {
                    "url": f"https://news.example/{outlet.lower().replace(' ', '-')}/{slug}",
                    "title": title,
                    "outlet": outlet,
                    "published": (facts.start + dt.timedelta(days=day)).isoformat(),
                    "text": text,
                }
            )
    return Corpus(articles, stories)


# -- the store -------------------------------------------------------------------------------------------


@dataclass
class StoreInfo:
    path: str
    articles: int
    stories: int
    megabytes: float
    built_seconds: float | None = None
    generated_stories: int = 0


def store_counts(path: Path) -> tuple[int, int]:
    """(articles, stories) of an existing store, or (0, 0) when it is missing or unusable."""
    from storyline.store import Store
    from storyline.store.errors import StoreError

    if not path.is_file():
        return 0, 0
    try:
        with Store(path, read_only=True) as store:
            articles = store.connection.execute("SELECT count(*) FROM articles").fetchone()
            stories = store.connection.execute("SELECT count(*) FROM stories").fetchone()
    except StoreError:
        return 0, 0
    return int(articles[0]) if articles else 0, int(stories[0]) if stories else 0


def _remove_store(path: Path) -> None:
    for sibling in (path, path.with_name(path.name + ".wal")):
        sibling.unlink(missing_ok=True)
    for hidden in (path.with_name(f".{path.name}.lock"), path.with_name(f".{path.name}.parts")):
        if hidden.is_dir():
            shutil.rmtree(hidden)
        else:
            hidden.unlink(missing_ok=True)


def ensure_store(path: Path, corpus: Corpus, rebuild: bool) -> StoreInfo:
    """Reuse the store at ``path`` if it holds enough articles, else build it day by day."""
    from storyline.api import stories as make_stories

    articles, stories = store_counts(path)
    built: float | None = None
    if rebuild or articles < len(corpus.articles):
        if path.exists():
            print(f"store {path}: {articles} articles, {len(corpus.articles)} wanted: rebuilding", flush=True)
        _remove_store(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        began = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="storyline-feed-") as tmp:
            for number, batch in enumerate(corpus.days(), start=1):
                feed = Path(tmp) / f"day-{number:03d}.jsonl"
                feed.write_text("".join(json.dumps(a) + "\n" for a in batch), encoding="utf-8")
                touched = make_stories([feed], store=path)
                print(
                    f"  day {number:>2} ({batch[0]['published']}): {len(batch):>3} articles, "
                    f"{len(touched):>3} stories touched, {time.perf_counter() - began:6.0f} s",
                    flush=True,
                )
        built = time.perf_counter() - began
        articles, stories = store_counts(path)
        print(f"store built in {built:.0f} s ({articles / built:.2f} articles/s)", flush=True)
    size = path.stat().st_size + sum(
        p.stat().st_size for p in [path.with_name(path.name + ".wal")] if p.exists()
    )
    return StoreInfo(str(path), articles, stories, size / 2**20, built, len(corpus.stories))


# -- processes -------------------------------------------------------------------------------------------

PEER = """
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

class Quiet(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as uvicorn does
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall

    def log_message(self, format, *args):
        pass

ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), partial(Quiet, directory=sys.argv[1])).serve_forever()
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return found


def _status_kib(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` and its descendants so far."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        except (OSError, IndexError, ValueError):
            pass
        todo += _children(current)
    return total / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (all cores, /proc/stat), to see other load."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def tree_mib(pid: int, key: str = "VmRSS") -> float:
    """Sum of ``key`` (VmRSS, or VmHWM for the peak) over ``pid`` and its descendants, in MiB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _status_kib(current, key)
        todo += _children(current)
    return total / 1024


class Served:
    """A server in a child process on a free loopback port; stdout/stderr go to files."""

    def __init__(self, label: str, command: list[str], health: str, logs: Path) -> None:
        self.label = label
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.out = logs / f"{label}.out"
        self.err = logs / f"{label}.err"
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen([*command, str(self.port)], stdout=out, stderr=err)
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(self.url + health, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.fail("did not start" if self.process.poll() is None else "exited")
            time.sleep(0.2)

    def fail(self, what: str) -> None:
        self.stop()
        print(f"\n!!! {self.label} server {what}; its stderr:\n", file=sys.stderr)
        print(self.err.read_text(errors="replace")[-6000:] or "(empty)", file=sys.stderr)
        raise SystemExit(2)

    def rss(self) -> float:
        return tree_mib(self.process.pid)

    def peak(self) -> float:
        return tree_mib(self.process.pid, "VmHWM")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# -- load ------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    statuses: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)


@dataclass
class Row:
    kind: str
    requests: int
    per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    non_2xx: int
    errors: int
    statuses: dict[str, int]
    server_cpu: float = 0.0  # cores the server's process tree used during the load
    machine_cpu: float = 0.0  # cores the whole machine used (server, client, anything else)
    client_cpu: float = 0.0  # cores this process (the load client) used

    @property
    def other_cpu(self) -> float:
        """Cores used by neither the server nor the client: other work on the machine, which skews a run."""
        return max(0.0, self.machine_cpu - self.server_cpu - self.client_cpu)


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class RawConnection:
    """A minimal HTTP/1.1 keep-alive GET client on asyncio streams (stdlib only).

    Why beside httpx: on this machine httpx costs ~4-5 ms of client CPU per request, so one client
    process tops out near 200 requests/s and the static peer would measure the client, not the server.
    This one costs ~0.25 ms; it sends ``GET path HTTP/1.1`` and reads the answer by Content-Length (or
    chunked, or to the close), reconnecting when the server closes.
    """

    def __init__(self, host: str, port: int, timeout: float = 60.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        return await asyncio.wait_for(self._get(path), self.timeout)

    async def _get(self, path: str) -> int:
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.reader, self.writer
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode("ascii"))
        await writer.drain()
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        headers = {
            name.strip().lower(): value.strip()
            for name, _, value in (line.partition(":") for line in head[1:] if line)
        }
        if "content-length" in headers:
            await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await reader.readexactly(size + 2)
                if size == 0:
                    break
        else:
            await reader.read()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def _client(
    get: Callable[[str], Awaitable[int]],
    paths: Sequence[str],
    seed: int,
    stop: float,
    tally: Tally,
    reset: Callable[[], Awaitable[None]] | None = None,
) -> None:
    rng = random.Random(seed)
    while time.monotonic() < stop:
        path = paths[rng.randrange(len(paths))]
        began = time.perf_counter()
        try:
            status = await get(path)
        except (
            httpx.HTTPError,
            OSError,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
            TimeoutError,
            ValueError,
            IndexError,
        ) as error:
            tally.errors[type(error).__name__] += 1
            if reset is not None:
                await reset()
            continue
        tally.latencies.append(time.perf_counter() - began)
        tally.statuses[str(status)] += 1


async def _load(
    url: str, paths: Sequence[str], clients: int, seconds: float, client: str
) -> tuple[Tally, float]:
    tally = Tally()
    if client == "raw":
        split = urlsplit(url)
        connections = [RawConnection(split.hostname or "127.0.0.1", split.port or 80) for _ in range(clients)]
        try:
            await asyncio.gather(
                *(c.get(paths[n % len(paths)]) for n, c in enumerate(connections))
            )  # connect
            began = time.monotonic()
            await asyncio.gather(
                *(
                    _client(c.get, paths, 1000 + n, began + seconds, tally, c.close)
                    for n, c in enumerate(connections)
                )
            )
            return tally, time.monotonic() - began
        finally:
            for connection in connections:
                await connection.close()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:

        async def get(path: str) -> int:
            return (await http.get(path)).status_code

        await asyncio.gather(*(get(paths[n % len(paths)]) for n in range(clients)))  # open connections
        began = time.monotonic()
        await asyncio.gather(*(_client(get, paths, 1000 + n, began + seconds, tally) for n in range(clients)))
        return tally, time.monotonic() - began


def load(kind: str, url: str, paths: Sequence[str], clients: int, seconds: float, client: str = "raw") -> Row:
    tally, elapsed = asyncio.run(_load(url, paths, clients, seconds, client))
    total = sum(tally.statuses.values())
    bad = sum(count for status, count in tally.statuses.items() if not status.startswith("2"))
    errors = sum(tally.errors.values())
    statuses = dict(tally.statuses) | {f"error:{name}": count for name, count in tally.errors.items()}
    ms = [1000 * value for value in tally.latencies]
    return Row(
        kind,
        total,
        total / elapsed,
        _percentile(ms, 0.5),
        _percentile(ms, 0.9),
        _percentile(ms, 0.99),
        max(ms, default=float("nan")),
        bad,
        errors,
        statuses,
    )


# -- warm-up: the request plan and the static copy ------------------------------------------------------


@dataclass
class Plan:
    """Per kind, the server's paths and the static peer's paths for the same responses (same order)."""

    server: dict[str, list[str]] = field(default_factory=dict)
    static: dict[str, list[str]] = field(default_factory=dict)
    search_hits: int = 0
    searches: int = 0
    brief_quotes: int = 0
    cold_ms: dict[str, list[float]] = field(default_factory=dict)  # the warm-up's first fetch of each
    sizes: dict[str, list[int]] = field(default_factory=dict)  # response bytes


def warm_up(url: str, folder: Path, queries: Sequence[str], per_page: int, sample: int) -> Plan:
    """Fetch every response the load will ask for once (checking each is 200) and write it under
    ``folder`` as the static peer's file."""
    plan = Plan()
    with httpx.Client(base_url=url, timeout=120) as http:

        def fetch(path: str, static: str, kind: str = "") -> httpx.Response:
            began = time.perf_counter()
            response = http.get(path)
            if kind:
                plan.cold_ms.setdefault(kind, []).append(1000 * (time.perf_counter() - began))
                plan.sizes.setdefault(kind, []).append(len(response.content))
            if response.status_code != 200:
                raise SystemExit(f"warm-up: GET {path} -> {response.status_code}: {response.text[:300]}")
            target = folder / static.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(response.content)
            return response

        first = fetch(
            f"/api/v1/stories?page=1&per_page={per_page}", f"/api/v1/stories/page-1-{per_page}.json"
        )
        fetch("/", "/index.html")
        pages = int(first.json()["pages"])
        ids: list[str] = []
        for page in range(1, pages + 1):
            path = f"/api/v1/stories?page={page}&per_page={per_page}"
            static = f"/api/v1/stories/page-{page}-{per_page}.json"
            ids += [story["id"] for story in fetch(path, static, "list").json()["stories"]]
            plan.server.setdefault("list", []).append(path)
            plan.static.setdefault("list", []).append(static)
        for story_id in random.Random(5).sample(ids, min(sample, len(ids))):
            fetch(f"/stories/{story_id}", f"/stories/{story_id}.html", "story-html")
            body = fetch(
                f"/api/v1/stories/{story_id}", f"/api/v1/stories/{story_id}.json", "story-json"
            ).json()
            plan.brief_quotes += len((body.get("brief") or {}).get("quotes") or [])
            plan.server.setdefault("story-html", []).append(f"/stories/{story_id}")
            plan.static.setdefault("story-html", []).append(f"/stories/{story_id}.html")
            plan.server.setdefault("story-json", []).append(f"/api/v1/stories/{story_id}")
            plan.static.setdefault("story-json", []).append(f"/api/v1/stories/{story_id}.json")
        for number, words in enumerate(queries):
            path = f"/api/v1/search?q={quote(words)}"
            static = f"/api/v1/search/q-{number}.json"
            total = int(fetch(path, static, "search").json().get("total") or 0)
            plan.searches += 1
            plan.search_hits += total > 0
            plan.server.setdefault("search", []).append(path)
            plan.static.setdefault("search", []).append(static)
    return plan


# -- report ----------------------------------------------------------------------------------------------


def _cells(row: Row | None) -> str:
    if row is None:
        return f"{'-':>8} {'-':>7} {'-':>7} {'-':>7} {'-':>6}"
    bad = row.non_2xx + row.errors
    return f"{row.per_second:>8.1f} {row.p50_ms:>7.1f} {row.p90_ms:>7.1f} {row.p99_ms:>7.1f} {bad:>6}"


def report(ours: list[Row], peer: list[Row]) -> None:
    head = f"{'req/s':>8} {'p50 ms':>7} {'p90 ms':>7} {'p99 ms':>7} {'bad':>6}"
    print(f"\n{'':<11} | {'storyline':^39} | {'static files (peer)':^39} |")
    print(f"{'kind':<11} | {head} | {head} | {'x slower':>8}")
    by_kind = {row.kind: row for row in peer}
    for row in ours:
        other = by_kind.get(row.kind)
        ratio = f"{other.per_second / row.per_second:>8.1f}" if other and row.per_second else f"{'-':>8}"
        print(f"{row.kind:<11} | {_cells(row)} | {_cells(other)} | {ratio}")
    print("(bad = non-2xx answers + connection errors; x slower = peer req/s / storyline req/s)")
    for label, rows in (("storyline", ours), ("peer", peer)):
        for row in rows:
            if row.non_2xx or row.errors:
                print(f"!!! {label} {row.kind}: {row.non_2xx} non-2xx, {row.errors} errors: {row.statuses}")


def _run_kinds(
    served: Served,
    plan: dict[str, list[str]],
    kinds: Sequence[str],
    clients: int,
    seconds: float,
    sample_rss: Callable[[], float],
    client: str,
) -> list[Row]:
    rows = []
    for kind in kinds:
        cpu, busy, own = tree_cpu_seconds(served.process.pid), machine_busy_seconds(), time.process_time()
        began = time.monotonic()
        row = load(kind, served.url, plan[kind], clients, seconds, client)
        wall = time.monotonic() - began
        row.server_cpu = (tree_cpu_seconds(served.process.pid) - cpu) / wall
        row.machine_cpu = (machine_busy_seconds() - busy) / wall
        row.client_cpu = (time.process_time() - own) / wall
        rows.append(row)
        print(
            f"  {served.label:<9} {kind:<11} {row.requests:>7} requests {row.per_second:>8.1f}/s  "
            f"p50 {row.p50_ms:7.1f} ms  p90 {row.p90_ms:7.1f} ms  p99 {row.p99_ms:7.1f} ms  "
            f"max {row.max_ms:7.1f} ms  non-2xx {row.non_2xx}  errors {row.errors}  "
            f"RSS {sample_rss():.0f} MiB  "
            f"cores: server {row.server_cpu:.2f} client {row.client_cpu:.2f} other {row.other_cpu:.2f}",
            flush=True,
        )
        if served.process.poll() is not None:
            served.fail("died under load")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1200)
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE)
    parser.add_argument("--rebuild", action="store_true", help="build the store even if it is usable")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0, help="per kind and server")
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--queries", type=int, default=60, help="distinct search queries")
    parser.add_argument("--sample", type=int, default=400, help="at most this many story ids are loaded")
    parser.add_argument("--per-page", type=int, default=20)
    parser.add_argument(
        "--client", choices=("raw", "httpx"), default="raw", help="the load client (see RawConnection)"
    )
    parser.add_argument("--json", type=Path, help="write the numbers here")
    args = parser.parse_args(argv)
    kinds = [kind.strip() for kind in args.kinds.split(",") if kind.strip()]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds {sorted(unknown)}; known: {', '.join(KINDS)}")

    corpus = build_corpus(args.articles)
    info = ensure_store(args.store, corpus, args.rebuild)
    print(
        f"store {info.path}: {info.articles} articles, {info.stories} stories "
        f"({info.generated_stories} generated), {info.megabytes:.1f} MB"
    )
    print(
        f"{os.cpu_count()} cores; {args.clients} {args.client} clients, "
        f"{args.seconds:g} s per kind and server",
        flush=True,
    )
    load_average = Path("/proc/loadavg").read_text().split()[:3]
    print(f"load average before the load: {' '.join(load_average)} (other work on the machine skews numbers)")
    memory: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="storyline-bench-server-") as tmp:
        root = Path(tmp)
        static = root / "static"
        command = [sys.executable, "-m", "storyline.cli", "serve", "--store", str(args.store), "--port"]
        served = Served("storyline", command, "/healthz", root)
        try:
            memory["start"] = served.rss()
            began = time.perf_counter()
            plan = warm_up(served.url, static, corpus.queries(args.queries, 3), args.per_page, args.sample)
            memory["after warm-up"] = served.rss()
            print(
                f"warm-up: {sum(len(p) for p in plan.server.values())} responses in "
                f"{time.perf_counter() - began:.1f} s; "
                f"{plan.search_hits}/{plan.searches} searches with hits; "
                f"{plan.brief_quotes} quotes in the sampled briefs; RSS {memory['start']:.0f} MiB at start, "
                f"{memory['after warm-up']:.0f} MiB after warm-up",
                flush=True,
            )
            for kind in kinds:
                cold, sizes = plan.cold_ms[kind], plan.sizes[kind]
                print(
                    f"  first fetch (1 client), {kind:<11} {len(cold):>4}: "
                    f"p50 {_percentile(cold, 0.5):7.1f} ms  max {max(cold):7.1f} ms  "
                    f"mean size {sum(sizes) / len(sizes) / 1024:6.1f} KiB"
                )
            ours = _run_kinds(served, plan.server, kinds, args.clients, args.seconds, served.rss, args.client)
            memory["after load"] = served.rss()
            memory["peak"] = served.peak()
        finally:
            served.stop()
        peer_server = Served("static", [sys.executable, "-c", PEER, str(static)], "/index.html", root)
        try:
            peer = _run_kinds(
                peer_server, plan.static, kinds, args.clients, args.seconds, peer_server.rss, args.client
            )
        finally:
            peer_server.stop()
    report(ours, peer)
    print(
        f"storyline server RSS (process tree): {memory['start']:.0f} MiB at start, "
        f"{memory['after warm-up']:.0f} after warm-up, {memory['after load']:.0f} after the load "
        f"(peak {memory['peak']:.0f})"
    )
    if args.json:
        payload = {
            "store": asdict(info),
            "clients": args.clients,
            "client": args.client,
            "seconds": args.seconds,
            "cores": os.cpu_count(),
            "load_average_before": load_average,
            "memory_mib": memory,
            "searches_with_hits": [plan.search_hits, plan.searches],
            "first_fetch_ms": {
                kind: {"p50": _percentile(ms, 0.5), "max": max(ms), "count": len(ms)}
                for kind, ms in plan.cold_ms.items()
            },
            "mean_bytes": {kind: sum(b) / len(b) for kind, b in plan.sizes.items()},
            "storyline": [asdict(row) | {"other_cpu": row.other_cpu} for row in ours],
            "static": [asdict(row) | {"other_cpu": row.other_cpu} for row in peer],
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    failed = any(row.non_2xx or row.errors for row in ours + peer)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
