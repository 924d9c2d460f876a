### vardlots: meddelanden till redaktörer, på svenska (källan; engelskan följer den).
###
### How to add a message (for developers):
###   1. Pick an id in kebab-case, grouped by what it is about (`unit-…`, `page-…`, `yaml-…`),
###      and add it to BOTH this file and locales/en/diagnostics.ftl (tests/messages.rs fails
###      when the two files do not define the same ids).
###   2. Arguments are `{ $name }`; pass them from Rust with the same name:
###        Diagnostic::error(path, msg!("unit-closes-before-opening", day = day, opens = o))
###            .hint(msg!("unit-closes-before-opening-hint"))
###      Field names are passed as the editor typed them; never pass Rust values formatted
###      with `{:?}` or an error's `to_string()` (tests/messages.rs rejects type names).
###   3. Write for an editor, not a programmer: what is wrong (the page, the unit, the field),
###      what to do, and an example of a correct line where that helps (`vikt: 10`).
###   4. Add a `-hint` message for the advice, and run `cargo test --test messages`.
###   Plural forms: `{ $count -> [one] … *[other] … }`. Words in backticks are shown as typed.

## Etiketter och sammanfattning

label-error = fel
label-warning = varning
label-hint = tips
summary-errors = { $count ->
    [one] 1 fel i webbplatsens källor; inget skrevs
   *[other] { $count } fel i webbplatsens källor; inget skrevs
}

## Sammanhang: vad felet gäller

context-field = { $what ->
    [page] sidans fält `{ $field }`
    [unit] enhetens fält `{ $field }`
    [region] regionfilens fält `{ $field }`
    [site] site.yaml, fältet `{ $field }`
    [translations] översättningen `{ $field }`
    [levels] vårdnivåns fält `{ $field }`
    [situations] situationens fält `{ $field }`
    [newsletter] nyhetsbrevets fält `{ $field }`
   *[other] fältet `{ $field }`
}
context-file = { $what ->
    [page] sidans inställningar (mellan raderna ---)
    [unit] enhetsfilen
    [region] regionfilen
    [site] site.yaml
    [translations] översättningsfilen
    [levels] vårdnivåfilen
    [situations] situationsfilen
    [newsletter] nyhetsbrevet
   *[other] filen
}
context-link = länk
context-internal-link = länk till en annan sida
context-encoding = teckenkodning
context-template = mall
context-image = bild

## Filer som inte får läsas

link-outside-site = länkar till `{ $target }`, som ligger utanför webbplatsens mapp
link-outside-site-via = länkar till `{ $target }` (`{ $real }`), som ligger utanför webbplatsens mapp
link-outside-site-hint = vardlots läser bara filer i webbplatsens mapp, så att inga filer från byggdatorn hamnar på den publika webbplatsen. Kopiera in filen i webbplatsen eller ta bort länken
link-broken = länkar till `{ $target }`, som inte finns
link-broken-hint = låt länken peka på en fil i webbplatsen, eller ta bort den
link-loop = länkar tillbaka till en mapp som den själv ligger i
link-loop-hint = ta bort länken; en mapp kan inte innehålla sig själv
special-file = { $kind ->
    [fifo] är en namngiven pipe (fifo), inte en vanlig fil
    [socket] är en socket, inte en vanlig fil
    [device] är en enhetsfil, inte en vanlig fil
   *[other] är inte en vanlig fil
}; vardlots läser bara vanliga filer
special-file-hint = flytta bort den från webbplatsens mapp
unreadable = filen går inte att läsa ({ $reason })
unreadable-permission = filen går inte att läsa: behörighet saknas
unreadable-hint = kontrollera filens behörigheter, eller be den som har hand om datorn om hjälp
not-utf8 = filen är inte sparad som UTF-8: tecknet här (byte { $byte }) går inte att läsa
not-utf8-hint = spara filen som UTF-8 (i de flesta redigerare: Spara som, välj sedan Kodning: UTF-8)
not-utf8-hint-windows-1252 = spara filen som UTF-8 (i de flesta redigerare: Spara som, välj sedan Kodning: UTF-8). Filen ser ut att vara sparad som Windows-1252 (Latin-1), där byte { $byte } är `{ $letter }`

## YAML: sidans inställningar, site.yaml, enhetsfiler

