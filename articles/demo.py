"""Demo content for a fresh installation: ``python manage.py load_demo``.

Everything here is invented: the people, the town of Seewalden, the institute,
the wire service and every quote. Only well-known institutions (NATO, the
South Korean intelligence service) appear by name, and they too are quoted
with invented words.

``load_demo()`` is idempotent: every object is found by its natural key (slug,
username, alt text, or article + name + body for comments) and brought back
to the state described here, so running it twice gives the same data. It
never deletes anything: what editors added to a demo article (another
citation, a correction) stays. Objects go through ``full_clean()`` so the demo
passes the same validation as input from the admin.

The demo also seeds comments. The articles app otherwise never touches the
comments app; the model is looked up through the app registry at run time, so
nothing in ``articles`` imports ``comments``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from . import autosave, editing, publishing
from .models import (
    Article,
    ArticleDraft,
    Author,
    Byline,
    Citation,
    Correction,
    Image,
    Section,
    Source,
)

# Used only when DEBUG is on and DEMO_PASSWORD is not set (see the command).
DEFAULT_PASSWORD = "newsroom-demo"  # noqa: S105 - development default, printed on use

# The article browser tests open; shaped like docs/DESIGN.md describes.
FLAGSHIP_SLUG = "nordkorea-schickt-weitere-3000-soldaten-nach-russland"

SITE_URL = "http://127.0.0.1:8000"
IMAGE_CREDIT = "Grafik: Newsroom-Demo"


class DemoSetupError(RuntimeError):
    """The database is not ready for the demo (e.g. migrations not applied)."""


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

S = Source.Kind

SOURCES = [
    # Flagship article
    {
        "slug": "suedkoreanischer-geheimdienst",
        "name": "Südkoreanischer Geheimdienst",
        "kind": S.AGENCY,
        "role": "Nationaler Nachrichtendienst Südkoreas",
        "affiliation": "Republik Korea",
    },
    {
        "slug": "nato",
        "name": "NATO",
        "kind": S.ORGANISATION,
        "role": "",
        "affiliation": "Nordatlantisches Verteidigungsbündnis, Brüssel",
    },
    {
        "slug": "henrike-vaarsen",
        "name": "Henrike Vaarsen",
        "kind": S.PERSON,
        "role": "Sprecherin der NATO",
        "affiliation": "NATO",
    },
    {
        "slug": "daniel-whitcombe",
        "name": "Daniel Whitcombe",
        "kind": S.PERSON,
        "role": "Sprecher des US-Außenministeriums",
        "affiliation": "US-Außenministerium",
    },
    {
        "slug": "miriam-castellan",
        "name": "Miriam Castellan",
        "kind": S.PERSON,
        "role": "Sicherheitsexpertin",
        "affiliation": "Wiener Institut für Sicherheitspolitik",
    },
    {
        "slug": "satellitenbildauswertung-hafen-rason",
        "name": "Satellitenbildauswertung zum Hafen Rason",
        "kind": S.DOCUMENT,
        "role": "",
        "affiliation": "Wiener Institut für Sicherheitspolitik",
    },
    {
        "slug": "asia-pacific-wire",
        "name": "Asia Pacific Wire",
        "kind": S.MEDIA,
        "role": "Nachrichtenagentur",
        "affiliation": "",
    },
    {
        # Never shown to readers: the views filter confidential sources out.
        "slug": "gewaehrsperson-bergahorn",
        "name": "Gewährsperson „Bergahorn“",
        "kind": S.PERSON,
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
        "kind": S.PERSON,
        "role": "Bürgermeisterin von Seewalden",
        "affiliation": "Stadt Seewalden",
        # Other names she is quoted under: the quote suggestions find her by them.
        "aliases": "Claudia Wendlinger-Hofer\nBürgermeisterin Wendlinger",
    },
    {
        "slug": "handelsverband-seewalden",
        "name": "Handelsverband Seewalden",
        "kind": S.ORGANISATION,
        "role": "",
        "affiliation": "",
    },
    {
        "slug": "verkehrskonzept-innenstadt-2030",
        "name": "Verkehrskonzept Innenstadt 2030",
        "kind": S.DOCUMENT,
        "role": "",
        "affiliation": "Stadt Seewalden",
    },
    {
        "slug": "wirtschaftsforschungsinstitut-donau",
        "name": "Wirtschaftsforschungsinstitut Donau",
        "kind": S.ORGANISATION,
        "role": "",
        "affiliation": "",
    },
    {
        "slug": "katrin-oberleitner",
        "name": "Katrin Oberleitner",
        "kind": S.PERSON,
        "role": "Chefökonomin",
        "affiliation": "Wirtschaftsforschungsinstitut Donau",
    },
    {
        "slug": "thomas-ebenhofer",
        "name": "Thomas Ebenhofer",
        "kind": S.PERSON,
        "role": "Landesinnungsmeister der Bäcker",
        "affiliation": "Landesinnung der Bäcker",
    },
    {
        "slug": "jonas-rieder",
        "name": "Jonas Rieder",
        "kind": S.PERSON,
        "role": "Intendant des Stadttheaters Seewalden",
        "affiliation": "Stadttheater Seewalden",
    },
    {
        "slug": "seewaldner-rundschau",
        "name": "Seewaldner Rundschau",
        "kind": S.MEDIA,
        "role": "Regionalzeitung",
        "affiliation": "",
    },
    {
        "slug": "stadtmuseum-seewalden",
        "name": "Stadtmuseum Seewalden",
        "kind": S.ORGANISATION,
        "role": "",
        "affiliation": "",
    },
    {
        "slug": "bernd-hollweger",
        "name": "Bernd Hollweger",
        "kind": S.PERSON,
        "role": "Trainer des Seewaldner SC",
        "affiliation": "Seewaldner SC",
    },
    {
        "slug": "laufclub-seewalden",
        "name": "Laufclub Seewalden",
        "kind": S.ORGANISATION,
        "role": "Veranstalter des Stadtlaufs",
        "affiliation": "",
    },
    {
        "slug": "lena-wiesinger",
        "name": "Lena Wiesinger",
        "kind": S.PERSON,
        "role": "Biologin",
        "affiliation": "Universität Seewalden",
    },
    {
        "slug": "studie-energiehaushalt-winterschlaf",
        "name": "Studie „Energiehaushalt im Winterschlaf“",
        "kind": S.DOCUMENT,
        "role": "",
        "affiliation": "Universität Seewalden",
    },
]

# --------------------------------------------------------------------------
# Images (generated with Pillow; no text in the picture)
# --------------------------------------------------------------------------

IMAGE_SIZE = (1200, 675)

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
    status: str = Article.Status.PUBLISHED
    # Relative to the time of loading; None for drafts.
    publish_offset: timedelta | None = None
    featured: bool = False
    image: str | None = None
    created_by: str = "redaktion"
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
                Correction.Kind.UPDATE,
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
    # The reporter's draft that the desk sent back with a note (_load_sent_back):
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
        status=Article.Status.DRAFT,
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
        status=Article.Status.DRAFT,
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
        status=Article.Status.PUBLISHED,
        publish_offset=timedelta(days=2),
    ),
]

# --------------------------------------------------------------------------
# Comments on the flagship article
# --------------------------------------------------------------------------

COMMENTS = [
    {
        "name": "Maria K.",
        "email": "maria.k@example.org",
        "body": (
            "Danke für die ausführliche Einordnung. Besonders der Abschnitt über die "
            "Satellitenbilder hat mir geholfen, die Lage besser zu verstehen."
        ),
        "approved": True,
        "after": timedelta(minutes=40),
    },
    {
        "name": "Georg aus Graz",
        "email": "georg@example.org",
        "body": (
            "Wie verlässlich sind die Angaben des Geheimdienstes? Gibt es dafür inzwischen "
            "unabhängige Bestätigungen?"
        ),
        "approved": True,
        "after": timedelta(minutes=65),
    },
    {
        "name": "Sandra W.",
        "email": "sandra.w@example.org",
        "body": (
            "Die Einschätzung der Expertin finde ich schlüssig. Hoffentlich setzen alle "
            "Beteiligten weiter auf Diplomatie."
        ),
        "approved": True,
        "after": timedelta(minutes=90),
    },
    {
        "name": "Peter",
        "email": "peter@example.org",
        "body": (
            "Gute Zusammenfassung. Könnten Sie in einem Folgeartikel erklären, welche "
            "Sanktionen es gegen Nordkorea bereits gibt?"
        ),
        "approved": False,
        "after": timedelta(minutes=120),
    },
    {
        "name": "Leserin aus Linz",
        "email": "leserin.linz@example.org",
        "body": (
            "Mich würde auch die Sicht Chinas interessieren. Wäre das ein Thema für einen "
            "weiteren Bericht?"
        ),
        "approved": False,
        "after": timedelta(minutes=150),
    },
]


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


@dataclass
class DemoSummary:
    sections: int = 0
    authors: int = 0
    sources: int = 0
    confidential_sources: int = 0
    images: int = 0
    published: int = 0
    drafts: int = 0
    scheduled: int = 0
    comments_approved: int = 0
    comments_pending: int = 0
    comments_unreviewed: int = 0
    changes_in_review: int = 0
    users: list[tuple[str, str]] = field(default_factory=list)

    @property
    def articles(self):
        return self.published + self.drafts + self.scheduled


def _upsert(model, lookup: dict, values: dict):
    """update_or_create that validates: find by ``lookup``, set ``values``,
    ``full_clean()``, save. Returns the instance."""
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


def render_demo_jpeg(spec: dict) -> bytes:
    """A deterministic abstract picture: a gradient with a few translucent shapes."""
    start, end = spec["colors"]
    vertical = PILImage.linear_gradient("L")  # 256 x 256, black at the top
    # A soft diagonal: mostly left-to-right, a little top-to-bottom.
    mask = PILImage.blend(vertical.rotate(90), vertical, 0.35).resize(IMAGE_SIZE)
    picture = PILImage.composite(
        PILImage.new("RGB", IMAGE_SIZE, end), PILImage.new("RGB", IMAGE_SIZE, start), mask
    ).convert("RGBA")
    overlay = PILImage.new("RGBA", IMAGE_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for kind, coords, color in spec["shapes"]:
        if kind == "ring":
            draw.ellipse(coords, outline=color, width=4)
        elif kind == "dot":
            draw.ellipse(coords, fill=color)
        elif kind == "box":
            draw.rectangle(coords, fill=color)
        elif kind == "cone":
            draw.polygon(coords, fill=color)
    picture = PILImage.alpha_composite(picture, overlay).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
    return buffer.getvalue()


def _load_image(spec: dict, users: dict) -> Image:
    """Reuse the row with this alt text; write a file only when it has none
    (or the file went missing from storage)."""
    image = Image.objects.filter(alt_text=spec["alt_text"]).order_by("pk").first()
    if image is None:
        image = Image(alt_text=spec["alt_text"])
    image.uploaded_by = users[spec.get("uploaded_by", "redaktion")]
    image.caption = spec["caption"]
    image.credit = IMAGE_CREDIT
    has_file = bool(image.file) and image.file.storage.exists(image.file.name)
    if not has_file:
        image.file = ContentFile(render_demo_jpeg(spec), name=spec["filename"])
    image.full_clean()
    image.save()
    return image


def _check_groups():
    wanted = {user["group"] for user in USERS}
    existing = set(Group.objects.filter(name__in=wanted).values_list("name", flat=True))
    missing = sorted(wanted - existing)
    if missing:
        raise DemoSetupError(
            "Fehlende Gruppen: {}. Bitte zuerst `python manage.py migrate` ausführen "
            "(Missing groups; run migrate first).".format(", ".join(missing))
        )


def _load_users(password: str) -> dict:
    User = get_user_model()
    users = {}
    for spec in USERS:
        user = User.objects.filter(username=spec["username"]).first() or User(
            username=spec["username"]
        )
        user.first_name = spec["first_name"]
        user.last_name = spec["last_name"]
        user.email = spec["email"]
        user.is_staff = True
        user.is_superuser = False
        user.is_active = True
        user.set_password(password)
        user.full_clean()
        user.save()
        user.groups.set([Group.objects.get(name=spec["group"])])
        users[spec["username"]] = user
    return users


def _load_article(spec: ArticleSpec, *, now, sections, authors, sources, images, users):
    publish_at = now + spec.publish_offset if spec.publish_offset is not None else None
    article = _upsert(
        Article,
        {"slug": spec.slug},
        {
            "section": sections[spec.section],
            "kicker": spec.kicker,
            "title": spec.title,
            "lead": spec.lead,
            "body": spec.body,
            "status": spec.status,
            "publish_at": publish_at,
            "featured": spec.featured,
            "comments_enabled": True,
            "hero_image": images[spec.image] if spec.image else None,
            "created_by": users[spec.created_by],
        },
    )
    article.tags.set(spec.tags)

    for position, author_slug in enumerate(spec.authors):
        _upsert(
            Byline,
            {"article": article, "author": authors[author_slug]},
            {"position": position},
        )

    for position, (source_slug, quote) in enumerate(spec.citations):
        _upsert(
            Citation,
            {"article": article, "source": sources[source_slug]},
            {"quote": quote, "position": position},
        )

    corrected = []
    for kind, text, offset in spec.corrections:
        corrected.append(now + offset)
        _upsert(
            Correction,
            {"article": article, "kind": kind, "text": text},
            {"created_at": now + offset},
        )

    # Plausible timestamps instead of "everything written just now".
    if publish_at is None or publish_at > now:  # draft or scheduled: prepared yesterday
        created_at, updated_at = now - timedelta(days=1), now - timedelta(hours=2)
    else:  # written an hour before it went out, last changed by its latest update
        created_at, updated_at = publish_at - timedelta(hours=1), max([publish_at, *corrected])
    Article.objects.filter(pk=article.pk).update(created_at=created_at, updated_at=updated_at)
    return article


def _load_comments(article: Article, moderator, now):
    if not apps.is_installed("comments"):
        return 0, 0
    Comment = apps.get_model("comments", "Comment")
    approved = pending = 0
    for spec in COMMENTS:
        status = Comment.Status.APPROVED if spec["approved"] else Comment.Status.PENDING
        created_at = min(article.publish_at + spec["after"], now)
        comment = _upsert(
            Comment,
            {"article": article, "name": spec["name"], "body": spec["body"]},
            {
                "email": spec["email"],
                "status": status,
                "moderated_by": moderator if spec["approved"] else None,
                "moderated_at": (
                    min(created_at + timedelta(minutes=10), now) if spec["approved"] else None
                ),
                "moderation_reason": "",
            },
        )
        Comment.objects.filter(pk=comment.pk).update(created_at=created_at)
        if spec["approved"]:
            approved += 1
        else:
            pending += 1
    return approved, pending


# Published at once under a post-moderated article (the Sport section), not
# yet checked by a moderator: the workspace's "Veröffentlicht, noch ungeprüft".
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


def _load_unreviewed_comments(now) -> int:
    """Comments the policy published at once (post-moderation): approved, no
    moderator yet, with the policy's reason and its entry in the log (the
    comments app's rules, written out here: articles never imports comments)."""
    if not apps.is_installed("comments"):
        return 0
    Comment = apps.get_model("comments", "Comment")
    Decision = apps.get_model("comments", "Decision")
    detail = "sofort veröffentlicht, wird später geprüft"
    for spec in UNREVIEWED_COMMENTS:
        article = Article.objects.get(slug=spec["article"])
        comment = _upsert(
            Comment,
            {"article": article, "name": spec["name"], "body": spec["body"]},
            {
                "email": spec["email"],
                "status": Comment.Status.APPROVED,
                "moderated_by": None,
                "moderated_at": None,
                "moderation_reason": "",
                "reasons": [{"rule": "post_moderation", "detail": detail}],
            },
        )
        created_at = min(article.publish_at + spec["after"], now)
        Comment.objects.filter(pk=comment.pk).update(created_at=created_at)
        if not Decision.objects.filter(comment_number=comment.pk).exists():
            Decision.objects.create(
                comment=comment,
                comment_number=comment.pk,
                source="policy",
                from_status=Comment.Status.PENDING,
                to_status=Comment.Status.APPROVED,
                reason=f"Nachträgliche Moderation: {detail}",
            )
    return len(UNREVIEWED_COMMENTS)


