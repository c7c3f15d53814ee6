"""The demo's content as plain data: people, sections, sources, pictures,
articles, reader comments and what happened to them. ``demo.loader`` writes
it through the services; nothing here touches the database.

A data file, hence its length (the issue 18 rule on long files exempts data).

Everything is invented: the people, the town of Seewalden, the institute, the
wire service and every quote. Only well-known institutions (NATO, the South
Korean intelligence service) appear by name, and they too are quoted with
invented words. Times are offsets from the moment of loading.
"""

from dataclasses import dataclass, field
from datetime import timedelta

# Used only when DEBUG is on and DEMO_PASSWORD is not set (see the command).
DEFAULT_PASSWORD = "newsroom-demo"  # noqa: S105 - development default, printed on use

# The article browser tests open; shaped like docs/DESIGN.md describes.
FLAGSHIP_SLUG = "nordkorea-schickt-weitere-3000-soldaten-nach-russland"

SITE_URL = "http://127.0.0.1:8000"
IMAGE_CREDIT = "Grafik: Newsroom-Demo"

# Who acts for the desk and for the community team in the demo's history.
DESK = "redaktion"
MODERATOR = "moderation"

# --------------------------------------------------------------------------
# Users and roles
# --------------------------------------------------------------------------

USERS = [
    {
        "username": "reporter",
        "first_name": "Julia",
        "last_name": "Hofbauer",
        "email": "reporter@example.org",
        "group": "Journalists",
    },
    {
        "username": "redaktion",
        "first_name": "Chefin",
        "last_name": "vom Dienst",
        "email": "redaktion@example.org",
        "group": "Editors",
    },
    {
        "username": "moderation",
        "first_name": "Community",
        "last_name": "Team",
        "email": "moderation@example.org",
        "group": "Moderators",
    },
]

# --------------------------------------------------------------------------
# Sections (Ressorts)
# --------------------------------------------------------------------------

SECTIONS = [
    {
        "slug": "politik",
        "name": "Politik",
        "description": "Innen- und Außenpolitik, Sicherheit und Diplomatie.",
    },
    {
        "slug": "wirtschaft",
        "name": "Wirtschaft",
        "description": "Konjunktur, Unternehmen, Arbeit und Geld.",
    },
    {
        "slug": "kultur",
        "name": "Kultur",
        "description": "Bühne, Literatur, Musik, Film und Ausstellungen.",
    },
    {
        "slug": "sport",
        "name": "Sport",
        "description": "Ergebnisse, Hintergründe und Porträts aus dem Sport.",
        # Comments show at once and are checked afterwards (post-moderation).
        "comment_moderation": "post",
    },
    {
        "slug": "wissenschaft",
        "name": "Wissenschaft",
        "description": "Forschung aus Natur-, Technik- und Geisteswissenschaften.",
    },
]

# --------------------------------------------------------------------------
# Authors
# --------------------------------------------------------------------------

AUTHORS = [
    {
        "slug": "julia-hofbauer",
        "name": "Julia Hofbauer",
        "bio": (
            "Julia Hofbauer berichtet über Außen- und Sicherheitspolitik. Zuvor war sie "
            "Korrespondentin in Brüssel."
        ),
        "user": "reporter",
    },
    {
        "slug": "markus-steindl",
        "name": "Markus Steindl",
        "bio": "Markus Steindl schreibt über Konjunktur, Handwerk und Energiepreise.",
        "user": None,
    },
    {
        "slug": "leonie-kranz",
        "name": "Leonie Kranz",
        "bio": (
            "Leonie Kranz ist Redakteurin für Kultur und Wissenschaft und hat Biologie "
            "und Theaterwissenschaft studiert."
        ),
        "user": None,
    },
    {
        "slug": "tobias-reiter",
        "name": "Tobias Reiter",
        "bio": "Tobias Reiter begleitet den Regionalsport seit mehr als zehn Jahren.",
        "user": None,
    },
]

# --------------------------------------------------------------------------
# Sources (all invented, except the names of well-known institutions)
# --------------------------------------------------------------------------