unknown-field = okänt fält `{ $field }`
unknown-field-did-you-mean = menade du `{ $suggestion }`?
unknown-field-known = fälten som finns är: { $known }
missing-field = fältet `{ $field }` saknas
missing-field-hint = { $what ->
    [page] lägg till en rad `{ $field }: …` mellan raderna ---, till exempel `title: Öppettider i jul`
    [unit] lägg till en rad `{ $field }: …` i enhetsfilen
   *[other] lägg till en rad `{ $field }: …`
}
yaml-too-deep = texten har för många eller för djupt nästlade alias (`*namn`) eller listor i listor, så den blir för stor att läsa
yaml-too-deep-hint = skriv ut värdena i stället för att använda ankare (`&namn`) och alias (`*namn`), och håll listor och avsnitt några få nivåer djupa; vardlots filer behöver inga ankare
yaml-not-boolean = här ska stå `true` eller `false`
yaml-not-boolean-hint = skriv `true` (ja) eller `false` (nej); `ja`, `nej`, `yes` och `no` läses som text
yaml-quote-text = YAML läser den här texten som ja eller nej
yaml-quote-text-hint = sätt texten inom citattecken: `{ $field }: "yes"`
yaml-not-whole-number = { $value ->
    [none] här ska stå ett heltal
   *[other] `{ $value }` är inte ett heltal
}
yaml-not-whole-number-hint = skriv ett heltal med siffror, till exempel `{ $field }: 10`
yaml-expected = { $kind ->
    [list] här ska stå en lista
    [mapping] här ska stå fält med värden (`namn: värde` på egna rader)
    [text] här ska stå en text
    [number] här ska stå ett tal
    [date] här ska stå ett datum
   *[other] värdet har fel form
}
yaml-expected-hint = { $kind ->
    [list] skriv en lista som `[a, b]` eller som rader som börjar med `- `
    [mapping] skriv fälten indragna under `{ $field }:`, ett `namn: värde` per rad
    [text] sätt texten inom citattecken: `{ $field }: "…"`
   *[other] kontrollera värdet och indragningen; text med `:` eller `#` behöver citattecken
}
yaml-unknown-value = `{ $value }` är inte ett av de tillåtna värdena
yaml-unknown-value-hint = skriv ett av: { $known }
yaml-unclosed = { $kind ->
    [quote] citattecknet här stängs aldrig
   *[bracket] ett citattecken eller en hakparentes här stängs aldrig
}
yaml-unclosed-hint = avsluta texten med ett citattecken på samma rad: `{ $field }: "…"`
yaml-unclosed-hint-plain = stäng citattecknet eller parentesen på samma rad som den börjar
yaml-duplicate-key = fältet `{ $field }` står två gånger
yaml-duplicate-key-hint = ett fält får bara stå en gång; ta bort eller byt namn på det ena
yaml-unknown-anchor = aliaset (`*namn`) pekar på ett ankare som inte finns
yaml-unknown-anchor-hint = skriv ut värdet i stället, eller definiera ankaret (`&namn`) före aliaset
yaml-syntax = raden går inte att läsa som YAML
yaml-syntax-hint = dra in med mellanslag, inte tabb; skriv ett mellanslag efter `namn:`; sätt text som innehåller `: ` eller ` #`, eller börjar med en parentes, `*`, `&`, `!`, `|`, `>` eller ett citattecken, inom citattecken

## Felrutan i webbläsaren (vardlots serve)

overlay-title = { $count ->
    [one] Webbplatsen kunde inte byggas: 1 fel att rätta
   *[other] Webbplatsen kunde inte byggas: { $count } fel att rätta
}
overlay-intro = Sidan under rutan är den senaste som gick att bygga. Rätta felen nedan och spara filen, så byggs webbplatsen om.
overlay-fixed = Åtgärdat – sidan laddas om
overlay-open-in-editor = Öppna filen i redigeraren
overlay-no-site = Ingen webbplats ännu
serve-failed = bygget misslyckades; den senaste fungerande webbplatsen visas fortfarande, med felen ovanpå varje sida

## Öppettider i enhetsfiler och regionfilen

hours-not-a-time = `{ $value }` är inte ett klockslag; skriv timmar och minuter som `07.30`
hours-not-a-time-of-day = `{ $value }` är inte ett klockslag under dygnet (00.00 till 24.00)
hours-not-a-span = `{ $value }` är inte en tid från–till; skriv `07.30-17.00`, `stängt` eller `dygnet runt`
hours-closes-before-opening = `{ $value }` stänger innan det öppnar; tiden måste sluta senare samma dag (skriv 24.00 för midnatt)
hours-overlap = tiderna { $first } och { $second } överlappar
hours-not-a-weekday = `{ $value }` är inte en veckodag; skriv mån, tis, ons, tors, fre, lör eller sön, eller en följd som `mån-fre`
hours-days-backwards = `{ $value }` går baklänges; skriv den tidigare dagen först, som `mån-fre`
hours-day-twice = { $day } står två gånger, i `{ $first }` och i `{ $second }`
hours-word-not-here = `{ $value }` kan inte användas här; skriv tider eller `stängt`{ $allowed ->
    [none] {""}
   *[other] , eller { $allowed }
}
known-values = de värden som finns är: { $known }
not-a-date = `{ $value }` är inget datum

## Enhetsfiler (content/enheter/*.yaml)