def _load_reports(now) -> None:
    """Reader reports on a comment the moderators already kept once: the
    workspace's reported queue shows who reported what (anonymised network,
    reason, note), that one network's reports were overruled before (its new
    report does not count towards hiding), and that reports no longer hide it."""
    if not apps.is_installed("comments"):
        return
    Comment = apps.get_model("comments", "Comment")
    Report = apps.get_model("comments", "Report")
    comment = Comment.objects.filter(name="Sandra W.", status="approved").first()
    if comment is None:
        return
    reports = [  # network, reason, note, resolved, outcome, weight, minutes after the comment
        ("198.51.100.0", "false", "", True, "overruled", 1, 20),
        ("198.51.100.0", "false", "Stimmt so nicht.", False, "", 0, 60),
        ("203.0.113.0", "abuse", "Verharmlost die Lage.", False, "", 1, 90),
    ]
    for network, reason, note, resolved, outcome, weight, minutes in reports:
        report = _upsert(
            Report,
            {"comment": comment, "ip_address": network, "reason": reason, "resolved": resolved},
            {"note": note, "outcome": outcome, "weight": weight},
        )
        at = min(comment.created_at + timedelta(minutes=minutes), now)
        Report.objects.filter(pk=report.pk).update(created_at=at)
    Comment.objects.filter(pk=comment.pk).update(
        kept_after_reports=True,
        hidden_by_reports=False,
        reports_count=Report.objects.filter(comment=comment, resolved=False).count(),
    )


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