SOURCES = [
    # Flagship article
    {
        "slug": "suedkoreanischer-geheimdienst",
        "name": "Südkoreanischer Geheimdienst",
        "kind": "agency",
        "role": "Nationaler Nachrichtendienst Südkoreas",
        "affiliation": "Republik Korea",
    },
    {
        "slug": "nato",
        "name": "NATO",
        "kind": "organisation",
        "role": "",
        "affiliation": "Nordatlantisches Verteidigungsbündnis, Brüssel",
    },
    {
        "slug": "henrike-vaarsen",
        "name": "Henrike Vaarsen",
        "kind": "person",
        "role": "Sprecherin der NATO",
        "affiliation": "NATO",
    },
    {
        "slug": "daniel-whitcombe",
        "name": "Daniel Whitcombe",
        "kind": "person",
        "role": "Sprecher des US-Außenministeriums",
        "affiliation": "US-Außenministerium",
    },
    {
        "slug": "miriam-castellan",
        "name": "Miriam Castellan",
        "kind": "person",
        "role": "Sicherheitsexpertin",
        "affiliation": "Wiener Institut für Sicherheitspolitik",
    },
    {
        "slug": "satellitenbildauswertung-hafen-rason",
        "name": "Satellitenbildauswertung zum Hafen Rason",
        "kind": "document",
        "role": "",
        "affiliation": "Wiener Institut für Sicherheitspolitik",
    },
    {
        "slug": "asia-pacific-wire",
        "name": "Asia Pacific Wire",
        "kind": "media",
        "role": "Nachrichtenagentur",
        "affiliation": "",
    },
    {
        # Never shown to readers: the views filter confidential sources out.
        "slug": "gewaehrsperson-bergahorn",
        "name": "Gewährsperson „Bergahorn“",
        "kind": "person",
        "role": "Diplomat in Brüssel",
        "affiliation": "",
        "is_confidential": True,
        "internal_notes": (
            "Demo-Eintrag (erfunden). Kontakt ausschließlich über die Ressortleitung "
            "Politik; Identität ist der Chefredaktion bekannt. Niemals namentlich nennen, "
            "auch nicht umschreibend („ein Diplomat aus dem Land X“)."
        ),
    },
    # Other articles
    {
        "slug": "claudia-wendlinger",
        "name": "Claudia Wendlinger",
        "kind": "person",
        "role": "Bürgermeisterin von Seewalden",
        "affiliation": "Stadt Seewalden",
        # Other names she is quoted under: the quote suggestions find her by them.
        "aliases": "Claudia Wendlinger-Hofer\nBürgermeisterin Wendlinger",
    },
    {
        "slug": "handelsverband-seewalden",
        "name": "Handelsverband Seewalden",
        "kind": "organisation",
        "role": "",
        "affiliation": "",
    },
    {
        "slug": "verkehrskonzept-innenstadt-2030",
        "name": "Verkehrskonzept Innenstadt 2030",
        "kind": "document",
        "role": "",
        "affiliation": "Stadt Seewalden",
    },
    {
        "slug": "wirtschaftsforschungsinstitut-donau",
        "name": "Wirtschaftsforschungsinstitut Donau",
        "kind": "organisation",
        "role": "",
        "affiliation": "",
    },
    {
        "slug": "katrin-oberleitner",
        "name": "Katrin Oberleitner",
        "kind": "person",
        "role": "Chefökonomin",
        "affiliation": "Wirtschaftsforschungsinstitut Donau",
    },
    {
        "slug": "thomas-ebenhofer",
        "name": "Thomas Ebenhofer",
        "kind": "person",
        "role": "Landesinnungsmeister der Bäcker",
        "affiliation": "Landesinnung der Bäcker",
    },
    {
        "slug": "jonas-rieder",
        "name": "Jonas Rieder",
        "kind": "person",
        "role": "Intendant des Stadttheaters Seewalden",
        "affiliation": "Stadttheater Seewalden",
    },
    {
        "slug": "seewaldner-rundschau",
        "name": "Seewaldner Rundschau",
        "kind": "media",
        "role": "Regionalzeitung",
        "affiliation": "",
    },
    {
        "slug": "stadtmuseum-seewalden",
        "name": "Stadtmuseum Seewalden",
        "kind": "organisation",
        "role": "",
        "affiliation": "",
    },
    {
        "slug": "bernd-hollweger",
        "name": "Bernd Hollweger",
        "kind": "person",
        "role": "Trainer des Seewaldner SC",
        "affiliation": "Seewaldner SC",
    },
    {
        "slug": "laufclub-seewalden",
        "name": "Laufclub Seewalden",
        "kind": "organisation",
        "role": "Veranstalter des Stadtlaufs",
        "affiliation": "",
    },
    {
        "slug": "lena-wiesinger",
        "name": "Lena Wiesinger",
        "kind": "person",
        "role": "Biologin",
        "affiliation": "Universität Seewalden",
    },
    {
        "slug": "studie-energiehaushalt-winterschlaf",
        "name": "Studie „Energiehaushalt im Winterschlaf“",
        "kind": "document",
        "role": "",
        "affiliation": "Universität Seewalden",
    },
]

# --------------------------------------------------------------------------
# Images (generated with Pillow; no text in the picture)
# --------------------------------------------------------------------------