unit-unknown-eve = `{ $value }` är inte en av aftnarna
unit-date-hint = skriv datumet som ÅÅÅÅ-MM-DD, till exempel `2026-12-24`
unit-not-a-phone = `{ $value }` är inget telefonnummer
unit-not-a-phone-hint = skriv det som på kontaktkortet, till exempel `telefon: 070-174 06 05`
region-no-municipalities = listan över kommuner är tom
unit-bad-file-name = filnamnet `{ $id }` kan inte vara en enhets id
unit-bad-file-name-hint = döp enhetsfiler med små bokstäver a–z, siffror och bindestreck, till exempel `stenso.yaml`
unit-unknown-type = okänd enhetstyp `{ $value }`
unit-not-an-hsa-id = `{ $value }` är inget HSA-id
unit-not-an-hsa-id-hint = ett HSA-id är `SE`, 10 siffror, `-` och bokstäver eller siffror, högst 31 tecken, till exempel `hsa_id: SE2321000089-E12345`
unit-unknown-municipality = `{ $value }` är ingen kommun i regionen
unit-not-a-position = { $lat }, { $lon } är ingen plats på jorden
unit-not-a-position-hint = skriv decimala grader, till exempel `lat: 56.66` och `lon: 16.36`
unit-outside-region = { $lat }, { $lon } ligger utanför Kalmar län
unit-outside-region-hint = kontrollera att latitud och longitud inte har bytt plats
unit-weekend-open-needs-holidays = en helgöppen hälsocentral behöver sina tider på helgdagar
unit-weekend-open-needs-holidays-hint = lägg till en rad som `helgdagar: 09.00-21.00`
unit-weekend-open-no-weekend = en helgöppen hälsocentral har inga tider på lördag eller söndag
unit-weekend-open-no-weekend-hint = lägg till raderna `lör:` och `sön:` under `oppettider:`
unit-e-service-twice = e-tjänsten `{ $value }` står två gånger
unit-unknown-e-service = okänd e-tjänst `{ $value }`
unit-not-1177 = `{ $value }` är ingen adress på 1177.se
unit-not-1177-hint = kopiera kontaktkortets adress, som börjar med `https://www.1177.se/`
unit-too-few-hours = öppettiderna blir { $hours } timmar i veckan, mindre än regionens { $minimum }
unit-too-few-hours-hint = en hälsocentral ska ha öppet minst måndag–fredag 07.30–17.00
unit-deviation-backwards = avvikelsen slutar ({ $to }) innan den börjar ({ $from })
unit-closure-needs-referral = en stängning behöver en hänvisning
unit-closure-needs-referral-hint = lägg till `hanvisning:` med id för enheten som tar över, eller `1177`
unit-deviations-overlap = avvikelsen ({ $from } – { $to }) överlappar { $other } ({ $other_from } – { $other_to })
unit-deviations-overlap-hint = slå ihop dem, eller korta den ena så att varje dag har en avvikelse
unit-duplicate-id = enhets-id `{ $id }` finns två gånger: { $other } har det också
unit-duplicate-id-hint = varje enhet har en fil; byt namn på eller ta bort den ena
unit-duplicate-hsa-id = HSA-id `{ $value }` finns två gånger: enheten `{ $other }` har det också
unit-unknown-unit = det finns ingen enhet `{ $id }`
unit-own-branch = en enhet kan inte vara filial till sig själv
unit-branch-of-branch = `{ $id }` är själv en filial; ange dess huvudenhet
unit-deviation-over = avvikelsen slutade { $to }, före byggdagen { $today }
unit-deviation-over-hint = den syns inte längre någonstans och kan tas bort
unit-refers-to-itself = en enhet kan inte hänvisa invånarna till sig själv
unit-refers-to-itself-hint = ange en annan enhet, eller `1177`
unit-referral-closed = { $more ->
    [0] enheten `{ $id }` som det hänvisas till är själv stängd { $day }
    [one] enheten `{ $id }` som det hänvisas till är själv stängd { $day } och en dag till
   *[other] enheten `{ $id }` som det hänvisas till är själv stängd { $day } och { $more } dagar till
}
unit-referral-closed-hint = hänvisa till en enhet som har öppet då, eller till `1177`
unit-eve-undecided = enheten `{ $id }` har inget beslut för { $eve } { $day }; { $source ->
    [region] regionens `aftnar_standard` ({ $hours }) visas
   *[ordinary] dess vanliga tider ({ $hours }) visas
}
unit-referral-closed-hours = { $more ->
    [0] enheten `{ $id }` som det hänvisas till är stängd { $hours } { $weekday } { $day }, när den här enheten skulle ha haft öppet
    [one] enheten `{ $id }` som det hänvisas till är stängd { $hours } { $weekday } { $day }, när den här enheten skulle ha haft öppet (och en dag till)
   *[other] enheten `{ $id }` som det hänvisas till är stängd { $hours } { $weekday } { $day }, när den här enheten skulle ha haft öppet (och { $more } dagar till)
}
unit-referral-closed-hours-hint = hänvisa till en enhet som har öppet alla de timmarna, eller till `1177`, eller dela upp avvikelsen per dag
unit-eve-undecided-hint = lägg till `{ $eve }: stängt` (eller tider, `ordinarie`, `helgdagstider`) under `aftnar:` här eller i _region.yaml, eller en avvikelse för dagen
region-missing = regionfilen saknas
region-missing-hint = den innehåller de vanliga öppettiderna, kommunerna och besluten för aftnar som varje enhetsfil kontrolleras mot
file-not-read = filen läses inte
unit-underscore-hint = bara `{ $region }` får börja med `_`; enhetsfiler döps efter enhetens id
page-units-not-a-list = här ska stå en lista med enheters id
page-units-not-a-list-hint = skriv till exempel `enheter: [stenso, nybro]`; en enhets id är filnamnet i content/enheter/
page-unknown-unit-hint = en enhets id är dess filnamn i content/enheter/, utan `.yaml`

## Sidor (content/*.md)

page-settings-not-closed = sidans inställningar stängs aldrig: raden `---` efter dem saknas
page-no-settings = sidan saknar inställningar (title med mera mellan två rader ---)
page-no-settings-hint = börja filen med en rad `---`, sedan till exempel `title: Öppettider i jul`, sedan en rad `---` till
page-changed-during-build = filen ändrades medan webbplatsen byggdes
page-changed-during-build-hint = bygg igen när filen är sparad; den gamla webbplatsen ligger kvar tills dess
page-empty-title = rubriken är tom
page-empty-title-hint = varje sida behöver en rubrik: den blir sidans huvudrubrik och dess namn i listor, till exempel `title: Öppettider i jul`
page-section-only = `{ $field }` gäller bara avsnitt (mappens `_index.md`)
page-section-only-hint = flytta raden till mappens `_index.md`
page-paginate-zero = måste vara minst 1
page-paginate-zero-hint = ta bort raden för att visa alla sidor på en sida, eller skriv till exempel `paginate_by: 10`
page-bad-alias = `{ $value }` är ingen adress på webbplatsen
page-bad-alias-hint = skriv den gamla adressen från webbplatsens rot, till exempel `aliases: [/gammal/sida/]`
page-bad-slug = `{ $value }` går inte att använda i en adress
page-bad-slug-hint = använd små bokstäver a–z, siffror och bindestreck, till exempel `slug: { $example }`
page-statement-needs = tillgänglighetsredogörelsen behöver { $facts } under `accessibility:` i site.yaml
page-statement-needs-hint = lägg till `accessibility:` i site.yaml med de indragna raderna `status: partially` och `date: 2026-11-22` under; status är fully, partially eller not
page-date-hint = skriv datumet som ÅÅÅÅ-MM-DD, till exempel `{ $field }: 2025-03-01`, gärna med tid: `{ $field }: 2025-03-01 10:00`