def _load_working_draft(users) -> int:
    """Through the one write path and the workflow, as the reporter would."""
    article = Article.objects.get(slug=WORKING_DRAFT["article"])
    if not editing.is_live(article):
        return 0
    reporter = users["reporter"]
    content = editing.working_content(article)
    content["fields"] = {**content["fields"], "lead": WORKING_DRAFT["lead"]}
    editing.save_content(article=article, content=content, user=reporter)
    if editing.draft_of(article).state == ArticleDraft.State.DRAFT:
        publishing.submit_changes(article=article, user=reporter)
    return 1


SENT_BACK = {
    "article": "sanierung-hallenbad-seewalden-wird-teurer",
    "note": (
        "Bitte die Summe aus der neuen Schätzung in den Vorspann und die Bürgermeisterin "
        "dazu zitieren. Dann gern wieder einreichen."
    ),
}


def _load_sent_back(users) -> None:
    """Once, through the workflow: the reporter submits her draft and the
    desk sends it back with a note, which notifies her."""
    article = Article.objects.get(slug=SENT_BACK["article"])
    if article.transitions.exists():
        return
    publishing.submit_for_review(article=article, user=users["reporter"])
    publishing.send_back(article=article, user=users["redaktion"], note=SENT_BACK["note"])


# The reporter began to work the desk's note in and left without saving: her
# form offers the autosaved version ("Automatisch gesicherte Fassung …").
AUTOSAVED_LEAD = (
    "Die Sanierung des Seewaldner Hallenbads kostet nach einer neuen Schätzung 4,2 Millionen "
    "Euro statt 3,1 Millionen. Der Gemeinderat berät im Jänner."
)