# Drawn by demo.pictures (1200 x 675).
IMAGES = {
    "security": {
        "filename": "demo-sicherheit.jpg",
        # Uploaded by the reporter, but shown in a published article: she
        # sees it read-only (articles/image_rights.py). The others: the desk's.
        "uploaded_by": "reporter",
        "alt_text": (
            "Abstrakte Grafik: dunkelblaue Fläche mit hellen, konzentrischen Kreisen, "
            "die an ein Radarbild erinnern"
        ),
        "caption": "Symbolbild zur Truppenverlegung",
        "colors": ((12, 28, 58), (40, 78, 120)),
        "shapes": [
            ("ring", (360, 90, 840, 570), (170, 210, 240, 150)),
            ("ring", (450, 180, 750, 480), (170, 210, 240, 120)),
            ("ring", (540, 270, 660, 390), (170, 210, 240, 110)),
            ("dot", (740, 200, 770, 230), (255, 190, 90, 230)),
            ("dot", (420, 400, 440, 420), (255, 190, 90, 200)),
        ],
    },
    "economy": {
        "filename": "demo-konjunktur.jpg",
        "alt_text": "Abstrakte Grafik: ansteigende Balken vor einem Verlauf von Grün zu Gelb",
        "caption": "Symbolbild Konjunktur",
        "colors": ((22, 92, 74), (222, 196, 92)),
        "shapes": [
            ("box", (180, 455, 300, 600), (255, 255, 255, 140)),
            ("box", (360, 395, 480, 600), (255, 255, 255, 150)),
            ("box", (540, 330, 660, 600), (255, 255, 255, 160)),
            ("box", (720, 280, 840, 600), (255, 255, 255, 170)),
            ("box", (900, 190, 1020, 600), (255, 255, 255, 180)),
        ],
    },
    "stage": {
        "filename": "demo-buehne.jpg",
        "alt_text": (
            "Abstrakte Grafik: warme Rot- und Orangetöne mit einem hellen Lichtkegel "
            "wie von einem Bühnenscheinwerfer"
        ),
        "caption": "Symbolbild Theater",
        "colors": ((88, 12, 24), (214, 96, 38)),
        "shapes": [
            ("cone", (600, -40, 330, 675, 870, 675), (255, 236, 180, 90)),
            ("dot", (470, 520, 730, 640), (255, 240, 200, 120)),
        ],
    },
    "pitch": {
        # The derby report's picture, and shown in the derby's live ticker (demo/live.py).
        "filename": "demo-fussballfeld.jpg",
        "alt_text": (
            "Abstrakte Grafik: grüne Fläche mit weißer Mittellinie und Mittelkreis "
            "wie ein Fußballfeld von oben"
        ),
        "caption": "Symbolbild Fußball",
        "colors": ((24, 92, 40), (64, 140, 64)),
        "shapes": [
            ("box", (596, 0, 604, 675), (255, 255, 255, 200)),
            ("ring", (480, 217, 720, 457), (255, 255, 255, 200)),
            ("dot", (590, 327, 610, 347), (255, 255, 255, 220)),
        ],
    },
    "bakery": {
        "filename": "demo-baeckerei.jpg",
        "alt_text": (
            "Abstrakte Grafik: runde, brotfarbene Formen auf einem warmen Braunton "
            "wie Laibe in einer Backstube"
        ),
        "caption": "Symbolbild Backstube",
        "colors": ((92, 52, 26), (196, 140, 78)),
        "shapes": [
            ("dot", (150, 300, 450, 520), (236, 196, 130, 220)),
            ("dot", (480, 240, 800, 480), (226, 182, 112, 220)),
            ("dot", (820, 320, 1080, 540), (240, 206, 146, 220)),
            ("box", (0, 560, 1200, 675), (60, 34, 18, 160)),
        ],
    },
    "traffic": {
        "filename": "demo-verkehr.jpg",
        "alt_text": (
            "Abstrakte Grafik: helle Streifen wie Fahrbahnmarkierungen auf dunkelgrauem Grund"
        ),
        "caption": "Symbolbild Innenstadt",
        "colors": ((38, 40, 48), (92, 96, 110)),
        "shapes": [
            ("box", (560, 40, 640, 160), (245, 245, 245, 200)),
            ("box", (560, 260, 640, 380), (245, 245, 245, 200)),
            ("box", (560, 480, 640, 600), (245, 245, 245, 200)),
            ("dot", (120, 420, 300, 600), (240, 180, 40, 160)),
        ],
    },
    "nature": {
        "filename": "demo-natur.jpg",
        "alt_text": "Abstrakte Grafik: ovale Formen in Grün- und Brauntönen",
        "caption": "Symbolbild Forschung",
        "colors": ((38, 64, 34), (126, 98, 60)),
        "shapes": [
            ("dot", (140, 160, 520, 420), (160, 190, 110, 150)),
            ("dot", (560, 260, 1040, 560), (210, 180, 130, 140)),
            ("dot", (820, 80, 1100, 260), (180, 210, 150, 120)),
        ],
    },
}

# --------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------