## Webbplatsen: adresser, länkar och bilder

site-index-and-bundle = en mapp kan inte ha både `_index.md` och `index.md`
site-index-and-bundle-hint = en mapp med `_index.md` är ett avsnitt som listar sidor; en mapp med `index.md` är en sida med sina filer. Byt namn på en av dem
site-same-address = adressen `{ $url }` är också adressen till { $other }
site-same-address-hint = byt namn på en av filerna, eller ge en av dem en annan `slug:` i sidans inställningar
site-alias-taken = { $kind ->
    [alias] den gamla adressen `{ $url }` används redan av en annan sida ({ $other })
   *[page] den gamla adressen `{ $url }` är redan adressen till { $other }
}
site-alias-taken-hint = en gammal adress kan bara leda till en sida; ta bort den här eller den andra
site-missing-image = bilden `{ $path }` finns inte
site-missing-image-hint = lägg bilden bredvid sidan (i sidans mapp) eller i static/
site-missing-page = länken går till en sida som inte finns: `{ $target }`
site-missing-page-hint = länkar till andra sidor anger en fil under content/, till exempel `[Öppettider](@/nyheter/artikel.md)`
site-missing-anchor = länken går till en rubrik som inte finns: `{ $target }`
site-no-headings = `{ $target }` har inga rubriker
site-anchors-are = rubrikerna på `{ $target }` har ankarna: { $anchors }

## site.yaml

site-logo-not-svg = `logo: { $value }` är ingen SVG-fil bland webbplatsens filer i static/
site-logo-not-svg-hint = lägg logotypen i static/ och ange den, till exempel `logo: logo.svg`
site-not-a-colour = `colour: { $value }` är ingen färg som `#0b4f8a`
site-not-a-colour-hint = skriv färgen som # och sex hexadecimala siffror, till exempel `colour: "#0b4f8a"`
site-colour-contrast = `colour: { $value }` har kontrasten { $contrast }:1 mot vitt, mindre än { $minimum }:1
site-colour-contrast-hint = länkar och vit text på knappar får den här färgen: välj en mörkare nyans
site-base-url = `{ $value }` är ingen fullständig webbadress (http eller https)
site-base-url-hint = skriv adressen webbplatsen publiceras på, till exempel `base_url: https://vard.example.se`
site-language = det finns inga översättningar för språket `{ $value }`
site-language-hint = använd ett av: { $known }
site-image-widths = `widths` behöver minst en bredd över 0
site-image-widths-hint = till exempel `widths: [480, 960, 1440]`
site-jpeg-quality = `jpeg_quality` måste vara 1–100
site-jpeg-quality-hint = 80 passar foton på webben
site-pagination-path = måste vara ett enda ord i adressen, utan `/`
site-pagination-path-hint = till exempel `pagination_path: sida`
site-no-theme = det finns inget tema `{ $name }`
site-no-theme-hint = teman ligger i themes/<namn>/; det inbyggda temat heter `{ $default }`
site-no-logo = logotypen `{ $value }` finns inte i static/
site-no-logo-hint = lägg logotypen i static/ som `static/{ $value }`, eller rätta namnet
translations-hint = en översättningsfil är en lista med rader `nyckel: text`

## Mallar (templates/, themes/)

template-missing = mallen `{ $name }` finns inte
template-did-you-mean = letade i { $places }; menade du `{ $suggestion }`?
template-known = letade i { $places }; mallarna som finns är: { $known }
template-required-hint = letade i { $places }; temat måste ha den
template-syntax = mallen går inte att läsa: { $detail }
template-rendering = mallen gick inte att använda: { $detail }
template-undefined-hint = ett värde som kan saknas behöver ett reservvärde, till exempel `{"{{"} page.extra.x or "" {"}}"}` eller `{"{%"} if x is defined {"%}"}`
template-syntax-hint = se Tera 2:s syntax: https://keats.github.io/tera/docs/
template-seen-while = upptäcktes när { $page } byggdes
template-missing-parent = bygger på `{ $name }`, som inte finns
template-lookup-hint = mallar letas upp i templates/, sedan i themes/<tema>/templates/, sedan i det inbyggda temat

## Bilder

image-cache-is-link = är en länk; bildcachen måste vara en vanlig mapp i webbplatsen
image-cache-is-link-hint = ta bort länken; vardlots skapar `{ $folder }` själv (och läser eller skriver aldrig genom en länk där, så att inget utanför webbplatsen publiceras eller ändras)
image-cache-not-folder = bildens plats i cachen, { $folder }, är inte en mapp som vardlots skapat
image-cache-not-folder-hint = ta bort bildcachens mapp; vardlots skapar den igen
image-cache-unwritable = bildcachen i { $folder } går inte att skriva ({ $reason })
image-too-large = bilden är { $size } MB, mer än gränsen { $limit } MB
image-too-large-hint = spara den mindre (2 000–3 000 bildpunkter bred räcker gott på webben), eller höj `images.max_megabytes` i site.yaml
image-unreadable = bilden går inte att läsa ({ $reason })
image-unknown-format = bilden är inte i ett format som vardlots kan läsa (JPEG eller PNG)
image-damaged = bilden går inte att avkoda; filen kan vara skadad
image-too-many-pixels = bilden är { $size } bildpunkter ({ $megapixels } megapixlar), mer än gränsen { $limit } megapixlar
image-cannot-encode = bilden går inte att spara i de mindre storlekarna
context-html = HTML i texten
markdown-script = ett `<script>` i sidans text
markdown-script-hint = skript hör hemma i mallarna; sätt `allow_scripts: true` under `markdown:` i site.yaml bara om en redaktörs skript verkligen behövs
search-too-many-pages = sökindexet rymmer högst { $limit } sidor; webbplatsen har { $pages }
search-too-many-pages-hint = stäng av sökningen med `enabled: false` under `search:` i site.yaml
hours-hint = skriv till exempel `mån-fre: 07.30-17.00`, `lör: stängt` eller `sön: 10.00-12.00, 13.00-15.00`

