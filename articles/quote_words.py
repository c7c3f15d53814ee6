"""The German words the quote finder (``articles.quotes``) reads by: verbs
of saying, roles, nationalities, organisations, titles, determiners, the
words that end a name. Data, kept apart from the parser so that either can
be read on its own; tuned against ``articles/quality_corpus`` (``manage.py
quote_quality``)."""

import re

# Weak verbs of saying, by stem: sag → sagt, sagte, sagten; erklär → erklärte …
_SAY_STEMS = """
sag erklär beton warn kritisier forder mein ergänz füg bekräftig versicher mahn erzähl
jubel konter urteil lob bilanzier resümier präzisier antwort bestätig bericht kommentier
klag beklag appellier äußer schilder begründ verteidig kündig droh hoff freu räum teil
stell frag erwider entgegn beteuer bedauer dräng verkünd befürcht begrüß bezeichn glaub
ärger analysier twitter post zitier bemängel monier kritisier lästere unterstrich
""".split()
_SAY_STRONG = """
sprach spricht sprachen schrieb schreibt schrieben hieß heißt rief ruft riefen wies weist
gab gibt riet rät bat bittet unterstrich unterstreicht gestand gesteht ließ lässt nannte
nennt nannten fand findet hob hebt versprach verspricht wandte gesagt geschrieben gesprochen
genannt gefordert gewarnt gelobt betont erklärt kritisiert zitiert
""".split()
SAY_VERBS = frozenset(
    [s + end for s in _SAY_STEMS for end in ("t", "te", "ten", "et", "ete", "eten")]
    + ["jubelte", "jubelten", "äußerte", "bilanzierte"]
    + _SAY_STRONG
)
HEARSAY = {"hieß", "heißt"}  # "hieß es": no speaker in the clause itself

# Role nouns by their (masculine) ending; the feminine adds -in unless listed.
_ROLE_STEMS = """
sprecher minister kanzler präsident chef direktor leiter trainer kapitän sekretär meister
ökonom volkswirt wirt analyst forscher wissenschaftler professor intendant regisseur
schauspieler autor schriftsteller sänger dirigent architekt richter inspektor kommandant
polizist führer gründer manager kurator spieler stürmer torhüter läufer fahrer politiker
aktivist berater stellvertreter kommissar diplomat botschafter rektor dekan pfarrer
vorsteher koordinator redakteur journalist sportler athlet kassier historiker kritiker
mediziner vertreter unternehmer premier offizier ermittler senator chefredakteur profi coach
verhandler gutachter verteidiger moderator star kandidat bewerber sieger
""".split()
_ROLE_IRREGULAR = {
    "anwalt": "anwältin", "arzt": "ärztin", "rat": "rätin", "vorstand": "vorständin",
    "bischof": "bischöfin", "loge": "login", "experte": "expertin", "obmann": "obfrau",
    "hauptmann": "hauptfrau", "kollege": "kollegin",
}  # fmt: skip
_ROLE_NEUTRAL = (
    "vorsitzende", "abgeordnete", "beauftragte", "sachverständige", "mitglied", "center",
)  # fmt: skip
_ROLE_MASCULINE_ADJ = ("vorsitzender", "abgeordneter", "beauftragter", "sachverständiger")

NATIONALITIES = {
    (m, f)
    for m, f in [
        ("tscheche", "tschechin"), ("schweizer", "schweizerin"), ("österreicher", "österreicherin"),
        ("deutscher", "deutsche"), ("kenianer", "kenianerin"), ("franzose", "französin"),
        ("italiener", "italienerin"), ("amerikaner", "amerikanerin"), ("brite", "britin"),
        ("russe", "russin"), ("ukrainer", "ukrainerin"), ("spanier", "spanierin"),
        ("norweger", "norwegerin"), ("schwede", "schwedin"), ("pole", "polin"),
        ("ungar", "ungarin"), ("slowene", "slowenin"), ("kroate", "kroatin"), ("serbe", "serbin"),
        ("japaner", "japanerin"), ("chinese", "chinesin"), ("koreaner", "koreanerin"),
        ("brasilianer", "brasilianerin"), ("niederländer", "niederländerin"),
        ("belgier", "belgierin"), ("kanadier", "kanadierin"), ("australier", "australierin"),
        ("äthiopier", "äthiopierin"), ("slowake", "slowakin"), ("türke", "türkin"),
        ("grieche", "griechin"), ("finne", "finnin"), ("däne", "dänin"),
        ("portugiese", "portugiesin"), ("argentinier", "argentinierin"),
        ("mexikaner", "mexikanerin"), ("iraner", "iranerin"), ("inder", "inderin"),
    ]
}  # fmt: skip
_NATIONALITY_GENDER = {m: "m" for m, _ in NATIONALITIES} | {f: "f" for _, f in NATIONALITIES}
_NATIONALITY_GENDER["deutsche"] = ""