FLAGSHIP_BODY = """\
## Geheimdienst spricht von zweiter Welle

Die Soldaten seien in mehreren Etappen per Schiff und Flugzeug in den Osten Russlands \
gebracht worden, teilte der südkoreanische Geheimdienst am Mittwoch Abgeordneten in Seoul \
mit. Es handle sich um „eine zweite Welle, die deutlich besser ausgerüstet ist als die \
erste“. Insgesamt halten sich nach Schätzung des Dienstes damit inzwischen mehr als \
11.000 nordkoreanische Soldaten in Russland auf.

Die Truppen wurden den Angaben zufolge zunächst in Ausbildungslagern nahe Wladiwostok \
untergebracht. Ein Teil von ihnen soll in den kommenden Wochen weiter nach Westen \
verlegt werden.

## NATO warnt vor Eskalation

Die NATO reagierte mit deutlichen Worten. „Jeder weitere Soldat, den Pjöngjang schickt, \
macht diesen Krieg gefährlicher – für Europa und für den Indopazifik“, sagte \
NATO-Sprecherin Henrike Vaarsen am Mittwoch in Brüssel. Das Bündnis stehe „in engem \
Austausch mit unseren Partnern in Seoul und Tokio“.

In einer schriftlichen Erklärung heißt es: „Wir fordern Russland und Nordkorea auf, ihre \
militärische Zusammenarbeit unverzüglich zu beenden.“ Die Botschafterinnen und \
Botschafter der 32 Mitgliedstaaten wollen sich am Freitag mit der Lage befassen.

## Washington kündigt Konsultationen an

Auch die US-Regierung zeigte sich besorgt. „Wir verfolgen diese Berichte sehr genau, und \
wir nehmen sie ernst“, sagte Daniel Whitcombe, Sprecher des US-Außenministeriums, vor \
Journalisten. Die Vereinigten Staaten würden „in den nächsten Tagen“ mit Südkorea und \
Japan über mögliche Antworten beraten, darunter zusätzliche Sanktionen.

Nach Informationen aus Diplomatenkreisen in Brüssel wird zudem ein gemeinsamer Bericht an \
den UN-Sicherheitsrat vorbereitet. Offiziell bestätigt wurde das bis Mittwochabend nicht.

## Moskau und Pjöngjang schweigen

Russland und Nordkorea äußerten sich zunächst nicht zu den Berichten. Beide Staaten haben \
ihre militärische Zusammenarbeit zuletzt deutlich ausgebaut. Nordkoreas Staatsmedien \
zeigten am Mittwoch lediglich Bilder eines Manövers an der Ostküste des Landes, ohne \
Russland zu erwähnen.

## Satellitenbilder zeigen Verladearbeiten

Aufnahmen, die das Wiener Institut für Sicherheitspolitik ausgewertet hat, zeigen nach \
dessen Angaben ungewöhnlich viel Betrieb im nordkoreanischen Hafen Rason. In der \
Auswertung heißt es: „Innerhalb von acht Tagen wurden im Hafen Rason mindestens 14 \
Frachtschiffe beladen.“ Die Nachrichtenagentur Asia Pacific Wire berichtete unter Berufung \
auf Hafenarbeiter von „Kolonnen von Militärlastwagen, die nachts ankommen“.

Unabhängig überprüfen lassen sich diese Angaben nicht. Journalistinnen und Journalisten \
haben in Nordkorea keinen freien Zugang.

## Expertin: „Ein eingespieltes Tauschgeschäft“

Die Sicherheitsexpertin Miriam Castellan vom Wiener Institut für Sicherheitspolitik sieht \
ein Muster. „Nordkorea liefert Soldaten und Munition, Russland liefert Devisen, Öl und \
womöglich Technologie – das ist inzwischen ein eingespieltes Tauschgeschäft“, sagte sie. \
Für Europa sei das keine ferne Angelegenheit: „Was in Rason verladen wird, kann wenige \
Wochen später an der Front in der Ukraine stehen.“

## Wie es weitergeht

Der Auswärtige Ausschuss des südkoreanischen Parlaments will am Donnerstag erneut \
zusammenkommen, die NATO-Botschafter beraten am Freitag. Diplomaten rechnen damit, dass \
auch die G7-Außenministerinnen und -minister bei ihrem nächsten Treffen über die \
Truppenverlegung sprechen. Ob zusätzliche Sanktionen etwas bewirken, ist allerdings \
umstritten: Nordkorea gilt schon jetzt als eines der am stärksten sanktionierten Länder \
der Welt.
"""


@dataclass(frozen=True)
class ArticleSpec:
    slug: str
    section: str
    kicker: str
    title: str
    lead: str
    body: str
    authors: list[str]
    tags: list[str]
    # (source slug, quote): the quote as it appears in the body, without „…“.
    citations: list[tuple[str, str]]
    # "published" (with a past offset: out already; a future one: scheduled)
    # or "draft".
    status: str = "published"
    # Relative to the time of loading; None for drafts.
    publish_offset: timedelta | None = None
    featured: bool = False
    image: str | None = None
    created_by: str = "redaktion"
    # (kind, text, offset): "correction" or "update" notes for readers.
    corrections: list[tuple[str, str, timedelta]] = field(default_factory=list)