def _load_autosave(users) -> None:
    """The form's fields as the form sends them, with her new lead."""
    article = Article.objects.get(slug=SENT_BACK["article"])
    fields = {
        "section": str(article.section_id),
        "kicker": article.kicker,
        "title": article.title,
        "slug": article.slug,
        "lead": AUTOSAVED_LEAD,
        "body": article.body,
        "edit_version": str(article.version),
    }
    pairs = [[name, value] for name, value in fields.items()]
    pairs += [["tags", str(pk)] for pk in article.tags.values_list("pk", flat=True)]
    if article.comments_enabled:
        pairs.append(["comments_enabled", "on"])
    autosave.store(
        user=users["reporter"], article=article, pairs=pairs, base_version=article.version
    )


# Agency copy as it arrives from a web page: navigation, reading time, an
# author line, no headline line (the import proposes one), chrome at the end.
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


def _load_wire_import(users, sections, sources) -> int:
    """Once, through the import as the reporter would paste it: a draft with
    a proposed headline and its import report; she names the agency as its
    source and tags it."""
    from . import wire

    slug = wire.german_slug(wire.parse_wire_text(WIRE_COPY).title)
    if not Article.objects.filter(slug=slug).exists():
        reporter = users["reporter"]
        article = wire.import_wire_article(
            text=WIRE_COPY, section=sections["wirtschaft"], user=reporter
        )
        content = editing.working_content(article)
        content["citations"] = [{"source": sources["asia-pacific-wire"].pk, "quote": ""}]
        content["tags"] = ["Energie", "Seewalden"]
        editing.save_content(article=article, content=content, user=reporter)
    return 1


