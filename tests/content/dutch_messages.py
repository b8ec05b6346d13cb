"""Dutch translations of every message id in ``leergang.content`` and ``leergang.authoring``.

Kept here until they move into ``leergang/translations/nl``; ``test_messages.py`` fails when a
message id has no Dutch translation or the placeholders differ. Field names such as ``feedback``
stay as they are: authors type them in English in module.yaml.
"""

DUTCH = {
    # loader: files, YAML and schema versions
    'Module id "%(id)s" is already used by %(other)s. Every module needs its own id.':
        'Module-id "%(id)s" wordt al gebruikt door %(other)s. Elke module heeft een eigen id '
        "nodig.",
    'This folder has no "module.yaml". Add one, or move the folder out of the lessons folder.':
        'Deze map heeft geen "module.yaml". Voeg er een toe, of haal de map uit de lessenmap.',
    "The file is not saved as UTF-8 text. Save it as UTF-8 in your editor.":
        "Het bestand is niet als UTF-8-tekst opgeslagen. Sla het in je editor op als UTF-8.",
    "This is not valid YAML (%(detail)s). Check the indentation, colons and quotes here and on "
    "the line above.":
        "Dit is geen geldige YAML (%(detail)s). Controleer de inspringing, dubbele punten en "
        "aanhalingstekens op deze regel en de regel erboven.",
    "This file is %(size)d kB; a lesson file may be at most %(max)d kB. Split long texts over "
    "more steps, or move a module into two.":
        "Dit bestand is %(size)d kB; een lesbestand mag hoogstens %(max)d kB zijn. Verdeel lange "
        "teksten over meer stappen, of splits de module in tweeën.",
    'YAML anchors ("&name") and aliases ("*name") are not allowed in lesson files. Write the '
    "text out in full here.":
        'YAML-ankers ("&naam") en verwijzingen ("*naam") mogen niet in lesbestanden. Schrijf de '
        "tekst hier helemaal uit.",
    "A number in this file is far too long (over 4,300 digits). Write a shorter number.":
        "Een getal in dit bestand is veel te lang (meer dan 4.300 cijfers). Schrijf een korter "
        "getal.",
    "Leergang could not read this folder (%(error)s), so it is left out. Check the file for very "
    "deep nesting or unusual characters, or ask a developer.":
        "Leergang kon deze map niet lezen (%(error)s), dus hij doet niet mee. Kijk of het bestand "
        "heel diep genest is of vreemde tekens bevat, of vraag het een ontwikkelaar.",
    'The file must consist of "key: value" lines, starting with "schema_version: %(current)d".':
        'Het bestand moet bestaan uit regels "naam: waarde", te beginnen met "schema_version: '
        '%(current)d".',
    'A translation file must consist of "key: value" lines, for example "title: …" and '
    '"description: …".':
        'Een vertaalbestand moet bestaan uit regels "naam: waarde", bijvoorbeeld "title: …" en '
        '"description: …".',
    '"%(field)s" cannot be translated here: a translation holds only texts. Allowed here: '
    "%(known)s.":
        '"%(field)s" kun je hier niet vertalen: een vertaling bevat alleen teksten. Hier zijn '
        "toegestaan: %(known)s.",
    '"learning_goals" has %(found)d entries, but module.yaml has %(expected)d. Translate each '
    "learning goal, in the same order.":
        '"learning_goals" heeft %(found)d onderdelen, maar module.yaml heeft er %(expected)d. '
        "Vertaal elk leerdoel, in dezelfde volgorde.",
    '"id" is missing. Add the id from module.yaml of what this translates.':
        '"id" ontbreekt. Zet hier het id uit module.yaml van wat je vertaalt.',
    'module.yaml has no "%(id)s" in "%(field)s". Use one of: %(known)s.':
        'module.yaml heeft geen "%(id)s" bij "%(field)s". Gebruik een van deze: %(known)s.',
    '"%(key)s" appears twice here (first on line %(first)d). Remove one of them; otherwise only '
    "the last one counts.":
        '"%(key)s" staat hier twee keer (eerst op regel %(first)d). Haal er een weg; anders telt '
        "alleen de laatste.",
    '"schema_version" is missing. Add "schema_version: %(current)d" as the first line.':
        '"schema_version" ontbreekt. Zet "schema_version: %(current)d" op de eerste regel.',
    '"schema_version" must be a whole number, for example "schema_version: %(current)d".':
        '"schema_version" moet een heel getal zijn, bijvoorbeeld "schema_version: %(current)d".',
    "This file has schema_version %(version)s, but Leergang only knows versions up to "
    "%(current)d. Update Leergang, or write the file for schema_version %(current)d.":
        "Dit bestand heeft schema_version %(version)s, maar Leergang kent alleen versies tot en "
        "met %(current)d. Werk Leergang bij, of schrijf het bestand voor schema_version "
        "%(current)d.",
    'schema_version %(version)s does not exist. Use "schema_version: %(current)d".':
        'schema_version %(version)s bestaat niet. Gebruik "schema_version: %(current)d".',
    'The id "%(id)s" must be the same as the folder name "%(folder)s". Rename the folder or '
    "change the id.":
        'Het id "%(id)s" moet gelijk zijn aan de mapnaam "%(folder)s". Geef de map een andere '
        "naam of pas het id aan.",
    # loader: fields
    '"%(field)s" is missing. Add "%(field)s:" with a value.':
        '"%(field)s" ontbreekt. Voeg "%(field)s:" toe met een waarde.',
    'Unknown field "%(field)s". Did you mean "%(suggestion)s"?':
        'Onbekend veld "%(field)s". Bedoel je "%(suggestion)s"?',
    'Unknown field "%(field)s". Remove it; allowed here: %(known)s.':
        'Onbekend veld "%(field)s". Haal het weg; hier zijn toegestaan: %(known)s.',
    '"%(field)s" is empty. Write a value after "%(field)s:".':
        '"%(field)s" is leeg. Schrijf een waarde achter "%(field)s:".',
    'Unknown step type "%(type)s". Did you mean "%(suggestion)s"?':
        'Onbekend staptype "%(type)s". Bedoel je "%(suggestion)s"?',
    'Unknown step type "%(type)s". Use one of: %(known)s.':
        'Onbekend staptype "%(type)s". Gebruik een van deze: %(known)s.',
    'This step has no "type". Add "type:" with one of: %(known)s.':
        'Deze stap heeft geen "type". Voeg "type:" toe met een van deze: %(known)s.',
    '"%(value)s" is not allowed for "%(field)s". Use one of: %(allowed)s.':
        '"%(value)s" mag niet bij "%(field)s". Gebruik een van deze: %(allowed)s.',
    '"%(value)s" is not a web address. Start it with https://.':
        '"%(value)s" is geen webadres. Laat het beginnen met https://.',
    '"%(value)s" is not a valid id. Use only lowercase letters, digits and hyphens, for example '
    '"%(suggestion)s".':
        '"%(value)s" is geen geldig id. Gebruik alleen kleine letters, cijfers en streepjes, '
        'bijvoorbeeld "%(suggestion)s".',
    '"%(field)s" must be text. Put the value in quotes: "%(value)s".':
        '"%(field)s" moet tekst zijn. Zet de waarde tussen aanhalingstekens: "%(value)s".',
    '"%(field)s" must be a whole number (found "%(value)s").':
        '"%(field)s" moet een heel getal zijn (nu: "%(value)s").',
    '"%(field)s" must be true or false (found "%(value)s").':
        '"%(field)s" moet true of false zijn (nu: "%(value)s").',
    '"%(field)s" must be a list: put each entry on its own line, starting with "- ".':
        '"%(field)s" moet een lijst zijn: zet elk onderdeel op een eigen regel die begint met '
        '"- ".',
    '"%(field)s" must contain fields ("key: value" lines, indented below it).':
        '"%(field)s" moet velden bevatten (regels "naam: waarde", ingesprongen eronder).',
    'Add more entries to "%(field)s": it needs at least %(min)d (now %(found)d).':
        'Voeg meer onderdelen toe aan "%(field)s": er zijn er minstens %(min)d nodig (nu '
        "%(found)d).",
    '"%(field)s" has too many entries: it may have at most %(max)d (now %(found)d).':
        '"%(field)s" heeft te veel onderdelen: er mogen er hoogstens %(max)d zijn (nu %(found)d).',
    '"%(field)s" is empty. Write some text.':
        '"%(field)s" is leeg. Schrijf er tekst in.',
    '"%(field)s" is too long: use at most %(max)d characters.':
        '"%(field)s" is te lang: gebruik hoogstens %(max)d tekens.',
    '"%(field)s" must be at least %(limit)s (found %(value)s).':
        '"%(field)s" moet minstens %(limit)s zijn (nu %(value)s).',
    '"%(field)s" must be at most %(limit)s (found %(value)s).':
        '"%(field)s" mag hoogstens %(limit)s zijn (nu %(value)s).',
    '"%(field)s" is not valid: %(detail)s.':
        '"%(field)s" is niet geldig: %(detail)s.',
    # Markdown
    'Remove "%(found)s": scripts are not allowed in lesson texts.':
        'Haal "%(found)s" weg: scripts zijn niet toegestaan in lesteksten.',
    'Remove the "%(found)s=" attribute: HTML and scripts are not allowed in lesson texts.':
        'Haal het attribuut "%(found)s=" weg: HTML en scripts zijn niet toegestaan in lesteksten.',
    'Remove "%(found)s": links must start with https:// (or be an image file in the module '
    "folder).":
        'Haal "%(found)s" weg: links moeten beginnen met https:// (of een afbeelding in de '
        "modulemap zijn).",
    'Image "%(src)s" has no alt text. Describe the picture between the brackets: ![what the '
    "picture shows](%(src)s).":
        'Afbeelding "%(src)s" heeft geen alt-tekst. Beschrijf tussen de blokhaken wat er op het '
        "plaatje staat: ![wat je op het plaatje ziet](%(src)s).",
    'Image "%(src)s" must be a file in the module folder, for example ![alt text](piggy-bank.svg).':
        'Afbeelding "%(src)s" moet een bestand in de modulemap zijn, bijvoorbeeld '
        "![alt-tekst](spaarpot.svg).",
    'Image "%(src)s" has an unsupported file type. Use %(allowed)s.':
        'Afbeelding "%(src)s" heeft een bestandstype dat niet werkt. Gebruik %(allowed)s.',
    'Image file "%(src)s" was not found next to module.yaml. Add the file or fix the name (upper '
    "and lower case count).":
        'Afbeelding "%(src)s" staat niet naast module.yaml. Voeg het bestand toe of verbeter de '
        "naam (hoofdletters en kleine letters tellen mee).",
    # money in lesson files
    "Write an amount in euros, for example 12.50.":
        "Schrijf een bedrag in euro's, bijvoorbeeld 12.50.",
    "The amount %(amount)s has more than two decimals. Round it to whole cents.":
        "Het bedrag %(amount)s heeft meer dan twee cijfers achter de komma. Rond af op hele "
        "centen.",
    # steps: validation
    'Step id "%(step)s" is used twice (also step %(other)d). Every step needs its own id.':
        'Stap-id "%(step)s" wordt twee keer gebruikt (ook bij stap %(other)d). Elke stap heeft '
        "een eigen id nodig.",
    'Step "%(step)s" is a %(test)s-test item for "%(construct)s", but no step is a %(other)s-test '
    "item for it. Add a step with knowledge_check: {test: %(other)s, construct: %(construct)s}.":
        'Stap "%(step)s" is een %(test)s-toetsvraag over "%(construct)s", maar er is geen '
        "%(other)s-toetsvraag over. Voeg een stap toe met knowledge_check: {test: %(other)s, "
        "construct: %(construct)s}.",
    'The id "%(id)s" is used twice in %(field)s. Give each one its own id.':
        'Het id "%(id)s" staat twee keer in %(field)s. Geef elk onderdeel een eigen id.',
    'Step "%(step)s": exactly one option must have "correct: true" (found %(found)d). Mark the '
    "right answer with correct: true.":
        'Stap "%(step)s": precies één antwoord moet "correct: true" hebben (nu %(found)d). '
        "Zet correct: true bij het goede antwoord.",
    'Step "%(step)s": option "%(option)s" has no feedback. Add "feedback:" that explains why this '
    "answer is right or wrong.":
        'Stap "%(step)s": antwoord "%(option)s" heeft geen feedback. Voeg "feedback:" toe die '
        "uitlegt waarom dit antwoord goed of fout is.",
    'Step "%(step)s": at least one option must have "correct: true". Mark the right answers with '
    "correct: true.":
        'Stap "%(step)s": minstens één antwoord moet "correct: true" hebben. Zet correct: true '
        "bij de goede antwoorden.",
    'Step "%(step)s" needs feedback: give every option a "feedback:", or give the step '
    '"feedback:" with "correct:" and "incorrect:".':
        'Stap "%(step)s" heeft feedback nodig: geef elk antwoord een "feedback:", of geef de stap '
        '"feedback:" met "correct:" en "incorrect:".',
    'Step "%(step)s": "tolerance" cannot be negative. Use 0 for an exact answer.':
        'Stap "%(step)s": "tolerance" kan niet negatief zijn. Gebruik 0 voor een precies '
        "antwoord.",
    'Step "%(step)s": item "%(item)s" has category "%(category)s", which is not in categories. '
    "Use one of: %(known)s.":
        'Stap "%(step)s": onderdeel "%(item)s" heeft categorie "%(category)s", maar die staat '
        "niet bij categories. Gebruik een van deze: %(known)s.",
    # self_efficacy
    'Step "%(step)s" is a second self_efficacy step with moment: %(moment)s (the first is step '
    '"%(first)s"). A module has one pre and one post self_efficacy step.':
        'Stap "%(step)s" is een tweede self_efficacy-stap met moment: %(moment)s (de eerste is '
        'stap "%(first)s"). Een module heeft één pre- en één post-stap met self_efficacy.',
    'Step "%(step)s" asks the self-efficacy statements with moment: %(moment)s, but no '
    "self_efficacy step asks them with moment: %(other)s. Add one with the same statements (pre "
    "at the start of the lesson, post near the end).":
        'Stap "%(step)s" stelt de zelfvertrouwen-zinnen met moment: %(moment)s, maar geen '
        "self_efficacy-stap stelt ze met moment: %(other)s. Voeg die toe met dezelfde zinnen (pre "
        "aan het begin van de les, post vlak voor het einde).",
    'Step "%(step)s" (moment: post) comes before step "%(other)s" (moment: pre). Put the pre '
    "step at the start of the lesson and the post step near the end.":
        'Stap "%(step)s" (moment: post) staat vóór stap "%(other)s" (moment: pre). Zet de '
        "pre-stap aan het begin van de les en de post-stap vlak voor het einde.",
    'Step "%(step)s" has the statements %(found)s, but step "%(other)s" has %(expected)s. Use '
    "the same statement ids before and after the lesson, so the answers can be compared.":
        'Stap "%(step)s" heeft de zinnen %(found)s, maar stap "%(other)s" heeft %(expected)s. '
        "Gebruik voor en na de les dezelfde id's, zodat je de antwoorden kunt vergelijken.",
    "Not true at all": "Klopt helemaal niet",
    "Not true for me": "Klopt niet",
    "A little": "Klopt een beetje",
    "True for me": "Klopt",
    "Completely true": "Klopt helemaal",
    "There is no right or wrong here. At the end of the lesson you will answer the same "
    "sentences again.":
        "Hier is niets goed of fout. Aan het eind van de les krijg je dezelfde zinnen nog een "
        "keer.",
    "Look back: do you feel surer than at the start? Your result page shows both answers.":
        "Kijk eens terug: voel je je zekerder dan aan het begin? Bij je resultaat zie je allebei "
        "je antwoorden.",
    "Choose an answer for every sentence.": "Kies bij elke zin een antwoord.",
    # steps: pupils' answers
    "Choose an answer.": "Kies een antwoord.",
    "That answer is not one of the choices. Reload the page.":
        "Dat antwoord kun je hier niet kiezen. Laad de pagina opnieuw.",
    "Choose one or more answers.": "Kies een of meer antwoorden.",
    "Type an amount, for example 12,50.": "Typ een bedrag, bijvoorbeeld 12,50.",
    "Give every item a place from 1 to %(count)d.": "Geef elk onderdeel een plek van 1 tot en met "
        "%(count)d.",
    "Each place can be used only once.": "Je kunt elke plek maar één keer gebruiken.",
    "Choose a group for every item.": "Kies voor elk onderdeel een groep.",
    "Write an answer first.": "Schrijf eerst een antwoord.",
    "Your answer is too long: use at most %(max)d characters (now %(length)d).":
        "Je antwoord is te lang: gebruik hoogstens %(max)d tekens (nu %(length)d).",
    # steps: worded for the teacher and the pupil's result page
    "(nothing chosen)": "(niets gekozen)",
    "True": "Waar",
    "False": "Niet waar",
    "Reflection (no right answer)": "Reflectie (geen goed antwoord)",
    "how sure you feel": "hoe zeker je je voelt",
    "your thoughts": "jouw gedachten",
    # flask lessons stats
    "Module": "Module",
    "Levels": "Niveaus",
    "Steps": "Stappen",
    "Minutes": "Minuten",
    "Words": "Woorden",
    "Minimum": "Minimum",
    "Pre/post items": "Voor-/natoets",
    "pass": "goed",
    "FAIL": "TE MOEILIJK",
    "Modules per level and Nibud theme:": "Modules per niveau en Nibud-thema:",
    "Level": "Niveau",
    # flask lessons check
    "Checked %(modules)d module(s): %(num)d problem.":
        "%(modules)d module(s) gecontroleerd: %(num)d probleem.",
    "Checked %(modules)d module(s): %(num)d problems.":
        "%(modules)d module(s) gecontroleerd: %(num)d problemen.",
    "Checked %(modules)d module(s): no problems.":
        "%(modules)d module(s) gecontroleerd: geen problemen.",
    # game scenarios (leergang/content/scenario_schema.py, scenarios.py)
    '"%(field)s" is %(value)d, but the game has only %(count)d turns. Use a number from 1 to '
    "%(count)d.":
        '"%(field)s" is %(value)d, maar het spel heeft maar %(count)d beurten. Gebruik een getal '
        "van 1 tot en met %(count)d.",
    '"%(id)s" is not in "%(group)s". Use one of: %(known)s.':
        '"%(id)s" staat niet in "%(group)s". Gebruik een van: %(known)s.',
    'An event needs either "effects" (it just happens) or at least two "options" (the pupil '
    "chooses), not both and not neither.":
        'Een gebeurtenis heeft "effects" (het gebeurt gewoon) of minstens twee "options" (de '
        "leerling kiest), niet allebei en niet geen van beide.",
    "Every option here costs money. Add an option without pay or save effects, so a pupil "
    "without money can still choose.":
        "Elke keuze hier kost geld. Voeg een keuze toe zonder pay- of save-effect, zodat een "
        "leerling zonder geld ook kan kiezen.",
    'Source "%(source)s" is not listed under "sources". Add it there with "id: %(source)s", or '
    "use one of: %(known)s.":
        'Bron "%(source)s" staat niet onder "sources". Voeg hem daar toe met "id: %(source)s", '
        "of gebruik een van: %(known)s.",
    'The id "%(id)s" is used twice in "%(group)s" (also entry %(other)d). Give each one its own '
    "id.":
        'De id "%(id)s" wordt twee keer gebruikt in "%(group)s" (ook bij nummer %(other)d). Geef '
        "elk een eigen id.",
    'The payslip adds up to %(net)s (hours × hourly wage − deductions), but "amount" is '
    "%(amount)s. Make them the same.":
        "De loonstrook komt uit op %(net)s (uren × uurloon − inhoudingen), maar \"amount\" is "
        "%(amount)s. Maak ze gelijk.",
    'This effect has no "type". Add "type:" with one of: %(known)s.':
        'Dit effect heeft geen "type". Voeg "type:" toe met een van: %(known)s.',
    'This fee needs a "source:" saying where the amount comes from.':
        'Deze kosten hebben een "source:" nodig die zegt waar het bedrag vandaan komt.',
    'Unknown effect type "%(type)s". Did you mean "%(suggestion)s"?':
        'Onbekend effecttype "%(type)s". Bedoel je "%(suggestion)s"?',
    'Unknown effect type "%(type)s". Use one of: %(known)s.':
        'Onbekend effecttype "%(type)s". Gebruik een van: %(known)s.',
    "Checked %(modules)d module(s) and %(games)d game(s): %(num)d problem.":
        "%(modules)d module(s) en %(games)d spel(len) gecontroleerd: %(num)d probleem.",
    "Checked %(modules)d module(s) and %(games)d game(s): %(num)d problems.":
        "%(modules)d module(s) en %(games)d spel(len) gecontroleerd: %(num)d problemen.",
    "Checked %(modules)d module(s) and %(games)d game(s): no problems.":
        "%(modules)d module(s) en %(games)d spel(len) gecontroleerd: geen problemen.",
    # game scenario translations (scenario.en.yaml)
    '"%(field)s" is not in scenario.yaml here. A translation only translates what is there.':
        '"%(field)s" staat hier niet in scenario.yaml. Een vertaling vertaalt alleen wat er '
        "staat.",
    'Only texts can be translated. Remove "%(field)s" here; it comes from scenario.yaml.':
        'Alleen teksten kun je vertalen. Haal "%(field)s" hier weg; dat komt uit scenario.yaml.',
    "This does not match scenario.yaml here: translate the text, and keep the same structure.":
        "Dit past hier niet bij scenario.yaml: vertaal de tekst en houd dezelfde opbouw.",
    '"%(id)s" is not in scenario.yaml here. A translation uses the same ids as the original.':
        '"%(id)s" staat hier niet in scenario.yaml. Een vertaling gebruikt dezelfde ids als het '
        "origineel.",
    "This list has %(found)d entries, but scenario.yaml has %(count)d here. Translate them in "
    "the same order.":
        "Deze lijst heeft %(found)d onderdelen, maar scenario.yaml heeft er hier %(count)d. "
        "Vertaal ze in dezelfde volgorde.",
    'The id "%(id)s" is reserved by Leergang (for bills and quiet turns). Choose another id.':
        'De id "%(id)s" is gereserveerd door Leergang (voor rekeningen en rustige beurten). Kies '
        "een andere id.",
    # warnings and dates to check (leergang/content/notices.py, authoring/cli.py)
    "Check source \"%(title)s\": its check-by date %(date)s has passed. Check the figures "
    "that rest on it, then set a new \"check_by:\".":
        "Controleer bron \"%(title)s\": de controledatum %(date)s is voorbij. Kijk de "
        "bedragen na die op deze bron steunen en zet daarna een nieuwe \"check_by:\".",
    "Step \"%(step)s\" is a post-test item for \"%(construct)s\" of type %(type)s, but the "
    "pre-test item \"%(other)s\" is of type %(other_type)s. Use the same step type before "
    "and after the lesson, so the answers can be compared.":
        "Stap \"%(step)s\" is een natoetsvraag voor \"%(construct)s\" van het type %(type)s, "
        "maar de voortoetsvraag \"%(other)s\" is van het type %(other_type)s. Gebruik voor "
        "en na de les hetzelfde staptype, dan kun je de antwoorden vergelijken.",
    "\"%(field)s\" must be a date written as YYYY-MM-DD, for example 2027-01-01 (found "
    "\"%(value)s\").":
        "\"%(field)s\" moet een datum zijn in de vorm JJJJ-MM-DD, bijvoorbeeld 2027-01-01 "
        "(nu: \"%(value)s\").",
    "WARNING":
        "WAARSCHUWING",
    "%(num)d warning: look at it, but it does not make the check fail.":
        "%(num)d waarschuwing: kijk ernaar, maar de controle slaagt wel.",
    "%(num)d warnings: look at them, but they do not make the check fail.":
        "%(num)d waarschuwingen: kijk ernaar, maar de controle slaagt wel.",
    "No source has a check-by date.":
        "Geen enkele bron heeft een controledatum.",
    "Sources to check, by date (modules and games):":
        "Bronnen om na te kijken, op datum (modules en spellen):",
    "Check by":
        "Controleren voor",
    "Module or game":
        "Module of spel",
    "Source":
        "Bron",
    "DUE":
        "NU NAKIJKEN",
    # help placeholders and lessons/local-help.yaml (leergang/content/markdown.py, local_help.py)
    "Unknown placeholder \"%(found)s\". Write [[lokale-hulp]], or [[lokale-hulp: topic]] "
    "with a topic from: %(topics)s.":
        "Onbekende invulplek \"%(found)s\". Schrijf [[lokale-hulp]], of [[lokale-hulp: "
        "onderwerp]] met een onderwerp uit: %(topics)s.",
    "Put \"%(found)s\" on a line of its own: it becomes a list of places where pupils find "
    "help.":
        "Zet \"%(found)s\" op een eigen regel: het wordt een lijst met plekken waar "
        "leerlingen hulp vinden.",
    "The file must consist of \"key: value\" lines, starting with \"entries:\" (a list of "
    "places that help).":
        "Het bestand moet bestaan uit regels \"naam: waarde\", met \"entries:\" (een lijst "
        "met plekken die helpen).",
    "Ask your teacher where you can find help nearby.":
        "Vraag je leraar waar je in de buurt hulp kunt vinden.",
    "Call %(phone)s.":
        "Bel %(phone)s.",
    "\"%(value)s\" is not a phone number. Write only digits, spaces and dashes, for example "
    "0800-0432.":
        "\"%(value)s\" is geen telefoonnummer. Schrijf alleen cijfers, spaties en "
        "streepjes, bijvoorbeeld 0800-0432.",
    'An option with "save_amount" lets the pupil pick the amount: give it no other pay or save '
    "effects.":
        'Bij een optie met "save_amount" kiest de leerling zelf het bedrag. Geef die optie geen '
        "andere pay- of save-effecten.",
    '"max" must be at least "min".': '"max" moet minstens zo groot zijn als "min".',
    # content safety: images, raw HTML, tabs, ids already in use
    'HTML does not work here; use Markdown. Remove "%(found)s".':
        'HTML werkt hier niet; gebruik Markdown. Haal "%(found)s" weg.',
    'HTML does not work here; write plain text. Remove "%(found)s".':
        'HTML werkt hier niet; schrijf gewone tekst. Haal "%(found)s" weg.',
    'Image "%(src)s" contains "%(found)s". An SVG may only draw: remove scripts, event '
    'handlers, foreignObject and links to other files or websites.':
        'Afbeelding "%(src)s" bevat "%(found)s". Een SVG mag alleen tekenen: haal scripts, '
        'event handlers, foreignObject en links naar andere bestanden of websites weg.',
    'Image "%(src)s" is %(size)s kB; the limit is %(max)s kB. Make the picture smaller '
    '(fewer pixels, or save it as JPEG or WebP).':
        'Afbeelding "%(src)s" is %(size)s kB; de grens is %(max)s kB. Maak het plaatje '
        'kleiner (minder pixels, of sla het op als JPEG of WebP).',
    'Image "%(src)s" is not an SVG saved as UTF-8 text. Save it again as UTF-8.':
        'Afbeelding "%(src)s" is geen SVG die als UTF-8-tekst is opgeslagen. Sla hem '
        'opnieuw op als UTF-8.',
    'Image "%(src)s" is not an ordinary file (for example a link to another file). Put the '
    'image file itself in the module folder.':
        'Afbeelding "%(src)s" is geen gewoon bestand (bijvoorbeeld een koppeling naar een '
        'ander bestand). Zet het plaatje zelf in de modulemap.',
    'The id "%(id)s" is already used by %(other)s in the lesson library. Every module and '
    'game needs its own id: choose another id and folder name.':
        'Het id "%(id)s" is al in gebruik door %(other)s in de lessenbibliotheek. Elke '
        'module en elk spel heeft een eigen id nodig: kies een ander id en een andere '
        'mapnaam.',
    'There is a tab on this line (the space made by the Tab key, often pasted from Word). '
    'Replace the tab with spaces.':
        'Op deze regel staat een tab (de ruimte van de Tab-toets, vaak meegekomen uit '
        'Word). Vervang de tab door spaties.',
    "There is an invisible character on this line (%(code)s) that a lesson file may not hold, "
    "often pasted from another program. Delete it, or type the text again.":
        "Op deze regel staat een onzichtbaar teken (%(code)s) dat niet in een lesbestand mag, "
        "vaak meegekomen uit een ander programma. Haal het weg, of typ de tekst opnieuw.",
    'The images of this module are %(size)d kB together; the limit is %(max)d kB. Make the '
    'pictures smaller or use fewer.':
        'De plaatjes van deze module zijn samen %(size)d kB; de grens is %(max)d kB. Maak '
        'de plaatjes kleiner of gebruik er minder.',
}  # fmt: skip