ARTICLES = [
    ArticleSpec(
        slug=FLAGSHIP_SLUG,
        section="politik",
        kicker="Truppenverlegung",
        title="Nordkorea schickt weitere 3.000 Soldaten nach Russland",
        lead=(
            "Nordkorea hat nach Erkenntnissen des südkoreanischen Geheimdienstes seit "
            "Monatsbeginn weitere rund 3.000 Soldaten nach Russland verlegt. Die NATO warnte "
            "am Mittwoch in Brüssel vor einer Eskalation, das US-Außenministerium kündigte "
            "Gespräche mit Seoul und Tokio an."
        ),
        body=FLAGSHIP_BODY,
        authors=["julia-hofbauer"],
        tags=["Nordkorea", "Russland", "NATO", "Sicherheitspolitik", "USA"],
        citations=[
            (
                "suedkoreanischer-geheimdienst",
                "eine zweite Welle, die deutlich besser ausgerüstet ist als die erste",
            ),
            (
                "henrike-vaarsen",
                "Jeder weitere Soldat, den Pjöngjang schickt, macht diesen Krieg gefährlicher "
                "– für Europa und für den Indopazifik",
            ),
            (
                "nato",
                "Wir fordern Russland und Nordkorea auf, ihre militärische Zusammenarbeit "
                "unverzüglich zu beenden.",
            ),
            (
                "daniel-whitcombe",
                "Wir verfolgen diese Berichte sehr genau, und wir nehmen sie ernst",
            ),
            (
                "satellitenbildauswertung-hafen-rason",
                "Innerhalb von acht Tagen wurden im Hafen Rason mindestens 14 Frachtschiffe "
                "beladen.",
            ),
            ("asia-pacific-wire", "Kolonnen von Militärlastwagen, die nachts ankommen"),
            (
                "miriam-castellan",
                "Nordkorea liefert Soldaten und Munition, Russland liefert Devisen, Öl und "
                "womöglich Technologie – das ist inzwischen ein eingespieltes Tauschgeschäft",
            ),
            # Background only: filtered out of every reader page.
            ("gewaehrsperson-bergahorn", ""),
        ],
        publish_offset=-timedelta(hours=3),
        featured=True,
        image="security",
        created_by="reporter",
        corrections=[
            (
                "update",
                "Der Artikel wurde um die Stellungnahme des US-Außenministeriums und die "
                "Einschätzung des Wiener Instituts für Sicherheitspolitik ergänzt.",
                -timedelta(hours=1),
            ),
        ],
    ),
    ArticleSpec(
        slug="seewalden-sperrt-innenstadt-fuer-durchgangsverkehr",
        section="politik",
        kicker="Verkehr",
        title="Seewalden sperrt die Innenstadt für den Durchgangsverkehr",
        lead=(
            "Der Gemeinderat von Seewalden hat am Dienstagabend mit 23 zu 14 Stimmen "
            "beschlossen, die Innenstadt ab dem kommenden Frühjahr für den Durchgangsverkehr "
            "zu sperren. Anrainer, Lieferdienste und Einsatzfahrzeuge dürfen weiter zufahren."
        ),
        body="""\
## Was sich ändert

Betroffen sind rund 1,8 Kilometer Straße zwischen Bahnhof und Hauptplatz. Statt der \
bisher 420 Parkplätze am Straßenrand entstehen Ladezonen, Radabstellplätze und 60 neue \
Bäume. „Wir geben die Innenstadt den Menschen zurück, die dort wohnen, arbeiten und \
einkaufen“, sagte Bürgermeisterin Claudia Wendlinger nach der Abstimmung.

## Kritik vom Handel

Der Handelsverband Seewalden befürchtet Umsatzeinbußen. „Wer aus dem Umland kommt, \
braucht einen Parkplatz in erreichbarer Nähe“, heißt es in einer Stellungnahme. Der \
Verband fordert, die beiden Parkhäuser am Stadtrand günstiger zu machen.

## Die nächsten Schritte

Laut dem Verkehrskonzept Innenstadt 2030 sollen die Umbauarbeiten im März beginnen und \
bis zum Herbst abgeschlossen sein. Die Kosten schätzt die Stadt auf 4,6 Millionen Euro.
""",
        authors=["julia-hofbauer", "tobias-reiter"],
        tags=["Seewalden", "Verkehr", "Gemeinderat"],
        citations=[
            (
                "claudia-wendlinger",
                "Wir geben die Innenstadt den Menschen zurück, die dort wohnen, arbeiten und "
                "einkaufen",
            ),
            (
                "handelsverband-seewalden",
                "Wer aus dem Umland kommt, braucht einen Parkplatz in erreichbarer Nähe",
            ),
            ("verkehrskonzept-innenstadt-2030", ""),
        ],
        publish_offset=-timedelta(hours=7),
        image="traffic",
        created_by="reporter",
    ),
    ArticleSpec(
        slug="forscher-erwarten-leichte-erholung-im-fruehjahr",
        section="wirtschaft",
        kicker="Konjunktur",
        title="Forscher erwarten leichte Erholung im Frühjahr",
        lead=(
            "Das Wirtschaftsforschungsinstitut Donau rechnet für das kommende Jahr mit einem "
            "Wachstum von 1,2 Prozent. Die Inflation soll auf 2,4 Prozent sinken, die "
            "Arbeitslosigkeit aber vorerst hoch bleiben."
        ),
        body="""\
## Konsum als Stütze

Getragen wird die Erholung vor allem von den privaten Haushalten. Die Löhne steigen \
stärker als die Preise, die Sparquote liegt mit 11,5 Prozent über dem langjährigen \
Durchschnitt. „Die Menschen haben wieder mehr im Geldbörsel, und sie beginnen es auch \
auszugeben“, sagte Chefökonomin Katrin Oberleitner am Donnerstag.

## Industrie bleibt schwach

Für die Industrie erwartet das Institut dagegen erst gegen Jahresende eine Wende. Die \
Auftragseingänge lagen im dritten Quartal um 3,1 Prozent unter dem Vorjahreswert.

## Risiken aus dem Ausland

Als größtes Risiko nennt die Prognose neue Handelsschranken. Sollten wichtige \
Exportmärkte Zölle erhöhen, könnte das Wachstum um bis zu 0,5 Prozentpunkte geringer \
ausfallen.
""",
        authors=["markus-steindl"],
        tags=["Konjunktur", "Inflation", "Prognose"],
        citations=[
            ("wirtschaftsforschungsinstitut-donau", ""),
            (
                "katrin-oberleitner",
                "Die Menschen haben wieder mehr im Geldbörsel, und sie beginnen es auch auszugeben",
            ),
        ],
        publish_offset=-timedelta(hours=26),
        featured=True,
        image="economy",
    ),
    ArticleSpec(
        slug="baeckereien-kaempfen-mit-hohen-energiekosten",
        section="wirtschaft",
        kicker="Handwerk",
        title="Bäckereien kämpfen mit hohen Energiekosten",
        lead=(
            "Jede zehnte Bäckerei im Land denkt laut einer Umfrage der Landesinnung über "
            "kürzere Öffnungszeiten nach. Grund sind die Energiekosten, die sich seit 2021 "
            "fast verdoppelt haben."
        ),
        body="""\
## Öfen laufen ab drei Uhr früh

Ein Holzofen oder ein großer Etagenofen braucht Stunden, bis er die richtige Temperatur \
erreicht. „Wir können nicht einfach später anfangen, die Kundschaft will um sechs Uhr \
frisches Gebäck“, sagte Landesinnungsmeister Thomas Ebenhofer.

## Preise steigen um bis zu 8 Prozent

Viele Betriebe haben ihre Preise bereits angehoben, im Schnitt um 5 bis 8 Prozent. Eine \
Semmel kostet damit vielerorts mehr als 60 Cent.
""",
        authors=["markus-steindl"],
        tags=["Handwerk", "Energie"],
        citations=[
            (
                "thomas-ebenhofer",
                "Wir können nicht einfach später anfangen, die Kundschaft will um sechs Uhr "
                "frisches Gebäck",
            ),
        ],
        publish_offset=-timedelta(days=2, hours=4),
        image="bakery",
    ),
    ArticleSpec(
        slug="stadttheater-seewalden-eroeffnet-mit-urauffuehrung",
        section="kultur",
        kicker="Bühne",
        title="Stadttheater Seewalden eröffnet die Saison mit einer Uraufführung",
        lead=(
            "Mit dem Stück „Die Brücke über den Ried“ hat das Stadttheater Seewalden am "
            "Samstag die neue Spielzeit eröffnet. Das Publikum feierte das Ensemble mit "
            "minutenlangem Applaus."
        ),
        body="""\
## Ein Dorf und seine Brücke

Das Stück erzählt von einem Dorf, das über den Neubau einer Brücke zerstritten ist. \
„Wir wollten zeigen, wie aus einer Sachfrage eine Frage der Zugehörigkeit wird“, sagte \
Intendant Jonas Rieder nach der Premiere.

## Ausverkauft bis Dezember

Alle 18 Vorstellungen bis Dezember sind nach Angaben des Theaters ausverkauft. Die \
Seewaldner Rundschau nannte die Inszenierung „den mutigsten Saisonstart seit Jahren“.
""",
        authors=["leonie-kranz"],
        tags=["Theater", "Seewalden"],
        citations=[
            (
                "jonas-rieder",
                "Wir wollten zeigen, wie aus einer Sachfrage eine Frage der Zugehörigkeit wird",
            ),
            ("seewaldner-rundschau", "den mutigsten Saisonstart seit Jahren"),
        ],
        publish_offset=-timedelta(days=1, hours=2),
        featured=True,
        image="stage",
    ),
    ArticleSpec(
        slug="seewaldner-sc-gewinnt-derby-in-der-nachspielzeit",
        section="sport",
        kicker="Fußball",
        title="Seewaldner SC gewinnt das Derby in der Nachspielzeit",
        lead=(
            "Der Seewaldner SC hat das Derby gegen den FC Riedbach am Sonntag mit 2:1 "
            "gewonnen. Das Siegtor fiel in der 93. Minute, vor 4.800 Zuschauerinnen und "
            "Zuschauern."
        ),
        body="""\
## Frühe Führung für die Gäste

Riedbach ging bereits in der 12. Minute in Führung. Seewalden fand lange kein Mittel \
gegen die tief stehende Abwehr und glich erst in der 71. Minute per Kopfball aus.

## Der Trainer lobt die Moral

„Die Mannschaft hat nie aufgehört, an sich zu glauben“, sagte Trainer Bernd Hollweger. \
Mit dem Sieg rückt Seewalden auf den dritten Tabellenplatz vor.
""",
        authors=["tobias-reiter"],
        tags=["Regionalliga", "Seewaldner SC"],
        citations=[
            ("bernd-hollweger", "Die Mannschaft hat nie aufgehört, an sich zu glauben"),
        ],
        publish_offset=-timedelta(hours=30),
        image="pitch",
    ),
    ArticleSpec(
        slug="wie-siebenschlaefer-den-winter-ueberstehen",
        section="wissenschaft",
        kicker="Biologie",
        title="Wie Siebenschläfer sieben Monate Winterschlaf überstehen",
        lead=(
            "Forschende der Universität Seewalden haben gemessen, wie viel Energie "
            "Siebenschläfer im Winterschlaf verbrauchen. Ihr Ergebnis: Die Tiere senken ihren "
            "Stoffwechsel auf weniger als 5 Prozent des Normalwerts."
        ),
        body="""\
## Herzschlag im Minutentakt

Im Tiefschlaf schlägt das Herz eines Siebenschläfers nur noch wenige Male pro Minute, die \
Körpertemperatur sinkt auf bis zu 3 Grad. „Das ist eine der extremsten Sparstrategien, \
die wir bei Säugetieren kennen“, sagte die Biologin Lena Wiesinger.

## Kurze Wachphasen kosten viel

Überraschend war für das Team, wie teuer die kurzen Aufwachphasen sind. Laut der Studie \
„Energiehaushalt im Winterschlaf“ entfallen auf sie rund 70 Prozent des gesamten \
Energieverbrauchs im Winter.
""",
        authors=["leonie-kranz"],
        tags=["Biologie", "Forschung", "Tiere"],
        citations=[
            (
                "lena-wiesinger",
                "Das ist eine der extremsten Sparstrategien, die wir bei Säugetieren kennen",
            ),
            ("studie-energiehaushalt-winterschlaf", ""),
        ],
        publish_offset=-timedelta(days=3),
        image="nature",
    ),
    # The reporter's draft that the desk sent back with a note (SENT_BACK):
    # her notifications, start page and article form show the note.
    ArticleSpec(
        slug="sanierung-hallenbad-seewalden-wird-teurer",
        section="politik",
        kicker="Gemeinderat",
        title="Sanierung des Hallenbads wird teurer als geplant",
        lead=(
            "Entwurf: Die Sanierung des Seewaldner Hallenbads kostet nach einer neuen "
            "Schätzung deutlich mehr als bisher angenommen. Der Gemeinderat berät im Jänner."
        ),
        body="""\
## Die neue Schätzung

Das Planungsbüro rechnet mit höheren Kosten für Technik und Dach. Die genaue Summe \
liegt dem Gemeinderat noch nicht schriftlich vor. „Wir legen im Jänner zwei Varianten \
vor, eine mit und eine ohne Sauna“, sagte Bürgermeisterin Claudia Wendlinger-Hofer.

## Wie es weitergeht

Im Jänner entscheidet der Gemeinderat, ob das Bad während der Arbeiten ganz schließt.
""",
        authors=["julia-hofbauer"],
        tags=["Seewalden", "Gemeinderat"],
        citations=[("claudia-wendlinger", "")],
        status="draft",
        created_by="reporter",
    ),
    # Not public: a draft, and a scheduled article that the gate keeps hidden.
    ArticleSpec(
        slug="museumsnacht-programm-noch-offen",
        section="kultur",
        kicker="Ausstellungen",
        title="Museumsnacht: Das Programm steht noch nicht fest",
        lead=(
            "Entwurf: Das Stadtmuseum Seewalden plant für die Lange Nacht der Museen "
            "zwölf Führungen. Welche Sammlungen geöffnet werden, ist noch offen."
        ),
        body="""\
## Was geplant ist

Geplant sind zwölf Führungen und ein Programm für Kinder. Details folgen.

## Offene Fragen

Noch offen ist, ob der Dachboden mit der Spielzeugsammlung geöffnet werden kann.
""",
        authors=["leonie-kranz"],
        tags=["Museum", "Seewalden"],
        citations=[("stadtmuseum-seewalden", "")],
        status="draft",
        publish_offset=None,
    ),
    ArticleSpec(
        slug="seewaldner-stadtlauf-2500-teilnehmende-erwartet",
        section="sport",
        kicker="Laufsport",
        title="Seewaldner Stadtlauf: 2.500 Läuferinnen und Läufer erwartet",
        lead=(
            "Beim Seewaldner Stadtlauf am Sonntag werden 2.500 Teilnehmende erwartet. Die "
            "Innenstadt ist von 8 bis 14 Uhr für den Verkehr gesperrt."
        ),
        body="""\
## Drei Strecken

Gelaufen wird über 5 Kilometer, 10 Kilometer und die Halbmarathondistanz. „Wir haben \
so viele Anmeldungen wie noch nie“, sagte eine Sprecherin des Laufclubs Seewalden.

## Sperren in der Innenstadt

Zwischen 8 und 14 Uhr sind der Hauptplatz und die Bahnhofstraße gesperrt. Die Busse \
fahren Umleitungen.
""",
        authors=["tobias-reiter"],
        tags=["Laufen", "Seewalden"],
        citations=[("laufclub-seewalden", "Wir haben so viele Anmeldungen wie noch nie")],
        status="published",
        publish_offset=timedelta(days=2),
        image="traffic",
    ),
]

