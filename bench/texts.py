"""German-ish text for the benchmark data: headlines, leads, Markdown bodies,
quotes and reader comments, composed from word lists by a seeded
``random.Random`` so that the same seed gives the same data set.

Nothing here is meant to be read; it is meant to have the length, the word
mix and the umlauts of real copy, so that rendering, full-text search
(German stemming) and page sizes behave as they would with real articles.
"""

import random

# fmt: off
PLACES = [
    "Seewalden", "Oberhofen", "Kirchberg", "Linz", "Graz", "Salzburg", "Innsbruck",
    "Klagenfurt", "Bregenz", "St. Pölten", "Eisenstadt", "Wien", "Villach", "Wels",
    "Steyr", "Dornbirn", "Leoben", "Krems", "Baden", "Gmunden",
]
SUBJECTS = [
    "Der Gemeinderat", "Die Landesregierung", "Das Ministerium", "Die Opposition",
    "Der Bürgermeister", "Die Gewerkschaft", "Die Wirtschaftskammer", "Das Institut",
    "Die Forscherin", "Der Verband", "Die Stadtverwaltung", "Der Rechnungshof",
    "Die Bundesregierung", "Das Landesgericht", "Die Klubobfrau", "Der Vorstand",
    "Die Bürgerinitiative", "Der Trainer", "Die Intendantin", "Das Kuratorium",
]
VERBS = [
    "beschließt", "kritisiert", "verteidigt", "prüft", "fordert", "verschiebt",
    "präsentiert", "lehnt", "begrüßt", "kündigt", "überarbeitet", "finanziert",
    "verhandelt über", "warnt vor", "setzt auf", "streicht",
]
OBJECTS = [
    "das neue Budget", "die Pensionsreform", "den Ausbau der Bahnstrecke",
    "höhere Energiepreise", "die Wohnbauförderung", "das Verkehrskonzept",
    "die Schulreform", "den Hochwasserschutz", "die Klimastrategie",
    "neue Radwege", "die Spitalsfinanzierung", "das Sparpaket", "die Mietpreisbremse",
    "den Stadionumbau", "die Kulturförderung", "das Forschungsprogramm",
    "die Breitbandoffensive", "die Steuerreform", "den Lehrermangel", "die Energiewende",
]
ADVERBIALS = [
    "nach langer Debatte", "überraschend deutlich", "trotz heftiger Kritik",
    "noch vor dem Sommer", "mit knapper Mehrheit", "in einer Sondersitzung",
    "zum wiederholten Mal", "gegen den Willen der Opposition", "bis auf Weiteres",
    "im zweiten Anlauf", "auf Druck der Länder", "ohne Gegenstimme",
]
CLAUSES = [
    "wie aus einem internen Papier hervorgeht",
    "das bestätigte eine Sprecherin am Dienstag",
    "heißt es in einer Aussendung",
    "wie Expertinnen und Experten seit Monaten betonen",
    "so der Tenor bei der Pressekonferenz",
    "obwohl die Kosten weiter steigen",
    "nachdem das Budget für das kommende Jahr vorgelegt wurde",
    "während die Verhandlungen mit dem Bund andauern",
    "weil die Fristen der Europäischen Union näher rücken",
    "damit die Gemeinden Planungssicherheit bekommen",
]
NUMBERS = ["drei", "zwölf", "45", "120", "1,8 Millionen", "2,4 Milliarden", "17 Prozent", "700"]
NOUNS = [
    "Haushalt", "Gemeinde", "Energie", "Verkehr", "Wohnen", "Bildung", "Gesundheit",
    "Forschung", "Klima", "Arbeit", "Pension", "Steuer", "Kultur", "Sport", "Umwelt",
    "Digitalisierung", "Landwirtschaft", "Tourismus", "Sicherheit", "Justiz",
]
KICKERS = [
    "Budget", "Verkehr", "Klimapolitik", "Pensionen", "Wohnen", "Analyse", "Kommentar",
    "Interview", "Reportage", "Hintergrund", "Bundesliga", "Premiere", "Studie",
    "Konjunktur", "Gemeinderatswahl", "Bildung",
]
FIRST_NAMES = [
    "Anna", "Lukas", "Sophie", "Maximilian", "Lena", "David", "Marie", "Elias",
    "Hannah", "Jonas", "Laura", "Felix", "Sarah", "Paul", "Julia", "Tobias", "Katharina",
    "Florian", "Theresa", "Stefan", "Johanna", "Matthias", "Magdalena", "Andreas",
]
LAST_NAMES = [
    "Gruber", "Huber", "Bauer", "Wagner", "Müller", "Pichler", "Steiner", "Moser",
    "Mayer", "Hofer", "Leitner", "Berger", "Fuchs", "Eder", "Fischer", "Schmid",
    "Winkler", "Weber", "Schwarz", "Maier", "Schneider", "Reiter", "Mayr", "Brunner",
    "Wimmer", "Egger", "Lang", "Baumgartner", "Auer", "Binder", "Lechner", "Wolf",
]
ROLES = [
    "Sprecherin des Ministeriums", "Bürgermeister von {place}", "Ökonomin am WIFO",
    "Politikwissenschaftler", "Obmann des Mieterschutzverbands", "Landesrätin",
    "Sprecher der Gewerkschaft", "Historikerin", "Verkehrsplaner", "Klimaforscherin",
    "Direktor des Landesmuseums", "Trainerin", "Staatsanwalt", "Betriebsrätin",
]
ORGANISATIONS = [
    "Österreichischer Städtebund", "Institut für Höhere Studien", "Arbeiterkammer",
    "Wirtschaftskammer", "Rechnungshof", "Statistik Austria", "Umweltbundesamt",
    "Verkehrsclub", "Landesschulrat", "Ärztekammer", "Bundesheer", "Nationalbank",
]
TAG_HEADS = [
    "Energie", "Klima", "Wohnungs", "Verkehrs", "Bildungs", "Gesundheits", "Digital",
    "Steuer", "Pensions", "Kultur", "Sport", "Arbeitsmarkt", "Umwelt", "Landwirtschafts",
    "Forschungs", "Sicherheits", "Europa", "Gemeinde", "Medien", "Justiz",
]
TAG_TAILS = [
    "wende", "politik", "debatte", "reform", "markt", "krise", "gipfel", "bericht",
    "förderung", "gesetz", "streit", "plan", "zukunft", "wahl", "prüfung",
]
COMMENT_OPENERS = [
    "Endlich!", "Das sehe ich anders.", "Guter Artikel, danke.", "Na ja.",
    "Typisch.", "Interessant, aber", "Stimmt so nicht ganz:", "Volle Zustimmung.",
    "Wer zahlt das am Ende?", "Ich wohne selbst in {place}:", "Schon wieder?",
]
COMMENT_SENTENCES = [
    "Die Gemeinde hätte das schon vor Jahren angehen müssen.",
    "Bei uns am Land merkt man davon leider gar nichts.",
    "Die Kosten trägt wie immer der Mittelstand.",
    "Ich finde es gut, dass endlich jemand den Mut hat, das offen anzusprechen.",
    "Man sollte die Zahlen genauer anschauen, bevor man urteilt.",
    "Die Opposition hat dazu auch keine besseren Vorschläge.",
    "Mich würde interessieren, was die Fachleute dazu sagen.",
    "Das Problem sind nicht die Radwege, sondern die fehlenden Öffis.",
    "In Vorarlberg funktioniert das seit Jahren ohne großes Aufsehen.",
    "Schade, dass im Artikel die Sicht der Betroffenen fehlt.",
    "Der Vergleich mit Deutschland hinkt gewaltig.",
    "Bitte bleibt an dem Thema dran!",
    "Ich habe selbst drei Monate auf einen Termin gewartet.",
    "Die Mieten steigen trotzdem weiter, egal was beschlossen wird.",
    "Eine Volksbefragung wäre hier das Mindeste gewesen.",
]
# fmt: on