@transaction.atomic
def load_demo(*, password: str, stdout=None) -> DemoSummary:
    """Create or refresh the demo content and the three demo users.

    ``password`` is set on every demo user (again on every run, so a changed
    password takes effect). ``stdout``, if given, receives a short summary.
    """
    if not password:
        raise ValueError("The demo users need a password.")
    _check_groups()
    now = timezone.now()
    summary = DemoSummary()

    users = _load_users(password)
    summary.users = [(spec["username"], spec["group"]) for spec in USERS]

    sections = {}
    for position, spec in enumerate(SECTIONS, start=1):
        sections[spec["slug"]] = _upsert(
            Section,
            {"slug": spec["slug"]},
            {
                "name": spec["name"],
                "description": spec["description"],
                "position": position * 10,
                "comment_moderation": spec.get("comment_moderation", "pre"),
            },
        )
    summary.sections = len(sections)

    authors = {}
    for spec in AUTHORS:
        authors[spec["slug"]] = _upsert(
            Author,
            {"slug": spec["slug"]},
            {
                "name": spec["name"],
                "bio": spec["bio"],
                "user": users[spec["user"]] if spec["user"] else None,
            },
        )
    summary.authors = len(authors)

    sources = {}
    for spec in SOURCES:
        values = {
            "role": "",
            "affiliation": "",
            "url": "",
            "is_confidential": False,
            "internal_notes": "",
            "aliases": "",
            **{k: v for k, v in spec.items() if k != "slug"},
        }
        sources[spec["slug"]] = _upsert(Source, {"slug": spec["slug"]}, values)
    summary.sources = len(sources)
    summary.confidential_sources = sum(1 for s in sources.values() if s.is_confidential)

    images = {key: _load_image(spec, users) for key, spec in IMAGES.items()}
    summary.images = len(images)

    flagship = None
    for spec in ARTICLES:
        article = _load_article(
            spec,
            now=now,
            sections=sections,
            authors=authors,
            sources=sources,
            images=images,
            users=users,
        )
        if spec.slug == FLAGSHIP_SLUG:
            flagship = article
        if article.status != Article.Status.PUBLISHED:
            summary.drafts += 1
        elif article.publish_at > now:
            summary.scheduled += 1
        else:
            summary.published += 1

    summary.comments_approved, summary.comments_pending = _load_comments(
        flagship, users["moderation"], now
    )
    summary.comments_unreviewed = _load_unreviewed_comments(now)
    _load_reports(now)
    summary.changes_in_review = _load_working_draft(users)
    _load_sent_back(users)
    _load_autosave(users)
    summary.drafts += _load_wire_import(users, sections, sources)

    if stdout is not None:
        _write_summary(stdout, summary, flagship)
    return summary


def _write_summary(stdout, summary: DemoSummary, flagship: Article):
    lines = [
        "Demo-Inhalte geladen:",
        f"  Ressorts: {summary.sections}, Autorinnen und Autoren: {summary.authors}, "
        f"Quellen: {summary.sources} (davon {summary.confidential_sources} vertraulich), "
        f"Bilder: {summary.images}",
        f"  Artikel: {summary.articles} ({summary.published} veröffentlicht, "
        f"{summary.drafts} Entwurf, {summary.scheduled} geplant)",
        f"  Kommentare: {summary.comments_approved} freigegeben, "
        f"{summary.comments_pending} wartend, "
        f"{summary.comments_unreviewed} veröffentlicht und noch ungeprüft",
        f"  Unveröffentlichte Änderungen zur Prüfung: {summary.changes_in_review}",
        "  Benutzer: " + ", ".join(f"{name} ({group})" for name, group in summary.users),
        f"Website:   {SITE_URL}/",
        f"Admin:     {SITE_URL}{reverse('admin:index')}",
        f"Aufmacher: {SITE_URL}{flagship.get_absolute_url()}",
    ]
    stdout.write("\n".join(lines))