# --------------------------------------------------------------------------
# Comments on the flagship article
# --------------------------------------------------------------------------

# Each is sent through the comments app as a reader would (the Politik
# section is pre-moderated: the policy holds it for a moderator), then the
# demo moderator decides: "approve", "reject" (with a "reason"), "spam", or
# None (it waits in the moderation queue). "after": sent this long after the
# article went out.
COMMENTS = [
    {
        "name": "Maria K.",
        "email": "maria.k@example.org",
        "body": (
            "Danke für die ausführliche Einordnung. Besonders der Abschnitt über die "
            "Satellitenbilder hat mir geholfen, die Lage besser zu verstehen."
        ),
        "decision": "approve",
        "after": timedelta(minutes=40),
    },
    {
        "name": "Georg aus Graz",
        "email": "georg@example.org",
        "body": (
            "Wie verlässlich sind die Angaben des Geheimdienstes? Gibt es dafür inzwischen "
            "unabhängige Bestätigungen?"
        ),
        "decision": "approve",
        "after": timedelta(minutes=65),
    },
    {
        "name": "Sandra W.",
        "email": "sandra.w@example.org",
        "body": (
            "Die Einschätzung der Expertin finde ich schlüssig. Hoffentlich setzen alle "
            "Beteiligten weiter auf Diplomatie."
        ),
        "decision": "approve",
        "after": timedelta(minutes=90),
    },
    {
        "name": "Peter",
        "email": "peter@example.org",
        "body": (
            "Gute Zusammenfassung. Könnten Sie in einem Folgeartikel erklären, welche "
            "Sanktionen es gegen Nordkorea bereits gibt?"
        ),
        "decision": None,
        "after": timedelta(minutes=120),
    },
    {
        "name": "Leserin aus Linz",
        "email": "leserin.linz@example.org",
        "body": (
            "Mich würde auch die Sicht Chinas interessieren. Wäre das ein Thema für einen "
            "weiteren Bericht?"
        ),
        "decision": None,
        "after": timedelta(minutes=150),
    },
    {
        "name": "Klartext",
        "email": "klartext@example.org",
        "body": (
            "Typisch Lügenpresse, ihr schreibt doch nur, was euch diktiert wird. Wer das "
            "glaubt, ist selber schuld."
        ),
        "decision": "reject",
        "reason": "Pauschale Herabwürdigung, kein Beitrag zur Sache.",
        "after": timedelta(minutes=95),
    },
    {
        "name": "Uhren Outlet",
        "email": "angebote@example.org",
        "body": (
            "Top-Angebot! Markenuhren ab 9 Euro: uhren-outlet.shop, "
            "www.uhren-outlet.shop/sale und https://uhren-outlet.shop/neu"
        ),
        "decision": "spam",
        "after": timedelta(minutes=100),
    },
]

