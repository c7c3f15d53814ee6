"""The rest of the demo's news: the stories of the last three days that fill
the composed home page (issue 20) as a regional news site's home page is
full: three top stories beside the Aufmacher, a block of three stories for
every Ressort, a topic box (Energie) and the most commented box, none of
them twice. Each has a picture (drawn by ``demo.pictures``), a byline, a
source it quotes and tags; some have reader comments of the last 24 hours,
which the demo moderator approves (``demo.discussion.load_news_comments``).

Which story lands where follows from the times (``publish_offset``) and the
comments, with the home page's slots in ``demo.front_pages``: the three
newest after the flagship are the top stories (the derby is the live
ticker); the most commented box shows the commented stories that are not
above; the Energie box the newest Energie stories left; each Ressort block
its three newest left. ``tests/demo/test_demo_front_page.py`` checks it.

A data file like ``demo.data``, hence its length; invented like it, too.
"""

from datetime import timedelta

from .data import ArticleSpec

# The topic of the home page's topic box (demo/front_pages.py).
HOME_TOPIC = "Energie"


def _hours(hours: float) -> timedelta:
    """Published this many hours before the demo was loaded."""
    return -timedelta(hours=hours)


# --------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------

SOURCES = [
    {
        "slug": "stadtwerke-seewalden",
        "name": "Stadtwerke Seewalden",
        "kind": "organisation",
        "affiliation": "Stadt Seewalden",
    },
    {
        "slug": "petra-aigner",
        "name": "Petra Aigner",
        "kind": "person",
        "role": "Geschäftsführerin der Stadtwerke",
        "affiliation": "Stadtwerke Seewalden",
    },
    {
        "slug": "florian-gruber",
        "name": "Florian Gruber",
        "kind": "person",
        "role": "Finanzstadtrat von Seewalden",
        "affiliation": "Stadt Seewalden",
    },
    {
        "slug": "sabine-moosbrugger",
        "name": "Sabine Moosbrugger",
        "kind": "person",
        "role": "Landesrätin für Wohnbau",
        "affiliation": "Landesregierung",
    },
    {
        "slug": "mieterschutzverband",
        "name": "Mieterschutzverband",
        "kind": "organisation",
        "role": "",
        "affiliation": "",
    },
    {
        "slug": "europaeische-kommission",
        "name": "Europäische Kommission",
        "kind": "organisation",
        "affiliation": "Europäische Union, Brüssel",
    },
    {
        "slug": "hannes-pichler",
        "name": "Hannes Pichler",
        "kind": "person",
        "role": "Sprecher der Bürgerinitiative „Gegenwind am Kogel“",
        "affiliation": "",
    },
    {
        "slug": "karin-stockinger",
        "name": "Karin Stockinger",
        "kind": "person",
        "role": "Bürgermeisterin von Riedbach",
        "affiliation": "Gemeinde Riedbach",
    },
    {
        "slug": "michael-hainz",
        "name": "Michael Hainz",
        "kind": "person",
        "role": "Betriebsratsvorsitzender",
        "affiliation": "Brandtner Automotive",
    },
    {
        "slug": "brandtner-automotive",
        "name": "Brandtner Automotive",
        "kind": "organisation",
        "role": "Autozulieferer",
        "affiliation": "",
    },
    {
        "slug": "mobilclub-donau",
        "name": "Mobilclub Donau",
        "kind": "organisation",
        "role": "Verkehrsclub",
        "affiliation": "",
    },
    {
        "slug": "eva-lindner",
        "name": "Eva Lindner",
        "kind": "person",
        "role": "Vorständin",
        "affiliation": "Sparkasse Seewalden",
    },
    {
        "slug": "nina-brandstetter",
        "name": "Nina Brandstetter",
        "kind": "person",
        "role": "Künstlerische Leiterin von „Jazz am See“",
        "affiliation": "Festival Jazz am See",
    },
    {
        "slug": "ursula-renner",
        "name": "Ursula Renner",
        "kind": "person",
        "role": "Leiterin der Stadtbibliothek",
        "affiliation": "Stadtbibliothek Seewalden",
    },
    {
        "slug": "marlene-auer",
        "name": "Marlene Auer",
        "kind": "person",
        "role": "Schriftstellerin",
        "affiliation": "",
    },
    {
        "slug": "sandra-koller",
        "name": "Sandra Koller",
        "kind": "person",
        "role": "Trainerin der Handballerinnen",
        "affiliation": "HC Seewalden",
    },
    {
        "slug": "lisa-mayrhofer",
        "name": "Lisa Mayrhofer",
        "kind": "person",
        "role": "Skispringerin",
        "affiliation": "SV Riedbach",
    },
    {
        "slug": "seewaldner-eisbaeren",
        "name": "Seewaldner Eisbären",
        "kind": "organisation",
        "role": "Eishockeyverein",
        "affiliation": "",
    },
    {
        "slug": "radclub-seewalden",
        "name": "Radclub Seewalden",
        "kind": "organisation",
        "role": "Veranstalter der Riedsee-Rundfahrt",
        "affiliation": "",
    },
    {
        "slug": "anna-berger",
        "name": "Anna Berger",
        "kind": "person",
        "role": "Materialforscherin",
        "affiliation": "Universität Seewalden",
    },
    {
        "slug": "paul-hoechtl",
        "name": "Paul Höchtl",
        "kind": "person",
        "role": "Leiter der Volkssternwarte",
        "affiliation": "Volkssternwarte Seewalden",
    },
]

# --------------------------------------------------------------------------
# Pictures (drawn by demo.pictures, 1200 x 675, no text in the picture)
# --------------------------------------------------------------------------