# People described without a name ("der Angeklagte", "die 27-Jährige").
PERSON_NOUNS = {
    "mann": "m", "frau": "f", "angeklagte": "", "angeklagter": "m", "täter": "m",
    "täterin": "f", "lenker": "m", "lenkerin": "f", "verdächtige": "", "verdächtiger": "m",
    "beschuldigte": "", "beschuldigter": "m", "zeuge": "m", "zeugin": "f", "junge": "m",
    "mädchen": "f", "schüler": "m", "schülerin": "f", "bewohner": "m", "bewohnerin": "f",
    "patient": "m", "patientin": "f", "sozialdemokrat": "m", "sozialdemokratin": "f",
}  # fmt: skip
_AGE_NOUN = re.compile(r"\d+-jährige[rn]?", re.IGNORECASE)

# Organisations by the last part of their name, and words for a company
# that stand before its name ("der Energieversorger Alpenstrom").
ORG_ENDINGS = """
ministerium amt behörde polizei direktion regierung kommission partei verband verein bund
bündnis institut universität hochschule akademie gericht gerichtshof staatsanwaltschaft
feuerwehr kreuz konzern unternehmen bank kammer gewerkschaft organisation agentur komitee
ausschuss senat parlament landtag museum theater orchester philharmonie oper festival jury
club klub stiftung fonds versicherung dienst kommando armee heer botschaft präsidium
direktorium gemeinde kirche diözese zeitung sender rundfunk verlag firma gesellschaft
initiative bewegung koalition fraktion gemeinderat stadtrat bundesrat nationalrat bundestag
kabinett büro zentrum netzwerk kanzleramt kreml caritas diakonie vorstand rundschau band
""".split()
COMPANY_WORDS = """
händler versorger zulieferer hersteller autobauer discounter versicherer betreiber anbieter
fluggesellschaft reederei brauerei kette
""".split()
# Short words for a kind of organisation, before its name ("die Band Nachtfalter").
KIND_WORDS = {
    "band", "gruppe", "partei", "firma", "verein", "klub", "club", "konzern", "verband", "sender",
    "zeitung", "agentur", "initiative", "plattform",
}  # fmt: skip
# A word that stands for the organisation named before ("das Unternehmen").
GENERIC_ORGS = {
    "bündnis", "behörde", "unternehmen", "konzern", "verein", "klub", "club", "firma",
    "organisation", "verband", "institut", "komitee", "ministerium", "mannschaft", "team",
    "gesellschaft", "orchester", "band", "gruppe",
}  # fmt: skip
ORG_LEGAL_FORMS = {"ag", "gmbh", "se", "kg", "sc", "fc", "sv", "sk", "ac", "ev", "e.v"}
NOT_ORGANISATIONS = {"us", "usa", "uk", "ddr", "brd", "udssr", "tv", "km", "ok"}
# Compound roles whose first part is the organisation ("Polizeisprecher").
ROLE_PREFIX_ORGS = {
    "polizei": "Polizei", "feuerwehr": "Feuerwehr", "kreml": "Kreml",
    "regierungs": "Regierung", "bundesheer": "Bundesheer", "armee": "Armee",
}  # fmt: skip
_NEUTER_ENDINGS = (
    "ium", "um", "amt", "institut", "gericht", "komitee", "büro", "zentrum", "werk", "haus",
    "kommando", "unternehmen", "team", "theater", "museum", "land", "parlament", "kabinett",
    "netz", "netzwerk", "orchester", "festival", "kreuz", "bündnis", "volk", "archiv",
    "ensemble", "kanzleramt",
)  # fmt: skip