# Reader reports on one approved comment, in the order they came in ("ip":
# an address of the reader's network; only the anonymised network is
# stored). After the first report the moderator kept the comment ("keep":
# approved against the report, which overrules it), so that network's next
# report weighs nothing and reports no longer hide the comment; the two open
# reports put it in the workspace's reported queue.
REPORTED_COMMENT = "Sandra W."
REPORTS = [
    {"step": "report", "ip": "198.51.100.23", "reason": "false", "note": ""},
    {"step": "keep"},
    {"step": "report", "ip": "198.51.100.23", "reason": "false", "note": "Stimmt so nicht."},
    {"step": "report", "ip": "203.0.113.41", "reason": "abuse", "note": "Verharmlost die Lage."},
]

# Sent under a post-moderated article (the Sport section): the policy
# publishes it at once, no moderator has checked it yet: the workspace's
# "Veröffentlicht, noch ungeprüft".
UNREVIEWED_COMMENTS = [
    {
        "article": "seewaldner-sc-gewinnt-derby-in-der-nachspielzeit",
        "name": "Fan aus Riedbach",
        "email": "fan.riedbach@example.org",
        "body": (
            "Bitter für uns, aber verdient. Die zweite Halbzeit hat Seewalden klar "
            "dominiert. Wir sehen uns im Rückspiel!"
        ),
        "after": timedelta(hours=2),
    },
]


