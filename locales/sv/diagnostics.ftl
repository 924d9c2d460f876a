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
yaml-unclosed = ett citattecken eller en hakparentes stängs aldrig
yaml-unclosed-hint = stäng det, eller sätt hela värdet inom citattecken: `{ $field }: "…"`
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