def pick(rng: random.Random, words):
    return words[rng.randrange(len(words))]


def person_name(rng: random.Random) -> str:
    return f"{pick(rng, FIRST_NAMES)} {pick(rng, LAST_NAMES)}"


def sentence(rng: random.Random) -> str:
    text = f"{pick(rng, SUBJECTS)} {pick(rng, VERBS)} {pick(rng, OBJECTS)} {pick(rng, ADVERBIALS)}"
    if rng.random() < 0.6:
        text += f", {pick(rng, CLAUSES)}"
    if rng.random() < 0.3:
        text += f". Insgesamt geht es um {pick(rng, NUMBERS)} Euro"
    return text + "."


def paragraph(rng: random.Random, sentences=(3, 6)) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(*sentences)))


def headline(rng: random.Random) -> str:
    subject = pick(rng, SUBJECTS).split(" ", 1)[1]
    return f"{subject} in {pick(rng, PLACES)} {pick(rng, VERBS)} {pick(rng, OBJECTS)}"[:190]


def kicker(rng: random.Random) -> str:
    return pick(rng, KICKERS)


def lead(rng: random.Random) -> str:
    return f"{pick(rng, PLACES)} – {paragraph(rng, (2, 3))}"[:1400]


def body(rng: random.Random, quotes=(), topics=()) -> str:
    """Markdown: paragraphs, two subheadings, the quotes as block quotes,
    now and then a list; each topic (the article's tags) named once. About
    3,000 to 6,000 characters."""
    parts = [paragraph(rng) for _ in range(rng.randint(2, 3))]
    for topic in topics:
        parts.append(f"Beim Thema {topic} {pick(rng, CLAUSES)}. " + paragraph(rng, (1, 2)))
    for quote in quotes:
        parts.append(f"> „{quote}“")
    parts.append(f"## {pick(rng, NOUNS)}: {pick(rng, OBJECTS).capitalize()}")
    parts += [paragraph(rng) for _ in range(rng.randint(2, 3))]
    if rng.random() < 0.4:
        parts.append("\n".join(f"- {sentence(rng)}" for _ in range(3)))
    parts.append("## Wie es weitergeht")
    parts += [paragraph(rng) for _ in range(rng.randint(1, 3))]
    return "\n\n".join(parts)


def quote(rng: random.Random) -> str:
    return f"{sentence(rng)[:-1]}, das ist für uns entscheidend."


def comment(rng: random.Random) -> str:
    opener = pick(rng, COMMENT_OPENERS).replace("{place}", pick(rng, PLACES))
    rest = " ".join(pick(rng, COMMENT_SENTENCES) for _ in range(rng.randint(1, 4)))
    text = f"{opener} {rest}"
    if rng.random() < 0.2:
        text += "\n\n" + pick(rng, COMMENT_SENTENCES)
    return text


def role(rng: random.Random) -> str:
    return pick(rng, ROLES).replace("{place}", pick(rng, PLACES))


def tag_names() -> list[str]:
    """Three hundred compound topics ("Energiewende", "Wohnungsförderung" …)."""
    return [head + tail for head in TAG_HEADS for tail in TAG_TAILS]