# A live article the reporter revised after it went out: readers still see the
# published lead; the new one waits as unpublished changes for the desk.
WORKING_DRAFT = {
    "article": "seewalden-sperrt-innenstadt-fuer-durchgangsverkehr",
    "lead": (
        "Ab März ist die Seewaldner Innenstadt für den Durchgangsverkehr gesperrt. "
        "Der Gemeinderat hat die Sperre am Dienstagabend mit 23 zu 14 Stimmen "
        "beschlossen; Anrainer und Lieferdienste dürfen weiter zufahren."
    ),
}

# The desk shortened this article's address after it went out: the old link,
# which readers shared, still leads to it (301, articles/redirects.py).
RENAMED = {
    "article": "seewaldner-sc-gewinnt-derby-in-der-nachspielzeit",
    "was": "derby-seewalden-riedbach",
}

# The reporter submitted this draft and the desk sent it back with a note,
# which notifies her: her notifications, start page and form show it.
SENT_BACK = {
    "article": "sanierung-hallenbad-seewalden-wird-teurer",
    "note": (
        "Bitte die Summe aus der neuen Schätzung in den Vorspann und die Bürgermeisterin "
        "dazu zitieren. Dann gern wieder einreichen."
    ),
}


# The reporter began to work the desk's note in and left without saving: her
# form offers the autosaved version ("Automatisch gesicherte Fassung …").
AUTOSAVED_LEAD = (
    "Die Sanierung des Seewaldner Hallenbads kostet nach einer neuen Schätzung 4,2 Millionen "
    "Euro statt 3,1 Millionen. Der Gemeinderat berät im Jänner."
)


# Agency copy as it arrives from a web page: navigation, reading time, an
# author line, no headline line (the import proposes one), chrome at the end.
# The reporter imports it into WIRE_SECTION, then names the agency as its
# source and tags it: a draft with a proposed headline and an import report.
WIRE_SECTION = "wirtschaft"
WIRE_SOURCES = ["asia-pacific-wire"]
WIRE_TAGS = ["Energie", "Seewalden"]
WIRE_COPY = """Startseite > Wirtschaft > Region
Lesezeit: 2 Minuten
Von Markus Steindl

Seewalden (APW) – Die Seewaldner Stadtwerke senken die Fernwärmepreise ab März um 8 Prozent.
Rund 12.000 Haushalte zahlen damit im Jahr etwa 95 Euro weniger, teilten die Stadtwerke am
Dienstag mit.

Neue Verträge für 3.000 Betriebe

Auch die rund 3.000 Gewerbekunden erhalten neue Verträge. „Wir geben die gesunkenen
Einkaufspreise vollständig weiter“, sagte der Geschäftsführer der Stadtwerke.

Handelsverband begrüßt Senkung

Der Handelsverband Seewalden sprach von einem „guten Signal“ für die Betriebe in der
Innenstadt.

Lesen Sie auch: Was die neue Fernwärmeleitung kostet
Teilen
Kommentar hinterlassen
"""