## Nyhetsbrevet

newsletter-not-an-address = `{ $value }` är ingen e-postadress
newsletter-not-an-address-hint = skriv `{ $field }: Namn <adress@example.se>` eller bara adressen
newsletter-bad-unsubscribe = `{ $value }` är ingen mailto:- eller https:-adress
newsletter-bad-unsubscribe-hint = till exempel `mailto:avregistrera@example.se` eller `https://example.se/avregistrera`; ett utskicksverktygs avregistreringstagg godtas också, när den står under `merge_tags.unsubscribe`
newsletter-one-click = avregistrering med ett klick behöver en https-adress
newsletter-one-click-hint = lägg till en `https://`-adress under `list_unsubscribe`, eller ta bort `one_click`
newsletter-css = e-postens stilmall gick inte att lägga in i texten: { $detail }
newsletter-css-hint = kontrollera <style> i templates/newsletter/email.html
newsletter-too-large = e-postens HTML-del är { $size } kB som den skickas ({ $written } kB före kodningen), mer än { $limit } kB
newsletter-too-large-hint = Gmail klipper av brev över ungefär 102 kB; korta utskicket eller länka till artiklar på webbplatsen
newsletter-email-failed = e-posten gick inte att skapa: { $detail }
newsletter-email-failed-hint = kontrollera `newsletter:` i site.yaml
newsletter-empty-field = `{ $field }` är tomt
newsletter-needs-field = ett utskick behöver `{ $field }`
newsletter-field-hint = { $field ->
    [number] numrera utskicken i ordning: `number: 3`
    [subject] e-postens ämnesrad, till exempel `subject: Nytt mål för utskrivningsklara dagar`
    [preheader] raden e-postprogram visar efter ämnet, till exempel `preheader: Beslut, uppföljning och länkar från december`
    [date] dagen utskicket går ut, till exempel `date: 2025-12-10`; e-postens datum hämtas därifrån
   *[other] lägg till en rad `{ $field }: …`
}
newsletter-weeks = { $weeks } veckor är utanför 1–{ $limit }
newsletter-weeks-hint = antalet veckor med ändrade öppettider som ska visas, till exempel `deviations: 4`
newsletter-image-alt = en bild utan alternativtext
newsletter-image-alt-hint = ge <img> ett `alt`-attribut som beskriver bilden
newsletter-number-taken = utskick nummer { $number } finns redan: { $other }
newsletter-number-taken-hint = varje utskick har ett eget nummer; e-postens Message-ID skapas av det
newsletter-no-page = det finns ingen sida `{ $path }`
newsletter-no-page-hint = ange en sida med dess fil under content/, till exempel `nyheter/artikel.md`
newsletter-no-units = webbplatsen har inga vårdenheter
newsletter-no-units-hint = de ändrade tiderna kommer från content/enheter/*.yaml; ta bort `deviations` eller lägg till enheterna
newsletter-not-absolute = { $kind ->
    [image] bilden `{ $url }` kan inte få en fullständig adress
   *[link] länken `{ $url }` kan inte få en fullständig adress
}
newsletter-raw-html-hint = HTML kopieras som den är skriven: ge den en fullständig adress som `https://www.1177.se/`
newsletter-absolute-hint = e-posten läses utanför webbplatsen: länka till en sida med `@/nyheter/artikel.md`, eller skriv en fullständig adress som `https://www.1177.se/`
yaml-colon-in-value = texten innehåller `: `, som YAML läser som början på ett nytt fält
yaml-colon-in-value-hint = sätt hela värdet inom citattecken: `{ $field }: "{ $value }"`

## Vägledningen (content/vart-ska-jag-vanda-mig/)

guide-no-ids = det finns inga
guide-known-ids = de id som finns är: { $known }
guide-bad-id = `{ $value }` kan inte vara ett id
guide-bad-id-hint = ett id blir en adress: skriv små bokstäver a–z, siffror och bindestreck, till exempel `id: barn-feber`
guide-id-twice = id `{ $value }` används två gånger
guide-id-twice-hint = varje id måste vara unikt; byt namn på det ena
guide-id-reserved = id `{ $value }` är adressen till vägledningens översiktssida
guide-id-reserved-hint = byt namn på situationen, till exempel `oversikt-vard`
guide-unknown-language = en översättning till `{ $code }`, som inte är ett av webbplatsens språk
guide-no-default-text = översättningarna saknar text på `{ $code }`, webbplatsens standardspråk
guide-no-default-text-hint = skriv `{ $code }: …` bredvid översättningarna: det är den texten de andra språken översätter
guide-files-hint = vägledningens filer är `{ $levels }` och `{ $situations }`
guide-levels-missing = filen med vårdnivåer saknas
guide-levels-missing-hint = situationernas svar pekar på vårdnivåer, som den här filen beskriver
guide-situations-missing = filen med situationer saknas
guide-situations-missing-hint = vägledningens frågor och svar är listan med situationer i den här filen
guide-no-level = det finns ingen vårdnivå `{ $id }`
guide-no-units-hint = webbplatsen har inga vårdenheter (content/{ $dir }/*.yaml)
guide-unknown-hours-source = okänd källa för tider `{ $value }`
guide-unknown-hours-source-hint = skriv `regionens_oppettider`, `regionens_telefontider` eller `enheterna`
guide-level-no-units = vårdnivån har inga enheter att hämta tider från
guide-level-no-units-hint = lägg till `enhetstyp:` (till exempel `helgöppen hälsocentral`) eller `enheter:` med enheternas id
guide-answer-and-question = situationen `{ $id }` har både `svar` och `fraga`
guide-answer-and-question-hint = ge svaren här, eller ställ följdfrågan och ge svaren i de situationer den leder till
guide-no-answer = situationen `{ $id }` har inget svar
guide-no-answer-hint = lägg till `svar:` med `vardag_dag`, `kvall_natt` och `helg`, eller en följdfråga `fraga:`
guide-no-answer-for = situationen `{ $id }` har inget svar för `{ $band }` ({ $band ->
    [vardag_dag] vardagar dagtid, 07.30–17.00
    [kvall_natt] vardagar kväll och natt
    [helg] helger och helgdagar
   *[other] en tid på dygnet
})
guide-no-answer-for-hint = lägg till `{ $band }:` med de indragna raderna `niva:` (en vårdnivås id) och `text:`; varje situation behöver svar för `vardag_dag`, `kvall_natt` och `helg`
guide-no-choices = följdfrågan i `{ $id }` har inga alternativ
guide-no-choices-hint = lägg till `alternativ:` med rader som `- text: …` och `till:` (en situations id)
guide-no-situation = det finns ingen situation `{ $id }`
guide-loop = följdfrågorna går i cirkel: { $path }
guide-loop-hint = en följdfråga måste leda vidare till en situation med svar; låt det här alternativet peka på en annan situation

## Utdatamappen och tillgänglighetsredogörelsen

output-left-in-staging = { $count ->
    [one] 1 fil
   *[other] { $count } filer
} i den förra webbplatsen ändrades under bygget och lämnades här: { $files }{ $more ->
    [0] {""}
   *[other] {" och "}{ $more } till
}
output-left-in-staging-hint = gå igenom dem och ta bort mappen; nästa bygge vägrar starta så länge den finns kvar
output-kept-foreign = { $count ->
    [one] behöll 1 fil
   *[other] behöll { $count } filer
} som vardlots inte skrivit: { $files }{ $more ->
    [0] {""}
   *[other] {" och "}{ $more } till
}
output-kept-changed = { $count ->
    [one] behöll 1 fil
   *[other] behöll { $count } filer
} som ändrats sedan vardlots skrev dem: { $files }{ $more ->
    [0] {""}
   *[other] {" och "}{ $more } till
}
output-kept-hint = vardlots tar aldrig bort filer som den inte skrivit; ta bort dem själv om de ska bort
statement-no-reason = bristen `{ $text }` saknar skäl
statement-no-reason-hint = skriv varför den inte är tillgänglig än, till exempel `reason: Kartan kommer från en extern tjänst som vi byter ut`; Digg läser skälet till varje brist
statement-no-assessor = en extern granskning utan `assessed_by`
statement-no-assessor-hint = ange vem som granskade webbplatsen, till exempel `assessed_by: Exempelgranskarna AB`
statement-stale = { $field ->
    [reviewed] den senaste granskningen av webbplatsens tillgänglighet
   *[other] tillgänglighetsredogörelsens senaste uppdatering
} är från { $date }, mer än ett år före { $today }
statement-stale-hint = { $field ->
    [reviewed] granska webbplatsen igen och sätt `reviewed` till datumet; brister som hittas skrivs under `shortcomings`
   *[other] gå igenom redogörelsen och sätt `updated` till datumet
}
context-rule = tillgänglighetsregeln `{ $rule }`

## Tillgänglighet: det redaktörer skriver (bilder, rubriker, länkar, tabeller)

lint-empty-header-cells = tabellen har { $count ->
    [one] en tom rubrikcell
   *[other] { $count } tomma rubrikceller
}
lint-empty-header-cells-hint = skriv en rubrik för varje kolumn i tabellens första rad; en skärmläsare läser upp rubriken tillsammans med varje cell
lint-generic-alt = alternativtexten säger inget om bilden: `{ $alt }`
lint-generic-alt-hint = skriv vad bilden visar, till exempel `![Entrén med ramp till vänster](entre.jpg)`; är bilden bara utsmyckning, skriv `![-](entre.jpg)`
lint-generic-alt-hint-html = skriv vad bilden visar i `alt="…"`, eller skriv `alt=""` om bilden bara är utsmyckning
lint-image-no-alt = bilden saknar alternativtext
lint-image-no-alt-hint = skriv vad bilden visar: `![Karta över Kalmar](karta.png)`; är bilden bara utsmyckning, skriv `![-](karta.png)`, så syns det att texten saknas med avsikt
lint-alt-file-name = alternativtexten är ett filnamn: `{ $alt }`
lint-alt-file-name-hint = beskriv vad bilden visar för den som inte kan se den
lint-img-no-alt-attribute = en `<img>` utan `alt`
lint-img-no-alt-attribute-hint = beskriv vad bilden visar i `alt="…"`, eller skriv `alt=""` om bilden bara är utsmyckning
lint-img-no-alt-attribute-hint-template = beskriv bilden i `alt="…"`, eller skriv `alt=""` om den bara är utsmyckning
lint-second-h1 = en andra huvudrubrik (h1): sidans `title` är redan dess huvudrubrik
lint-second-h1-hint = använd { $write } för sidans avsnitt
lint-heading-skipped = en rubriknivå hoppas över: h{ $level } efter h{ $prev }
lint-heading-skipped-hint = skriv { $write } här: rubrikerna går en nivå nedåt i taget, och sidans `title` är dess h1
lint-heading-skipped-hint-template = använd en h{ $level } här: rubrikerna går en nivå nedåt i taget
lint-bare-url = en webbadress utan länktext: `{ $url }`
lint-bare-url-hint = gör den till en länk som säger vart den leder: `[Hitta vård på 1177](https://www.1177.se/hitta-vard/)`; en skärmläsare läser upp en adress tecken för tecken
lint-all-caps = { $count } eller fler ord i VERSALER
lint-all-caps-hint = skriv med vanliga bokstäver och betona med `**fetstil**`: versaler är tröga att läsa, och en del skärmläsare läser dem bokstav för bokstav
lint-english-passage = ett stycke på engelska utan språkmärkning
lint-english-passage-hint = avsluta stycket eller rubriken med `{"{"}lang=en{"}"}`, så byter skärmläsaren röst; mitt i en mening, skriv `<span lang="en">…</span>`
lint-document-link = en länk till en { $format }-fil som inte säger det
lint-document-link-hint = skriv formatet i länktexten, så att invånaren vet att filen öppnas utanför sidan; { $local ->
    [yes] filen ligger på webbplatsen, så skriv storleken också: `Broschyr om helgöppet ({ $format }, 240 kB)`
   *[no] till exempel `Broschyr om helgöppet ({ $format })`
}
lint-symbol-link = { $what ->
    [button] en knapp
   *[link] en länk
} vars text bara är symboler: `{ $text }`
lint-symbol-link-hint = skriv med ord vart { $what ->
    [button] knappen
   *[link] länken
} leder eller vad den gör; en skärmläsare läser en emoji med dess namn, eller inte alls
lint-url-link-text = en webbadress som länktext: `{ $text }`
lint-url-link-text-hint = skriv vart länken leder: `[Hitta vård på 1177](https://www.1177.se/hitta-vard/)`; en skärmläsare läser upp en adress tecken för tecken
lint-empty-link = { $what ->
    [button] en knapp
   *[link] en länk
} utan text
lint-empty-link-hint = skriv vart { $what ->
    [button] knappen
   *[link] länken
} leder eller vad den gör
lint-empty-link-hint-image = skriv vart { $what ->
    [button] knappen
   *[link] länken
} leder eller vad den gör; en bild som är en länk behöver alternativtext
lint-vague-link = länktexten `{ $text }` säger inte vart länken leder
lint-vague-link-hint = skriv vart länken leder, till exempel `Läs mer om helgöppna hälsocentraler`, eller fyll på texten med `<span class="visually-hidden">om …</span>`
lint-vague-link-hint-template = skriv vart länken leder, eller fyll på texten med en `<span class="visually-hidden">`
lint-table-no-headers = tabellen saknar rubrikceller
lint-table-no-headers-hint = märk rubrikraden eller rubrikkolumnen med `<th>`, eller skriv en Markdown-tabell, där första raden är rubriker
lint-table-no-headers-hint-template = märk rubrikraden eller rubrikkolumnen med `<th>`

## Tillgänglighet: hela sidan (det mallarna gör)

lint-html-lang = sidan saknar `lang` på `<html>`
lint-html-lang-hint = skriv `<html lang="{"{{"} site.language {"}}"}">`: skärmläsare väljer röst efter det
lint-h1-count = { $count ->
    [0] sidan saknar huvudrubrik (h1)
   *[other] sidan har { $count } huvudrubriker (h1)
}
lint-h1-count-hint = en sida har en h1, sin titel; använd h2 för avsnitten
lint-duplicate-id = id:t `{ $id }` används mer än en gång på sidan
lint-duplicate-id-heading-hint = mallen använder också rubrikens id; ge rubriken ett eget: `## Rubrik {"{"}#{ $id }-1{"}"}`
lint-duplicate-id-hint = ett id får bara finnas en gång: länkar, etiketter och skärmläsare hittar delar av sidan med det
lint-missing-anchor = en länk till `#{ $id }`, som inte finns på sidan
lint-missing-anchor-did-you-mean = menade du `#{ $id }`?
lint-missing-anchor-hint = länka till ett id på sidan, till exempel en rubriks
lint-seen-on = { $hint }; { $count ->
    [one] syns på { $url } ({ $source })
   *[other] syns på { $count } sidor, först { $url } ({ $source })
}, och kommer från den här mallen eller en mall som den bygger på eller tar med

## Enhetsfiler: datum, sommartid och hänvisningar

unit-updated-in-future = datumet { $date } ligger efter byggdagen { $today }
unit-updated-in-future-hint = skriv dagen då enhetens uppgifter senast kontrollerades, till exempel dagens datum
unit-updated-old = enhetens uppgifter kontrollerades senast { $date }, för mer än ett år sedan
unit-updated-old-hint = jämför öppettider, telefonnummer och e-tjänster med kontaktkortet på 1177.se och uppdatera sedan datumet
unit-dst-gap = klockslaget { $time } finns inte { $date }: klockan ställs fram från 02.00 till 03.00 den natten
unit-dst-gap-hint = lägg till en avvikelse för { $date } med tider utanför 02.00–03.00, till exempel 03.00
unit-referral-emergency = hänvisningen `{ $id }` går till en akutmottagning
unit-referral-emergency-hint = regionen vill att invånarna får vård på rätt nivå: hänvisa till en hälsocentral eller till `1177`; har akutmottagningen gått med på det, lägg till `akut_avsedd: true` i avvikelsen

## site.yaml: aktualitet, logotyp och ikoner, nyhetsbrev

site-stale-after-days = `stale_after_days: { $value }` måste vara 1–{ $limit }
site-stale-after-days-hint = standardvärdet, 7, passar en webbplats som byggs varje natt
icon-not-drawn = logotypen går inte att rita som ikon: { $detail }
icon-not-drawn-hint = spara logotypen som vanlig SVG (med viewBox) från ritprogrammet
icon-text-dropped = logotypens text kommer inte med i hemskärmsikonen och favicon.ico
icon-text-dropped-hint = gör om texten till banor i ritprogrammet (i Inkscape: Bana › Objekt till bana); ikonerna ritas utan typsnitt, så att de ser likadana ut vilken dator som än bygger webbplatsen
newsletter-unsubscribe-template = `{ $value }` är ingen mall för en avregistreringsadress
newsletter-unsubscribe-template-hint = skriv en https:-adress (eller mailto:) med `{"{"}email{"}"}` och, för att stoppa förfalskade avregistreringar, `{"{"}token{"}"}`, till exempel `https://example.se/avregistrera?adress={"{"}email{"}"}&nyckel={"{"}token{"}"}`
newsletter-email-not-built = e-posten gick inte att sätta ihop: { $detail }

## Nyhetsbrevet: utskick och mottagarlistan

newsletter-no-issue = det finns inget utskick `{ $issue }`
newsletter-no-issues = det finns inga utskick i content/{ $dir }/
newsletter-no-issues-hint = ett utskick är en Markdown-fil i content/{ $dir }/ med `number`, `date`, `subject` och `preheader`
newsletter-issues-known-hint = ange utskicket med dess nummer eller ett av: { $known }
recipients-not-a-list = { $path } är ingen mottagarlista: { $why }
recipients-no-email-column = { $path } är ingen mottagarlista: rubrikraden saknar kolumnen `email`
recipients-hint = spara listan som CSV i UTF-8 med en rubrikrad: `email,namn,sprak` (bara `email` måste finnas)

## Byggdagen

build-date-pinned = byggdagen är låst till { $date }, före i dag ({ $today })
build-date-pinned-hint = en publicerad webbplats ska byggas utan `--date`, varje natt, så att öppettiderna och ”öppet nu” stämmer; se avsnittet om driftsättning i README

build-nothing-changed = Inget har ändrats sedan förra bygget: webbplatsen i `{ $folder }` är aktuell ({ $pages ->
    [one] 1 sida
   *[other] { $pages } sidor
}, { $files ->
    [one] 1 fil
   *[other] { $files } filer
}; kontrollerat på { $seconds } s). `--force` bygger om ändå

## newsletter send: sammanfattningen

send-dry-run = Provkörning: { $count } skulle få utskicket, { $already } har det redan (journal { $journal })
send-sent = Skickat till { $sent }, { $already } hade det redan, { $rejected } avvisade, { $failed } inte skickade (tillfälliga fel) (journal { $journal })
send-skipped-rows = { $bad } rad(er) hoppades över eftersom de inte är adresser, { $duplicates } upprepade adress(er) hoppades över
send-rejected = avvisad: { $address }: { $why }
send-not-sent = inte skickat: { $address }: { $why } (kör samma kommando senare)

## Utdatamappen: när bygget vägrar

output-not-ours = `{ $folder }` ersätts inte: mappen är inte tom och vardlots har inte skapat den
output-not-ours-hint = välj en annan --output, eller flytta bort mappens filer själv
output-would-overwrite = bygger inte i `{ $folder }`: den nya webbplatsen behöver platsen för { $count ->
    [one] 1 fil
   *[other] { $count } filer
} som vardlots inte skrivit{ $changed ->
    [yes] {" eller som ändrats sedan vardlots skrev dem"}
   *[no] {""}
}: { $files }{ $more ->
    [0] {""}
   *[other] {" och "}{ $more } till
}
output-would-overwrite-hint = flytta eller ta bort filerna själv (vardlots skriver aldrig över dem), eller välj en annan --output; inget har ändrats
output-two-writers = två filer skulle skrivas till `{ $path }`
output-two-writers-hint = en fil i static/ eller i en sidas mapp har samma sökväg som en sida; byt namn på den ena
io-not-found-hint = kontrollera sökvägen; kör vardlots i webbplatsens mapp eller ange den med --root

## newsletter send: innan något skickas

send-no-unsubscribe = nyhetsbrevet har ingen adress för avregistrering
send-no-unsubscribe-hint = e-post till en lista måste låta varje mottagare avregistrera sig: ange `newsletter.unsubscribe_url` (eller `list_unsubscribe`) i site.yaml
send-no-secret = { $variable } är inte satt
send-no-secret-hint = avregistreringsadressen har `{"{"}token{"}"}`: sätt den hemliga nyckel som avregistreringssidan kontrollerar nycklarna med
send-test-not-an-address = `{ $value }` är ingen e-postadress: { $detail }
send-test-not-an-address-hint = --test tar en adress, till exempel --test redaktionen@example.se
send-journal-in-use = { $path } används av ett annat utskick
send-journal-in-use-hint = vänta tills den andra `newsletter send` av det här utskicket är klar och kör sedan kommandot igen

## vardlots serve: i terminalen

serve-all-interfaces = webbplatsen visas på alla nätverksgränssnitt ({ $address }): alla i ditt nätverk kan läsa den, utkast också
serve-serving = Webbplatsen visas på { $url } (med utkast; Ctrl-C avslutar)
serve-no-browser = kunde inte öppna en webbläsare; öppna { $url } själv
serve-shown-early = Visade { $count } sidor med ändringen på { $ms } ms

## Språk / languages

site-language-unknown = det finns inga översättningar för språket `{ $code }`
site-language-unknown-hint = använd något av: { $known }
site-language-twice = språket `{ $code }` står två gånger
site-language-twice-hint = ange varje språk en gång
site-language-dir = `dir: { $dir }` är varken `ltr` eller `rtl`
site-language-dir-hint = arabiska, persiska och hebreiska skrivs `rtl`, de flesta andra språk `ltr`
site-language-prefix = `prefix: { $prefix }` är inte en enda mapp i adressen
site-language-prefix-hint = skriv bokstäver, siffror eller `-`, till exempel `prefix: en`