IMAGES = {
    "solar": {
        "filename": "demo-solarpark.jpg",
        "alt_text": (
            "Abstrakte Grafik: schräge dunkelblaue Flächen in Reihen wie Solarmodule "
            "unter einer gelben Sonne am hellblauen Himmel"
        ),
        "caption": "Symbolbild Solarenergie",
        "colors": ((96, 160, 214), (206, 228, 240)),
        "shapes": [
            ("dot", (930, 60, 1090, 220), (255, 212, 70, 230)),
            ("box", (0, 330, 1200, 675), (90, 140, 70, 255)),
            ("cone", (90, 360, 370, 360, 330, 440, 50, 440), (26, 44, 92, 240)),
            ("cone", (460, 360, 740, 360, 700, 440, 420, 440), (26, 44, 92, 240)),
            ("cone", (830, 360, 1110, 360, 1070, 440, 790, 440), (26, 44, 92, 240)),
            ("cone", (60, 500, 380, 500, 330, 600, 10, 600), (30, 52, 104, 245)),
            ("cone", (440, 500, 760, 500, 710, 600, 390, 600), (30, 52, 104, 245)),
            ("cone", (820, 500, 1140, 500, 1090, 600, 770, 600), (30, 52, 104, 245)),
        ],
    },
    "budget": {
        "filename": "demo-budget.jpg",
        "alt_text": (
            "Abstrakte Grafik: goldene Münzstapel unterschiedlicher Höhe auf dunkelgrünem Grund"
        ),
        "caption": "Symbolbild Gemeindebudget",
        "colors": ((18, 60, 44), (40, 96, 70)),
        "shapes": [
            ("box", (220, 420, 380, 600), (226, 184, 74, 230)),
            ("box", (440, 300, 600, 600), (236, 196, 90, 230)),
            ("box", (660, 360, 820, 600), (226, 184, 74, 230)),
            ("box", (880, 220, 1040, 600), (240, 204, 104, 230)),
            ("dot", (860, 120, 1060, 200), (250, 222, 140, 220)),
        ],
    },
    "housing": {
        "filename": "demo-wohnen.jpg",
        "alt_text": (
            "Abstrakte Grafik: helle Häuserblöcke mit Fensterreihen vor einem violetten Abendhimmel"
        ),
        "caption": "Symbolbild Wohnbau",
        "colors": ((70, 50, 110), (226, 150, 120)),
        "shapes": [
            ("box", (120, 260, 420, 675), (236, 230, 220, 230)),
            ("box", (470, 160, 760, 675), (224, 218, 208, 230)),
            ("box", (810, 320, 1100, 675), (236, 230, 220, 230)),
            ("box", (170, 320, 370, 350), (90, 80, 120, 200)),
            ("box", (520, 230, 710, 260), (90, 80, 120, 200)),
            ("box", (860, 390, 1050, 420), (90, 80, 120, 200)),
        ],
    },
    "europe": {
        "filename": "demo-europa.jpg",
        "alt_text": "Abstrakte Grafik: ein Kreis aus zwölf gelben Punkten auf tiefblauem Grund",
        "caption": "Symbolbild Europäische Union",
        "colors": ((10, 40, 120), (30, 70, 160)),
        "shapes": [
            ("dot", (585, 105, 615, 135), (255, 204, 0, 255)),
            ("dot", (697, 135, 727, 165), (255, 204, 0, 255)),
            ("dot", (779, 217, 809, 247), (255, 204, 0, 255)),
            ("dot", (809, 329, 839, 359), (255, 204, 0, 255)),
            ("dot", (779, 441, 809, 471), (255, 204, 0, 255)),
            ("dot", (697, 523, 727, 553), (255, 204, 0, 255)),
            ("dot", (585, 553, 615, 583), (255, 204, 0, 255)),
            ("dot", (473, 523, 503, 553), (255, 204, 0, 255)),
            ("dot", (391, 441, 421, 471), (255, 204, 0, 255)),
            ("dot", (361, 329, 391, 359), (255, 204, 0, 255)),
            ("dot", (391, 217, 421, 247), (255, 204, 0, 255)),
            ("dot", (473, 135, 503, 165), (255, 204, 0, 255)),
        ],
    },
    "wind": {
        "filename": "demo-windkraft.jpg",
        "alt_text": (
            "Abstrakte Grafik: drei weiße, schmale Türme mit Rotorblättern auf einem grünen "
            "Hügel unter grauem Himmel"
        ),
        "caption": "Symbolbild Windkraft",
        "colors": ((120, 134, 150), (196, 206, 214)),
        "shapes": [
            ("dot", (-200, 470, 1400, 1000), (70, 120, 64, 255)),
            ("box", (294, 200, 306, 520), (250, 250, 250, 240)),
            ("cone", (300, 200, 240, 60, 310, 190), (250, 250, 250, 230)),
            ("cone", (300, 200, 440, 250, 310, 210), (250, 250, 250, 230)),
            ("box", (594, 140, 606, 480), (250, 250, 250, 240)),
            ("cone", (600, 140, 560, 10, 610, 130), (250, 250, 250, 230)),
            ("cone", (600, 140, 730, 210, 610, 150), (250, 250, 250, 230)),
            ("box", (894, 220, 906, 500), (250, 250, 250, 240)),
            ("cone", (900, 220, 830, 90, 910, 210), (250, 250, 250, 230)),
            ("cone", (900, 220, 1040, 260, 910, 230), (250, 250, 250, 230)),
        ],
    },
    "school": {
        "filename": "demo-schule.jpg",
        "alt_text": (
            "Abstrakte Grafik: eine dunkelgrüne Tafel mit hellen Kreidestrichen und bunten "
            "Kreisen in einem Holzrahmen"
        ),
        "caption": "Symbolbild Schule",
        "colors": ((150, 104, 62), (186, 136, 86)),
        "shapes": [
            ("box", (120, 80, 1080, 560), (34, 78, 56, 255)),
            ("box", (200, 180, 620, 192), (236, 236, 226, 200)),
            ("box", (200, 260, 540, 272), (236, 236, 226, 200)),
            ("box", (200, 340, 700, 352), (236, 236, 226, 200)),
            ("dot", (780, 200, 880, 300), (240, 120, 90, 220)),
            ("dot", (880, 320, 980, 420), (250, 210, 90, 220)),
            ("ring", (740, 360, 860, 480), (236, 236, 226, 200)),
        ],
    },
    "factory": {
        "filename": "demo-werk.jpg",
        "alt_text": (
            "Abstrakte Grafik: graue Werkshallen mit Sheddächern und einem großen "
            "Zahnrad-Ring in Orange"
        ),
        "caption": "Symbolbild Industrie",
        "colors": ((96, 110, 126), (176, 188, 200)),
        "shapes": [
            ("box", (0, 420, 1200, 675), (66, 72, 82, 250)),
            ("cone", (0, 420, 240, 280, 240, 420), (66, 72, 82, 250)),
            ("cone", (240, 420, 480, 280, 480, 420), (66, 72, 82, 250)),
            ("cone", (480, 420, 720, 280, 720, 420), (66, 72, 82, 250)),
            ("box", (960, 140, 1010, 420), (66, 72, 82, 250)),
            ("ring", (700, 110, 960, 370), (240, 140, 40, 245)),
            ("ring", (770, 180, 890, 300), (240, 140, 40, 230)),
            ("box", (80, 480, 200, 560), (250, 214, 120, 220)),
            ("box", (320, 480, 440, 560), (250, 214, 120, 220)),
            ("box", (560, 480, 680, 560), (250, 214, 120, 220)),
        ],
    },
    "bank": {
        "filename": "demo-zinsen.jpg",
        "alt_text": (
            "Abstrakte Grafik: absteigende Balken in Weiß vor einem Verlauf von Dunkelrot zu Rosa"
        ),
        "caption": "Symbolbild Zinsen",
        "colors": ((120, 28, 40), (226, 150, 160)),
        "shapes": [
            ("box", (180, 160, 300, 600), (255, 255, 255, 180)),
            ("box", (360, 240, 480, 600), (255, 255, 255, 170)),
            ("box", (540, 330, 660, 600), (255, 255, 255, 160)),
            ("box", (720, 400, 840, 600), (255, 255, 255, 150)),
            ("box", (900, 470, 1020, 600), (255, 255, 255, 140)),
        ],
    },
    "fuel": {
        "filename": "demo-tankstelle.jpg",
        "alt_text": (
            "Abstrakte Grafik: leuchtend rote und gelbe Säulen wie Zapfsäulen vor nächtlichem Blau"
        ),
        "caption": "Symbolbild Spritpreise",
        "colors": ((16, 24, 52), (44, 60, 110)),
        "shapes": [
            ("box", (0, 120, 1200, 170), (240, 240, 240, 200)),
            ("box", (300, 300, 420, 600), (214, 40, 40, 240)),
            ("box", (540, 300, 660, 600), (240, 190, 30, 240)),
            ("box", (780, 300, 900, 600), (214, 40, 40, 240)),
            ("box", (0, 600, 1200, 675), (60, 64, 76, 240)),
        ],
    },
    "mall": {
        "filename": "demo-einkaufszentrum.jpg",
        "alt_text": (
            "Abstrakte Grafik: eine Reihe von Schaufenstern, einige hell erleuchtet, andere dunkel"
        ),
        "caption": "Symbolbild Handel",
        "colors": ((200, 196, 186), (150, 146, 140)),
        "shapes": [
            ("box", (60, 200, 280, 520), (255, 232, 160, 230)),
            ("box", (340, 200, 560, 520), (70, 70, 76, 230)),
            ("box", (620, 200, 840, 520), (255, 232, 160, 230)),
            ("box", (900, 200, 1120, 520), (70, 70, 76, 230)),
            ("box", (0, 560, 1200, 675), (110, 106, 100, 230)),
        ],
    },
    "jazz": {
        "filename": "demo-jazz.jpg",
        "alt_text": (
            "Abstrakte Grafik: Ringe wie Schallwellen in Gold auf violettem Grund "
            "mit einem hellen Punkt in der Mitte"
        ),
        "caption": "Symbolbild Konzert",
        "colors": ((40, 16, 70), (120, 50, 130)),
        "shapes": [
            ("ring", (340, 80, 860, 600), (240, 196, 90, 150)),
            ("ring", (420, 160, 780, 520), (240, 196, 90, 180)),
            ("ring", (500, 240, 700, 440), (240, 196, 90, 210)),
            ("dot", (570, 310, 630, 370), (255, 236, 180, 240)),
        ],
    },
    "library": {
        "filename": "demo-bibliothek.jpg",
        "alt_text": (
            "Abstrakte Grafik: schmale Buchrücken in Rot, Blau, Grün und Ocker "
            "auf zwei Regalbrettern"
        ),
        "caption": "Symbolbild Bibliothek",
        "colors": ((92, 64, 42), (140, 100, 64)),
        "shapes": [
            ("box", (80, 300, 1120, 320), (60, 40, 26, 255)),
            ("box", (80, 600, 1120, 620), (60, 40, 26, 255)),
            ("box", (120, 120, 180, 300), (170, 50, 44, 240)),
            ("box", (190, 140, 240, 300), (40, 80, 140, 240)),
            ("box", (250, 110, 320, 300), (60, 120, 70, 240)),
            ("box", (330, 150, 380, 300), (200, 150, 60, 240)),
            ("box", (600, 130, 660, 300), (40, 80, 140, 240)),
            ("box", (670, 120, 720, 300), (170, 50, 44, 240)),
            ("box", (160, 420, 230, 600), (200, 150, 60, 240)),
            ("box", (240, 440, 290, 600), (60, 120, 70, 240)),
            ("box", (700, 410, 770, 600), (170, 50, 44, 240)),
            ("box", (780, 430, 840, 600), (40, 80, 140, 240)),
            ("box", (850, 420, 900, 600), (200, 150, 60, 240)),
        ],
    },
    "award": {
        "filename": "demo-preis.jpg",
        "alt_text": (
            "Abstrakte Grafik: eine goldene Medaille mit hellem Ring auf cremefarbenem Grund"
        ),
        "caption": "Symbolbild Auszeichnung",
        "colors": ((236, 226, 204), (214, 196, 160)),
        "shapes": [
            ("cone", (540, 0, 660, 0, 600, 260), (150, 40, 50, 230)),
            ("dot", (460, 220, 740, 500), (212, 164, 52, 245)),
            ("ring", (500, 260, 700, 460), (250, 226, 150, 230)),
        ],
    },
    "handball": {
        "filename": "demo-handball.jpg",
        "alt_text": (
            "Abstrakte Grafik: orangefarbener Hallenboden mit weißen Linien "
            "und einem halbrunden Torraum"
        ),
        "caption": "Symbolbild Handball",
        "colors": ((196, 96, 40), (226, 140, 70)),
        "shapes": [
            ("ring", (-300, 37, 300, 637), (255, 255, 255, 220)),
            ("ring", (-380, -43, 380, 717), (255, 255, 255, 160)),
            ("box", (0, 250, 40, 425), (240, 240, 240, 240)),
            ("box", (596, 0, 604, 675), (255, 255, 255, 220)),
            ("dot", (840, 300, 920, 380), (250, 246, 230, 240)),
        ],
    },
    "skijump": {
        "filename": "demo-skisprung.jpg",
        "alt_text": (
            "Abstrakte Grafik: eine weiße, steil abfallende Schanze vor einem kalten, "
            "blauen Winterhimmel"
        ),
        "caption": "Symbolbild Skispringen",
        "colors": ((40, 90, 160), (190, 214, 238)),
        "shapes": [
            ("cone", (0, 60, 60, 60, 520, 380, 520, 420, 0, 130), (246, 248, 252, 250)),
            ("cone", (470, 675, 640, 470, 1200, 600, 1200, 675), (240, 244, 250, 250)),
            ("dot", (640, 280, 676, 316), (200, 40, 40, 245)),
            ("box", (0, 600, 1200, 675), (240, 244, 250, 250)),
        ],
    },
    "icehockey": {
        "filename": "demo-eishockey.jpg",
        "alt_text": (
            "Abstrakte Grafik: hellblaue Eisfläche mit roter Mittellinie, "
            "zwei blauen Linien und einem Bullykreis"
        ),
        "caption": "Symbolbild Eishockey",
        "colors": ((214, 230, 240), (240, 246, 250)),
        "shapes": [
            ("box", (590, 0, 610, 675), (200, 40, 40, 230)),
            ("box", (330, 0, 350, 675), (40, 80, 170, 220)),
            ("box", (850, 0, 870, 675), (40, 80, 170, 220)),
            ("ring", (480, 217, 720, 457), (40, 80, 170, 220)),
            ("dot", (590, 327, 610, 347), (30, 30, 36, 240)),
        ],
    },
    "cycling": {
        "filename": "demo-radsport.jpg",
        "alt_text": (
            "Abstrakte Grafik: zwei dunkle Ringe wie Fahrradreifen auf einer grauen "
            "Straße mit gelber Linie"
        ),
        "caption": "Symbolbild Radsport",
        "colors": ((150, 190, 210), (220, 230, 200)),
        "shapes": [
            ("box", (0, 470, 1200, 675), (90, 92, 98, 245)),
            ("box", (0, 566, 1200, 580), (250, 210, 40, 230)),
            ("ring", (300, 230, 540, 470), (30, 30, 34, 245)),
            ("ring", (660, 230, 900, 470), (30, 30, 34, 245)),
            ("cone", (420, 350, 560, 250, 780, 350), (200, 40, 40, 220)),
        ],
    },
    "battery": {
        "filename": "demo-batterie.jpg",
        "alt_text": (
            "Abstrakte Grafik: ein grüner, halb gefüllter Batterierahmen auf einer "
            "holzbraunen Fläche"
        ),
        "caption": "Symbolbild Batterieforschung",
        "colors": ((110, 78, 48), (170, 128, 84)),
        "shapes": [
            ("box", (300, 220, 860, 460), (40, 36, 30, 230)),
            ("box", (860, 290, 900, 390), (40, 36, 30, 230)),
            ("box", (320, 240, 600, 440), (90, 200, 110, 240)),
        ],
    },
    "lake": {
        "filename": "demo-riedsee.jpg",
        "alt_text": (
            "Abstrakte Grafik: blaugrünes Wasser mit drei länglichen, "
            "rötlich schimmernden Formen wie Fische"
        ),
        "caption": "Symbolbild Riedsee",
        "colors": ((16, 70, 90), (60, 140, 150)),
        "shapes": [
            ("dot", (180, 200, 480, 290), (226, 120, 100, 200)),
            ("dot", (560, 360, 900, 460), (236, 140, 110, 200)),
            ("dot", (760, 140, 1020, 220), (216, 110, 96, 180)),
            ("ring", (100, 440, 300, 520), (200, 236, 240, 120)),
        ],
    },
    "comet": {
        "filename": "demo-komet.jpg",
        "alt_text": (
            "Abstrakte Grafik: ein heller Punkt mit langem, blassem Schweif vor einem "
            "Nachthimmel mit kleinen Sternen"
        ),
        "caption": "Symbolbild Komet",
        "colors": ((4, 8, 28), (26, 30, 70)),
        "shapes": [
            ("cone", (760, 240, 120, 40, 200, 200), (200, 220, 255, 90)),
            ("dot", (740, 222, 790, 272), (240, 246, 255, 250)),
            ("dot", (960, 90, 968, 98), (255, 255, 255, 220)),
            ("dot", (1080, 420, 1086, 426), (255, 255, 255, 200)),
            ("dot", (300, 500, 306, 506), (255, 255, 255, 200)),
            ("dot", (560, 600, 566, 606), (255, 255, 255, 180)),
            ("dot", (900, 560, 908, 568), (255, 255, 255, 210)),
        ],
    },
}