TITLES = {"dr", "prof", "mag", "dipl", "ing", "di", "univ", "doz", "dkfm", "mba", "phd", "ddr"}
DETERMINERS = {
    "der", "die", "das", "dem", "den", "des", "ein", "eine", "einer", "einem", "eines", "sein",
    "seine", "seiner", "seinem", "seines", "ihr", "ihre", "ihrer", "ihrem", "ihres",
}  # fmt: skip
_GENITIVE = {"des", "der", "eines", "einer"}
_LOCATIVE = {
    "in", "im", "ins", "am", "an", "auf", "nach", "zu", "zum", "zur", "über", "unter", "vor",
    "hinter", "neben", "gegen", "für", "mit", "um", "durch", "bei", "beim", "aus", "seit",
}  # fmt: skip
_ADVERBS = {
    "dazu", "zudem", "später", "gestern", "heute", "damals", "bereits", "weiter", "auch", "noch",
    "außerdem", "zuvor", "dann", "nun", "jetzt", "erneut", "wörtlich", "dagegen", "hingegen",
    "daraufhin", "anschließend", "abschließend", "ebenfalls", "aber", "jedoch", "zuletzt",
    "selbst", "offen", "knapp", "sichtlich", "lachend", "schmunzelnd",
}  # fmt: skip
# Capitalised words that are never (part of) a name.
NAME_STOP = {
    w.lower()
    for w in """
    Der Die Das Ein Eine Er Sie Es Wir Ich Man Am Im In Auf Nach Laut Bei Mit Von Vom Zum Zur
    Aus Für Über Unter Seit Bis Ab Gegen Ohne Trotz Wegen Während Auch Dann Doch Noch Nun
    Jetzt Heute Gestern Morgen Zudem Außerdem Dazu Damit Deshalb Daher So Wie Wer Was Wo
    Warum Ob Dass Als Wenn Weil Aber Und Oder Denn Nicht Kein Keine Alle Viele Einige Jeder
    Jede Zwei Drei Vier Fünf Sechs Sieben Acht Neun Zehn Montag Dienstag Mittwoch Donnerstag
    Freitag Samstag Sonntag Montagabend Dienstagabend Mittwochabend Donnerstagabend
    Freitagabend Samstagabend Sonntagabend Januar Jänner Februar März April Mai Juni Juli
    August September Oktober November Dezember Prozent Euro Dollar Uhr Millionen Milliarden
    Minuten Stunden Tage Wochen Jahre Hinweise Angaben Informationen Kritik Seine Ihr Ihre
    Sein Dies Diese Dieser Dieses Hier Dort Bisher Insgesamt Zunächst Zuletzt Wörtlich
    """.split()
}
_MONTHS = {
    "januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august",
    "september", "oktober", "november", "dezember",
}  # fmt: skip
ABBREVIATIONS = {
    "dr", "prof", "mag", "dipl", "ing", "st", "nr", "mio", "mrd", "ca", "bzw", "vgl", "z", "b",
    "u", "a", "d", "h", "etc", "abs", "art", "jan", "feb", "mär", "apr", "jun", "jul", "aug",
    "sep", "sept", "okt", "nov", "dez", "hr", "fr", "str", "gem", "inkl", "exkl", "evtl", "ggf",
    "std", "min", "usw", "o", "ä", "univ", "doz", "dir", "präs", "sog", "tel", "s", "bd",
    "hrsg", "co", "inc", "ltd", "jh", "jhd", "geb", "ehem", "max", "mind", "bspw", "v",
}  # fmt: skip
_ORDINAL_CONTEXT = {
    "am", "im", "zum", "vom", "der", "die", "das", "den", "dem", "des", "ab", "bis", "zur",
    "beim", "seinem", "ihrem", "seiner", "ihrer", "seine", "ihre", "sein", "ihr", "jeden",
}  # fmt: skip
# A noun right before quotation marks that makes them a title, not a quote.
TITLE_NOUNS = (
    "programm", "stück", "film", "roman", "buch", "album", "song", "lied", "titel", "motto",
    "studie", "ausstellung", "serie", "sendung", "oper", "operation", "projekt", "kampagne",
    "initiative", "zeitung", "magazin", "sonde", "schiff", "aktion", "festival", "musical",
    "podcast", "kolumne", "slogan", "uraufführung",
)  # fmt: skip
_FUNCTION_WORDS = {
    "am", "im", "der", "die", "das", "den", "dem", "des", "von", "und", "für", "in", "an", "auf",
    "zu", "zum", "zur", "vom", "ohne", "mit", "über", "unter",
}  # fmt: skip
_NAME_PARTICLES = {
    "von", "van", "de", "der", "den", "di", "da", "du", "zu", "ten", "ter", "al", "bin", "el",
    "la", "le", "dos", "del",
}  # fmt: skip