# --------------------------------------------------------------------------
# Articles, newest first within each Ressort
# --------------------------------------------------------------------------

ARTICLES = [
    # --- Politik ---------------------------------------------------------------------
    ArticleSpec(
        slug="seewalden-beschliesst-budget-mehr-geld-fuer-schulen",
        section="politik",
        kicker="Gemeindebudget",
        title="Seewalden beschließt sein Budget: 9 Millionen Euro für die Schulen",
        lead=(
            "Der Gemeinderat hat das Budget für das kommende Jahr beschlossen. Der größte "
            "Posten sind die Schulen: 9 Millionen Euro fließen in Sanierungen und zwei neue "
            "Turnsäle."
        ),
        body="""\
## Schulen vor Straßen

Von den 84 Millionen Euro des Haushalts geht mehr als jeder zehnte Euro in die sieben \
Pflichtschulen der Stadt. „Wir investieren dort, wo unsere Kinder den halben Tag \
verbringen“, sagte Finanzstadtrat Florian Gruber in der Sitzung am Montagabend.

## Opposition vermisst Sparkurs

Die Opposition stimmte dagegen. Sie kritisiert, dass die Stadt neue Schulden von \
6,5 Millionen Euro aufnimmt, und fordert, die Sanierung des Rathauses zu verschieben.
""",
        authors=["julia-hofbauer"],
        tags=["Seewalden", "Gemeinderat", "Budget", "Bildung"],
        citations=[
            (
                "florian-gruber",
                "Wir investieren dort, wo unsere Kinder den halben Tag verbringen",
            ),
        ],
        publish_offset=_hours(12),
        image="budget",
    ),
    ArticleSpec(
        slug="land-deckelt-mieten-in-gefoerderten-wohnungen",
        section="politik",
        kicker="Wohnen",
        title="Land deckelt die Mieten in geförderten Wohnungen",
        lead=(
            "Die Mieten in geförderten Wohnungen dürfen im kommenden Jahr um höchstens "
            "2 Prozent steigen. Der Landtag hat das Gesetz am Mittwoch mit breiter Mehrheit "
            "beschlossen."
        ),
        body="""\
## Rund 40.000 Haushalte betroffen

Die Obergrenze gilt für alle Wohnungen, die mit Mitteln der Wohnbauförderung errichtet \
wurden. „Wer in einer geförderten Wohnung lebt, soll nicht jedes Jahr zittern müssen“, \
sagte Wohnbaulandesrätin Sabine Moosbrugger.

## Mieterschützer wollen mehr

Dem Mieterschutzverband geht das Gesetz nicht weit genug. Er fordert, den Deckel auch \
auf private Altbauwohnungen auszuweiten.
""",
        authors=["julia-hofbauer"],
        tags=["Wohnen", "Landtag"],
        citations=[
            (
                "sabine-moosbrugger",
                "Wer in einer geförderten Wohnung lebt, soll nicht jedes Jahr zittern müssen",
            ),
            ("mieterschutzverband", ""),
        ],
        publish_offset=_hours(20),
        image="housing",
    ),
    ArticleSpec(
        slug="eu-will-bahnfahren-ueber-grenzen-billiger-machen",
        section="politik",
        kicker="Europa",
        title="EU will Bahnfahren über Grenzen einfacher und billiger machen",
        lead=(
            "Wer mit dem Zug durch mehrere Länder fährt, soll künftig ein einziges Ticket "
            "kaufen können. Die EU-Kommission hat dazu am Dienstag einen Gesetzesvorschlag "
            "vorgelegt."
        ),
        body="""\
## Ein Ticket statt drei

Bisher müssen Reisende für eine Fahrt etwa von Wien nach Amsterdam oft mehrere Tickets \
bei verschiedenen Bahnen buchen. Verpassen sie einen Anschluss, verlieren sie häufig \
ihren Anspruch auf Entschädigung. „Die Bahn muss in Europa so einfach werden wie das \
Fliegen“, heißt es in dem Vorschlag der Europäischen Kommission.

## Zustimmung der Staaten offen

Das Europäische Parlament und die Mitgliedstaaten müssen dem Gesetz noch zustimmen. \
Mehrere Bahnunternehmen haben bereits Bedenken angemeldet.
""",
        authors=["julia-hofbauer"],
        tags=["EU", "Bahn", "Verkehr"],
        citations=[
            (
                "europaeische-kommission",
                "Die Bahn muss in Europa so einfach werden wie das Fliegen",
            ),
        ],
        publish_offset=_hours(34),
        image="europe",
    ),
    ArticleSpec(
        slug="buergerinitiative-sammelt-unterschriften-gegen-windpark",
        section="politik",
        kicker="Windkraft",
        title="Bürgerinitiative sammelt 3.000 Unterschriften gegen den Windpark am Kogel",
        lead=(
            "Gegen die geplanten sechs Windräder am Kogel regt sich Widerstand. Eine "
            "Bürgerinitiative hat der Bürgermeisterin am Montag 3.000 Unterschriften "
            "übergeben und fordert eine Volksbefragung."
        ),
        body="""\
## Sorge um Landschaft und Wald

Die Initiative „Gegenwind am Kogel“ befürchtet, dass für Zufahrten und Fundamente \
mehrere Hektar Wald gerodet werden. „Wir sind nicht gegen Windkraft, aber gegen diesen \
Standort“, sagte ihr Sprecher Hannes Pichler.

## Stadt will informieren

Bürgermeisterin Claudia Wendlinger kündigte für Februar einen Informationsabend an. \
Die Windräder sollen nach Angaben der Stadt Strom für rund 14.000 Haushalte liefern.
""",
        authors=["julia-hofbauer", "markus-steindl"],
        tags=["Seewalden", "Energie", "Windkraft"],
        citations=[
            ("hannes-pichler", "Wir sind nicht gegen Windkraft, aber gegen diesen Standort"),
            ("claudia-wendlinger", ""),
        ],
        publish_offset=_hours(45),
        image="wind",
    ),
    ArticleSpec(
        slug="volksschule-riedbach-bleibt-offen",
        section="politik",
        kicker="Bildung",
        title="Die Volksschule Riedbach bleibt offen",
        lead=(
            "Die kleinste Volksschule des Bezirks wird nicht geschlossen. Das Land hat die "
            "Zusammenlegung mit der Schule in Seewalden abgesagt, nachdem sich die Zahl der "
            "Anmeldungen erholt hat."
        ),
        body="""\
## Mehr Kinder als erwartet

Für das kommende Schuljahr sind 46 Kinder angemeldet, sechs mehr als die Mindestzahl. \
„Eine Schule ist das Herz eines Dorfes, und dieses Herz schlägt weiter“, sagte \
Bürgermeisterin Karin Stockinger.

## Bus bleibt trotzdem

Der Schulbus nach Seewalden fährt weiter, für die Kinder der Mittelschule. Die \
Gemeinde will außerdem den Hort ausbauen.
""",
        authors=["julia-hofbauer"],
        tags=["Riedbach", "Bildung", "Gemeinderat"],
        citations=[
            (
                "karin-stockinger",
                "Eine Schule ist das Herz eines Dorfes, und dieses Herz schlägt weiter",
            ),
        ],
        publish_offset=_hours(56),
        image="school",
    ),
    # --- Wirtschaft --------------------------------------------------------------------
    ArticleSpec(
        slug="stadtwerke-bauen-groessten-solarpark-der-region",
        section="wirtschaft",
        kicker="Energie",
        title="Stadtwerke bauen den größten Solarpark der Region",
        lead=(
            "Auf 18 Hektar bei der ehemaligen Kiesgrube entsteht ein Solarpark, der Strom für "
            "5.000 Haushalte liefern soll. Baubeginn ist im April, die Kosten liegen bei "
            "11 Millionen Euro."
        ),
        body="""\
## Strom vom Baggersee

Die Module werden auf Gestellen montiert, darunter sollen weiter Schafe weiden. \
„Wir erzeugen Strom auf einer Fläche, die niemand anders nutzen will“, sagte Petra \
Aigner, Geschäftsführerin der Stadtwerke Seewalden.

## Bürgerbeteiligung geplant

Ein Teil des Parks soll über Anleihen von Bürgerinnen und Bürgern finanziert werden. \
Die Stadtwerke wollen die Bedingungen im März vorstellen.
""",
        authors=["markus-steindl"],
        tags=["Seewalden", "Energie", "Solar"],
        citations=[
            (
                "petra-aigner",
                "Wir erzeugen Strom auf einer Fläche, die niemand anders nutzen will",
            ),
            ("stadtwerke-seewalden", ""),
        ],
        publish_offset=_hours(5),
        image="solar",
    ),
    ArticleSpec(
        slug="autozulieferer-brandtner-streicht-180-stellen",
        section="wirtschaft",
        kicker="Industrie",
        title="Autozulieferer Brandtner streicht 180 Stellen in Riedbach",
        lead=(
            "Der Autozulieferer Brandtner Automotive baut in seinem Werk in Riedbach 180 von "
            "620 Arbeitsplätzen ab. Das Unternehmen begründet den Schritt mit der schwachen "
            "Nachfrage nach Verbrennungsmotoren."
        ),
        body="""\
## Abbau bis zum Sommer

Betroffen ist vor allem die Fertigung von Einspritzteilen. Der Abbau soll bis Juli \
abgeschlossen sein, ein Teil über Pensionierungen. Brandtner Automotive kündigte an, \
einen Sozialplan mit dem Betriebsrat auszuhandeln.

## Betriebsrat fordert Perspektive

„Die Leute hier haben jahrzehntelang für das Werk gearbeitet, sie verdienen eine \
Perspektive“, sagte Betriebsratsvorsitzender Michael Hainz. Er fordert, im Werk Teile \
für Elektroautos zu fertigen.
""",
        authors=["markus-steindl"],
        tags=["Riedbach", "Industrie", "Arbeitsmarkt"],
        citations=[
            (
                "michael-hainz",
                "Die Leute hier haben jahrzehntelang für das Werk gearbeitet, sie verdienen "
                "eine Perspektive",
            ),
            ("brandtner-automotive", ""),
        ],
        publish_offset=_hours(14),
        image="factory",
    ),
    ArticleSpec(
        slug="sparkasse-seewalden-senkt-zinsen-fuer-wohnkredite",
        section="wirtschaft",
        kicker="Geld",
        title="Sparkasse Seewalden senkt die Zinsen für Wohnkredite",
        lead=(
            "Wer ein Haus oder eine Wohnung finanziert, zahlt bei der Sparkasse Seewalden ab "
            "Februar weniger. Der Fixzins für 20 Jahre sinkt auf 3,1 Prozent."
        ),
        body="""\
## Nachfrage zieht wieder an

Nach zwei schwachen Jahren fragen wieder mehr Kundinnen und Kunden nach Wohnkrediten. \
„Wir sehen so viele Anfragen wie seit drei Jahren nicht mehr“, sagte Vorständin Eva \
Lindner.

## Strenge Regeln bleiben

An den Vorgaben für Eigenmittel ändert sich nichts: Wer einen Kredit will, muss weiter \
mindestens 20 Prozent des Kaufpreises selbst aufbringen.
""",
        authors=["markus-steindl"],
        tags=["Wohnen", "Zinsen"],
        citations=[
            ("eva-lindner", "Wir sehen so viele Anfragen wie seit drei Jahren nicht mehr"),
        ],
        publish_offset=_hours(16),
        image="bank",
    ),
    ArticleSpec(
        slug="spritpreise-fallen-auf-tiefsten-stand-seit-zwei-jahren",
        section="wirtschaft",
        kicker="Preise",
        title="Spritpreise fallen auf den tiefsten Stand seit zwei Jahren",
        lead=(
            "Diesel kostet im Schnitt 1,49 Euro je Liter, Benzin 1,52 Euro. So wenig haben "
            "Autofahrerinnen und Autofahrer zuletzt vor zwei Jahren gezahlt."
        ),
        body="""\
## Ölpreis und starker Euro

Gründe sind der gesunkene Ölpreis und der starke Euro. „Die Tankstellen geben die \
Senkung diesmal recht schnell weiter“, sagte ein Sprecher des Mobilclubs Donau.

## Am Morgen tanken lohnt sich

Wer sparen will, tankt am besten am Vormittag: Dann liegen die Preise nach Beobachtung \
des Clubs um bis zu 6 Cent unter denen am Abend.
""",
        authors=["markus-steindl"],
        tags=["Energie", "Verkehr", "Preise"],
        citations=[
            (
                "mobilclub-donau",
                "Die Tankstellen geben die Senkung diesmal recht schnell weiter",
            ),
        ],
        publish_offset=_hours(40),
        image="fuel",
    ),
    ArticleSpec(
        slug="einkaufszentrum-am-stadtrand-jedes-dritte-geschaeft-leer",
        section="wirtschaft",
        kicker="Handel",
        title="Einkaufszentrum am Stadtrand: Jedes dritte Geschäft steht leer",
        lead=(
            "Im Einkaufszentrum Seepark sind 14 von 42 Geschäften geschlossen. Der Eigentümer "
            "will einen Teil der Flächen an Arztpraxen und eine Volkshochschule vermieten."
        ),
        body="""\
## Onlinehandel und Innenstadt

Die Kundschaft kaufe zunehmend im Internet ein, heißt es vom Betreiber. Der \
Handelsverband Seewalden sieht auch eine Chance für die Innenstadt: „Die Menschen \
kommen wieder ins Zentrum, wenn es dort lebendig ist.“

## Neue Mieter gesucht

Für zwei leer stehende Flächen gibt es bereits Interessenten, darunter ein Fitnessstudio.
""",
        authors=["markus-steindl"],
        tags=["Handel", "Seewalden"],
        citations=[
            (
                "handelsverband-seewalden",
                "Die Menschen kommen wieder ins Zentrum, wenn es dort lebendig ist.",
            ),
        ],
        publish_offset=_hours(60),
        image="mall",
    ),
    # --- Kultur -------------------------------------------------------------------------
    ArticleSpec(
        slug="jazz-am-see-meldet-besucherrekord",
        section="kultur",
        kicker="Musik",
        title="„Jazz am See“ meldet einen Besucherrekord",
        lead=(
            "Mehr als 21.000 Menschen haben das Festival „Jazz am See“ besucht, so viele wie "
            "noch nie. Das Abschlusskonzert auf der Seebühne war seit Wochen ausverkauft."
        ),
        body="""\
## Junges Publikum

Auffallend viele Besucherinnen und Besucher waren jünger als 30. „Jazz ist nicht die \
Musik der Großeltern, das hat dieses Wochenende gezeigt“, sagte die künstlerische \
Leiterin Nina Brandstetter.

## Nächstes Jahr vier Tage

Das Festival soll im kommenden Jahr einen Tag länger dauern. Eine zweite Bühne im \
Kurpark ist geplant.
""",
        authors=["leonie-kranz"],
        tags=["Musik", "Seewalden"],
        citations=[
            (
                "nina-brandstetter",
                "Jazz ist nicht die Musik der Großeltern, das hat dieses Wochenende gezeigt",
            ),
        ],
        publish_offset=_hours(11),
        image="jazz",
    ),
    ArticleSpec(
        slug="stadtbibliothek-oeffnet-auch-am-sonntag",
        section="kultur",
        kicker="Bibliothek",
        title="Die Stadtbibliothek öffnet künftig auch am Sonntag",
        lead=(
            "Ab Februar hat die Stadtbibliothek Seewalden auch sonntags von 10 bis 16 Uhr "
            "geöffnet. Ausleihen und zurückgeben geht dann an Automaten."
        ),
        body="""\
## Ein Wohnzimmer für die Stadt

Die Bibliothek will am Sonntag vor allem Familien und Studierende ansprechen. „Wir \
wollen ein Wohnzimmer für die ganze Stadt sein, auch am Wochenende“, sagte Leiterin \
Ursula Renner.

## Mehr Personal nicht nötig

Die Sonntage betreut ein kleines Team mit Studierenden. Die Stadt rechnet mit \
Mehrkosten von 40.000 Euro im Jahr.
""",
        authors=["leonie-kranz"],
        tags=["Bibliothek", "Literatur", "Seewalden"],
        citations=[
            (
                "ursula-renner",
                "Wir wollen ein Wohnzimmer für die ganze Stadt sein, auch am Wochenende",
            ),
        ],
        publish_offset=_hours(22),
        image="library",
    ),
    ArticleSpec(
        slug="landespreis-fuer-literatur-an-marlene-auer",
        section="kultur",
        kicker="Literatur",
        title="Landespreis für Literatur geht an die Seewaldnerin Marlene Auer",
        lead=(
            "Die Schriftstellerin Marlene Auer erhält den Landespreis für Literatur. Die Jury "
            "würdigt ihren Roman „Das Schilf“ über drei Generationen einer Fischerfamilie am "
            "Riedsee."
        ),
        body="""\
## Ein Roman über das Bleiben

Auer erzählt von Menschen, die ihren Ort nicht verlassen, obwohl alles sie dazu \
drängt. „Ich wollte über die schreiben, die bleiben, nicht über die, die gehen“, sagte \
die Autorin.

## Verleihung im März

Der Preis ist mit 15.000 Euro dotiert und wird im März im Landhaus verliehen.
""",
        authors=["leonie-kranz"],
        tags=["Literatur", "Auszeichnung"],
        citations=[
            (
                "marlene-auer",
                "Ich wollte über die schreiben, die bleiben, nicht über die, die gehen",
            ),
        ],
        publish_offset=_hours(50),
        image="award",
    ),
    # --- Sport --------------------------------------------------------------------------
    ArticleSpec(
        slug="seewaldner-handballerinnen-uebernehmen-tabellenspitze",
        section="sport",
        kicker="Handball",
        title="Seewaldner Handballerinnen übernehmen die Tabellenspitze",
        lead=(
            "Mit einem 31:27 gegen den Titelverteidiger haben die Handballerinnen des HC "
            "Seewalden die Tabellenführung übernommen. Die Halle war mit 1.200 Fans "
            "ausverkauft."
        ),
        body="""\
## Starke zweite Halbzeit

Zur Pause lag Seewalden noch mit zwei Toren zurück. Nach dem Seitenwechsel stand die \
Abwehr sicherer, Torfrau Jana Leitner parierte drei Siebenmeter.

## Trainerin bleibt vorsichtig

„Wir freuen uns heute, aber morgen beginnt die Arbeit für das nächste Spiel“, sagte \
Trainerin Sandra Koller. Am Samstag spielt der HC auswärts in Linz.
""",
        authors=["tobias-reiter"],
        tags=["Handball", "Seewalden"],
        citations=[
            (
                "sandra-koller",
                "Wir freuen uns heute, aber morgen beginnt die Arbeit für das nächste Spiel",
            ),
        ],
        publish_offset=_hours(6),
        image="handball",
    ),
    ArticleSpec(
        slug="skispringerin-aus-riedbach-gewinnt-junioren-weltcup",
        section="sport",
        kicker="Skispringen",
        title="Skispringerin aus Riedbach gewinnt ihren ersten Junioren-Weltcup",
        lead=(
            "Die 17-jährige Lisa Mayrhofer vom SV Riedbach hat in Planica ihr erstes "
            "Junioren-Weltcupspringen gewonnen. Mit 128 Metern sprang sie Schanzenrekord für "
            "ihre Klasse."
        ),
        body="""\
## Zwei Sprünge, zwei Bestwerte

Schon im ersten Durchgang lag Mayrhofer vorne, im Finale legte sie noch drei Meter zu. \
„Ich habe einfach versucht, den ersten Sprung zu wiederholen“, sagte sie nach dem \
Wettkampf.

## Ziel Olympia

Im Verband gilt Mayrhofer als eines der größten Talente. Sie trainiert seit zwei Jahren \
im Leistungszentrum und geht nebenbei in die Handelsakademie.
""",
        authors=["tobias-reiter"],
        tags=["Skispringen", "Wintersport", "Riedbach"],
        citations=[
            ("lisa-mayrhofer", "Ich habe einfach versucht, den ersten Sprung zu wiederholen"),
        ],
        publish_offset=_hours(18),
        image="skijump",
    ),
    ArticleSpec(
        slug="seewaldner-eisbaeren-verlieren-im-penaltyschiessen",
        section="sport",
        kicker="Eishockey",
        title="Seewaldner Eisbären verlieren erst im Penaltyschießen",
        lead=(
            "Nach 65 torlosen Minuten haben die Seewaldner Eisbären gegen Villach im "
            "Penaltyschießen verloren. Der Punkt hält sie auf einem Play-off-Platz."
        ),
        body="""\
## Zwei starke Torhüter

Beide Torhüter hielten in der regulären Spielzeit und in der Verlängerung alles. Die \
Seewaldner Eisbären sprachen nach dem Spiel von „einem Punkt, der sich wie ein Sieg \
anfühlt“.

## Drei Spiele in fünf Tagen

Schon am Dienstag geht es weiter, dann kommt der Tabellenführer aus Salzburg in die \
Seewaldner Eishalle.
""",
        authors=["tobias-reiter"],
        tags=["Eishockey"],
        citations=[
            ("seewaldner-eisbaeren", "einem Punkt, der sich wie ein Sieg anfühlt"),
        ],
        publish_offset=_hours(40),
        image="icehockey",
    ),
    ArticleSpec(
        slug="riedsee-rundfahrt-kehrt-in-den-rennkalender-zurueck",
        section="sport",
        kicker="Radsport",
        title="Die Riedsee-Rundfahrt kehrt in den Rennkalender zurück",
        lead=(
            "Nach sechs Jahren Pause wird wieder um den Riedsee geradelt: Im Juni starten "
            "rund 120 Profis und 600 Hobbyfahrerinnen und -fahrer zur Riedsee-Rundfahrt."
        ),
        body="""\
## 112 Kilometer um den See

Die Strecke führt zweimal um den See und über den Kogel. „Die Rundfahrt gehört zu \
Seewalden wie der See selbst“, sagte ein Sprecher des Radclubs Seewalden.

## Straßen am Vormittag gesperrt

Die Uferstraße wird am Renntag von 9 bis 14 Uhr gesperrt sein.
""",
        authors=["tobias-reiter"],
        tags=["Radsport", "Seewalden"],
        citations=[
            ("radclub-seewalden", "Die Rundfahrt gehört zu Seewalden wie der See selbst"),
        ],
        publish_offset=_hours(66),
        image="cycling",
    ),
    # --- Wissenschaft -------------------------------------------------------------------
    ArticleSpec(
        slug="batterie-aus-holzabfaellen-prototyp-vorgestellt",
        section="wissenschaft",
        kicker="Energieforschung",
        title="Batterie aus Holzabfällen: Seewaldner Team stellt einen Prototyp vor",
        lead=(
            "Forschende der Universität Seewalden haben eine Batterie gebaut, deren Elektrode "
            "aus Sägespänen besteht. Sie speichert fast so viel Energie wie herkömmliche "
            "Akkus, kommt aber ohne Graphit aus."
        ),
        body="""\
## Kohlenstoff aus dem Sägewerk

Die Späne werden unter Luftabschluss erhitzt, bis fast reiner Kohlenstoff übrig bleibt. \
„Wir machen aus einem Abfall des Sägewerks ein Material, für das sonst Graphit \
importiert werden muss“, sagte die Materialforscherin Anna Berger.

## Noch Jahre bis zur Serie

Der Prototyp hat die Größe einer Knopfzelle. Bis zu einer Batterie für Autos oder \
Hausspeicher seien es noch mindestens fünf Jahre, schätzt das Team.
""",
        authors=["leonie-kranz"],
        tags=["Forschung", "Energie"],
        citations=[
            (
                "anna-berger",
                "Wir machen aus einem Abfall des Sägewerks ein Material, für das sonst "
                "Graphit importiert werden muss",
            ),
        ],
        publish_offset=_hours(8),
        image="battery",
    ),
    ArticleSpec(
        slug="seesaibling-kehrt-in-den-riedsee-zurueck",
        section="wissenschaft",
        kicker="Umwelt",
        title="Der Seesaibling ist in den Riedsee zurückgekehrt",
        lead=(
            "Zwanzig Jahre nach seinem Verschwinden pflanzt sich der Seesaibling wieder im "
            "Riedsee fort. Biologinnen der Universität Seewalden haben Jungfische in drei "
            "Buchten gefunden."
        ),
        body="""\
## Sauberes, kaltes Wasser

Der Fisch braucht sauerstoffreiches, kaltes Wasser. Dass er zurück ist, gilt als \
Zeichen dafür, dass die neue Kläranlage wirkt. „Der Saibling ist ein strenger Prüfer, \
er kommt nur, wenn der See wirklich gesund ist“, sagte die Biologin Lena Wiesinger.

## Fischerei bleibt verboten

Bis der Bestand groß genug ist, darf der Seesaibling im Riedsee nicht gefangen werden.
""",
        authors=["leonie-kranz"],
        tags=["Umwelt", "Biologie", "Seewalden"],
        citations=[
            (
                "lena-wiesinger",
                "Der Saibling ist ein strenger Prüfer, er kommt nur, wenn der See wirklich "
                "gesund ist",
            ),
        ],
        publish_offset=_hours(28),
        image="lake",
    ),
    ArticleSpec(
        slug="komet-ab-freitag-mit-freiem-auge-zu-sehen",
        section="wissenschaft",
        kicker="Astronomie",
        title="Ein Komet ist ab Freitag mit freiem Auge zu sehen",
        lead=(
            "Der Komet C/2026 K1 wird ab Freitag am Abendhimmel sichtbar. Am besten ist er "
            "kurz nach Sonnenuntergang tief im Westen zu sehen, bei klarem Himmel ohne Fernglas."
        ),
        body="""\
## Weg vom Stadtlicht

Wer den Kometen sehen will, sollte dunkle Orte aufsuchen, etwa das Ufer am Nordende des \
Riedsees. „Ein Fernglas zeigt dann sogar den Schweif“, sagte Paul Höchtl, Leiter der \
Volkssternwarte Seewalden.

## Offene Sternwarte

Die Volkssternwarte öffnet von Freitag bis Sonntag jeweils ab 18 Uhr ihre Kuppel für \
Besucherinnen und Besucher.
""",
        authors=["leonie-kranz"],
        tags=["Astronomie"],
        citations=[("paul-hoechtl", "Ein Fernglas zeigt dann sogar den Schweif")],
        publish_offset=_hours(36),
        image="comet",
    ),
]

# --------------------------------------------------------------------------
# Reader comments of the last 24 hours (the most commented box)
# --------------------------------------------------------------------------

# Sent as readers send them (every one of these Ressorts is pre-moderated:
# the policy holds them), then approved by the demo moderator. "after": sent
# this long after the article went out, so that all of them fall within the
# box's last 24 hours. The solar park's two are on a top story, which the
# box leaves out (no story twice on a page).
COMMENTS = [
    (
        "autozulieferer-brandtner-streicht-180-stellen",
        [
            (
                "Werner S.",
                "Mein Sohn arbeitet dort seit zwölf Jahren. Die Stimmung ist "
                "seit Wochen gedrückt, jetzt haben wir es schwarz auf weiß.",
                1,
            ),
            (
                "Anita R.",
                "Warum hat man nicht früher auf Teile für Elektroautos "
                "umgestellt? Das war doch absehbar.",
                2,
            ),
            (
                "Ein Riedbacher",
                "Für eine Gemeinde mit 3.000 Einwohnern sind 180 Stellen "
                "sehr viel. Hoffentlich hilft das Land bei der Umschulung.",
                3.5,
            ),
            (
                "Martin K.",
                "Der Betriebsrat hat recht: Das Werk hat gute Leute, man muss "
                "ihnen nur eine Aufgabe geben.",
                5,
            ),
            ("Lisa", "Gibt es schon einen Termin für eine Betriebsversammlung?", 8),
        ],
    ),
    (
        "buergerinitiative-sammelt-unterschriften-gegen-windpark",
        [
            (
                "Gerti H.",
                "Ich gehe seit vierzig Jahren am Kogel wandern. Sechs Windräder "
                "dort oben kann ich mir nicht vorstellen.",
                26,
            ),
            (
                "Stefan aus Seewalden",
                "Irgendwo muss der Strom herkommen. Lieber Windräder "
                "am Kogel als Gas aus dem Ausland.",
                30,
            ),
            (
                "Brigitte",
                "Eine Volksbefragung fände ich fair, dann entscheiden alle und "
                "nicht nur die Lautesten.",
                33,
            ),
            (
                "Thomas P.",
                "Wird beim Informationsabend auch gezeigt, wie viel Wald "
                "wirklich gerodet werden muss?",
                38,
            ),
        ],
    ),
    (
        "seewalden-beschliesst-budget-mehr-geld-fuer-schulen",
        [
            ("Eva M.", "Endlich! Der Turnsaal in unserer Schule ist seit Jahren gesperrt.", 1),
            (
                "Johann",
                "Schön und gut, aber 6,5 Millionen neue Schulden muss auch jemand zurückzahlen.",
                3,
            ),
            (
                "Mutter von zwei Kindern",
                "Wann beginnen die Sanierungen genau? Hoffentlich nicht mitten im Schuljahr.",
                6,
            ),
        ],
    ),
    (
        "stadtbibliothek-oeffnet-auch-am-sonntag",
        [
            ("Clara", "Großartig, am Sonntag habe ich endlich Zeit zum Stöbern.", 2),
            ("Herbert W.", "Gibt es am Sonntag auch die Vorlesestunde für Kinder?", 9),
        ],
    ),
    (
        "stadtwerke-bauen-groessten-solarpark-der-region",
        [
            ("Sonja", "Gute Idee, die alte Kiesgrube so zu nutzen.", 1),
            ("Manfred L.", "Bei den Anleihen bin ich dabei, wenn die Zinsen passen.", 2),
        ],
    ),
]


def comment_specs():
    """(article slug, spec) of every comment above, in the shape
    ``demo.discussion.send`` and ``decide`` take."""
    for slug, comments in COMMENTS:
        for name, body, hours in comments:
            email = "".join(c for c in name.lower() if c.isascii() and c.isalnum()) + "@example.org"
            yield (
                slug,
                {
                    "name": name,
                    "email": email,
                    "body": body,
                    "decision": "approve",
                    "after": timedelta(hours=hours),
                },
            )
