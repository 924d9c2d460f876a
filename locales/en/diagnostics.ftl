### vardlots: messages to editors, in English (follows locales/sv/diagnostics.ftl).
### How to add a message: see the header of locales/sv/diagnostics.ftl.

## Labels and summary

label-error = error
label-warning = warning
label-hint = hint
summary-errors = { $count ->
    [one] 1 error in the site's sources; nothing was written
   *[other] { $count } errors in the site's sources; nothing was written
}

## Context: what the finding is about

context-field = { $what ->
    [page] the page's field `{ $field }`
    [unit] the unit's field `{ $field }`
    [region] the region file's field `{ $field }`
    [site] site.yaml field `{ $field }`
    [translations] the translation `{ $field }`
    [levels] the care level's field `{ $field }`
    [situations] the situation's field `{ $field }`
    [newsletter] the newsletter's field `{ $field }`
   *[other] field `{ $field }`
}
context-file = { $what ->
    [page] the page's settings (between the --- lines)
    [unit] the unit file
    [region] the region file
    [site] site.yaml
    [translations] the translations file
    [levels] the care levels file
    [situations] the situations file
    [newsletter] the newsletter
   *[other] the file
}
context-link = link
context-internal-link = link to another page
context-encoding = encoding
context-template = template
context-image = image

## Files the build may not read

link-outside-site = links to `{ $target }`, outside the site's folder
link-outside-site-via = links to `{ $target }` (`{ $real }`), outside the site's folder
link-outside-site-hint = vardlots reads only files inside the site's folder, so that no file of the build machine can end up on the public site; copy the file into the site, or remove the link
link-broken = links to `{ $target }`, which does not exist
link-broken-hint = point the link at a file inside the site, or remove it
link-loop = links back to a folder that contains it
link-loop-hint = remove the link; a site's folders cannot contain themselves
special-file = { $kind ->
    [fifo] is a fifo (named pipe), not a file
    [socket] is a socket, not a file
    [device] is a device, not a file
   *[other] is not a plain file
}; vardlots reads only plain files
special-file-hint = remove it from the site's folder
unreadable = the file cannot be read ({ $reason })
unreadable-permission = the file cannot be read: permission denied
unreadable-hint = check the file's permissions, or ask whoever looks after the computer
not-utf8 = the file is not saved as UTF-8: the character here (byte { $byte }) cannot be read
not-utf8-hint = save the file as UTF-8 (in most editors: Save as, then Encoding: UTF-8)
not-utf8-hint-windows-1252 = save the file as UTF-8 (in most editors: Save as, then Encoding: UTF-8). It looks like Windows-1252 (Latin-1), where byte { $byte } is `{ $letter }`

## YAML: page settings, site.yaml, unit files

unknown-field = unknown field `{ $field }`
unknown-field-did-you-mean = did you mean `{ $suggestion }`?
unknown-field-known = the known fields are: { $known }
missing-field = the field `{ $field }` is missing
missing-field-hint = { $what ->
    [page] add a line `{ $field }: …` between the --- lines, for example `title: Opening hours at Christmas`
    [unit] add a line `{ $field }: …` to the unit file
   *[other] add a line `{ $field }: …`
}
yaml-too-deep = the text has too many or too deeply nested aliases (`*name`) or lists inside lists, so it grows too large to read
yaml-too-deep-hint = write the values out instead of using anchors (`&name`) and aliases (`*name`), and keep lists and mappings a few levels deep; vardlots' files need no anchors
yaml-not-boolean = this must be `true` or `false`
yaml-not-boolean-hint = write `true` (yes) or `false` (no); `ja`, `nej`, `yes` and `no` are read as text
yaml-quote-text = YAML reads this text as yes or no
yaml-quote-text-hint = put the text in quotes: `{ $field }: "yes"`
yaml-not-whole-number = { $value ->
    [none] this must be a whole number
   *[other] `{ $value }` is not a whole number
}
yaml-not-whole-number-hint = write a whole number in digits, for example `{ $field }: 10`
yaml-expected = { $kind ->
    [list] this must be a list
    [mapping] this must be fields with values (`name: value` on lines of their own)
    [text] this must be text
    [number] this must be a number
    [date] this must be a date
   *[other] the value has the wrong form
}
yaml-expected-hint = { $kind ->
    [list] write a list as `[a, b]` or as lines starting with `- `
    [mapping] write the fields indented under `{ $field }:`, one `name: value` a line
    [text] put the text in quotes: `{ $field }: "…"`
   *[other] check the value and its indentation; text with `:` or `#` needs quotes
}
yaml-unknown-value = `{ $value }` is not one of the allowed values
yaml-unknown-value-hint = write one of: { $known }
yaml-unclosed = { $kind ->
    [quote] the quote here is never closed
   *[bracket] a quote or a bracket here is never closed
}
yaml-unclosed-hint = end the text with a quote on the same line: `{ $field }: "…"`
yaml-unclosed-hint-plain = close the quote or bracket on the line where it starts
yaml-duplicate-key = the field `{ $field }` appears twice
yaml-duplicate-key-hint = a field may appear only once; remove or rename one of them
yaml-unknown-anchor = the alias (`*name`) refers to an anchor that does not exist
yaml-unknown-anchor-hint = write the value out instead, or define the anchor (`&name`) before the alias
yaml-syntax = the line cannot be read as YAML
yaml-syntax-hint = indent with spaces, not tabs; put a space after `name:`; put text in quotes when it holds `: ` or ` #` or starts with a bracket, `*`, `&`, `!`, `|`, `>` or a quote

## The overlay in the browser (vardlots serve)

overlay-title = { $count ->
    [one] The site could not be built: 1 error to fix
   *[other] The site could not be built: { $count } errors to fix
}
overlay-intro = The page under this box is the last one that built. Fix the errors below and save the file, and the site is built again.
overlay-fixed = Fixed – reloading the page
overlay-open-in-editor = Open the file in the editor
overlay-no-site = No site yet
serve-failed = the build failed; still serving the last good site, with the errors over every page

## Opening hours in unit files and the region file

hours-not-a-time = `{ $value }` is not a time; write hours and minutes as `07.30`
hours-not-a-time-of-day = `{ $value }` is not a time of day (00.00 to 24.00)
hours-not-a-span = `{ $value }` is not a span of time; write `07.30-17.00`, `stängt` or `dygnet runt`
hours-closes-before-opening = `{ $value }` closes before it opens; a time span must end later the same day (write 24.00 for midnight)
hours-overlap = the times { $first } and { $second } overlap
hours-not-a-weekday = `{ $value }` is not a weekday; write mån, tis, ons, tors, fre, lör or sön, or a range such as `mån-fre`
hours-days-backwards = `{ $value }` runs backwards; write the earlier day first, such as `mån-fre`
hours-day-twice = { $day } is given twice, in `{ $first }` and in `{ $second }`
hours-word-not-here = `{ $value }` cannot be used here; write hours or `stängt`{ $allowed ->
    [none] {""}
   *[other] , or { $allowed }
}
known-values = the known values are: { $known }
not-a-date = `{ $value }` is not a date

## Unit files (content/enheter/*.yaml)

unit-unknown-eve = `{ $value }` is not one of the eves
unit-date-hint = write the date as YYYY-MM-DD, for example `2026-12-24`
unit-not-a-phone = `{ $value }` is not a phone number
unit-not-a-phone-hint = write it as on the contact card, for example `telefon: 070-174 06 05`
region-no-municipalities = the list of municipalities is empty
unit-bad-file-name = the file name `{ $id }` cannot be a unit's id
unit-bad-file-name-hint = name unit files with lower-case a–z, digits and hyphens, for example `stenso.yaml`
unit-unknown-type = unknown unit type `{ $value }`
unit-not-an-hsa-id = `{ $value }` is not an HSA-id
unit-not-an-hsa-id-hint = an HSA-id is `SE`, 10 digits, `-` and letters or digits, at most 31 characters, for example `hsa_id: SE2321000089-E12345`
unit-unknown-municipality = `{ $value }` is not a municipality of the region
unit-not-a-position = { $lat }, { $lon } is not a position on Earth
unit-not-a-position-hint = write decimal degrees, for example `lat: 56.66` and `lon: 16.36`
unit-outside-region = { $lat }, { $lon } lies outside Kalmar län
unit-outside-region-hint = check that latitude and longitude are not swapped
unit-weekend-open-needs-holidays = a weekend-open health centre needs its hours on public holidays
unit-weekend-open-needs-holidays-hint = add a line such as `helgdagar: 09.00-21.00`
unit-weekend-open-no-weekend = a weekend-open health centre has no hours on Saturday or Sunday
unit-weekend-open-no-weekend-hint = add `lör:` and `sön:` lines under `oppettider:`
unit-e-service-twice = the e-service `{ $value }` is listed twice
unit-unknown-e-service = unknown e-service `{ $value }`
unit-not-1177 = `{ $value }` is not a 1177.se address
unit-not-1177-hint = copy the contact card's address, beginning `https://www.1177.se/`
unit-too-few-hours = the opening hours add up to { $hours } hours a week, short of the region's { $minimum }
unit-too-few-hours-hint = a health centre is to be open at least Monday–Friday 07.30–17.00
unit-deviation-backwards = the deviation ends ({ $to }) before it begins ({ $from })
unit-closure-needs-referral = a closure needs a referral
unit-closure-needs-referral-hint = add `hanvisning:` with the id of the unit that takes over, or `1177`
unit-deviations-overlap = this deviation ({ $from } – { $to }) overlaps { $other } ({ $other_from } – { $other_to })
unit-deviations-overlap-hint = merge them, or shorten one so that each day has one deviation
unit-duplicate-id = the unit id `{ $id }` is used twice: { $other } has it too
unit-duplicate-id-hint = each unit has one file; rename or remove one of them
unit-duplicate-hsa-id = the HSA-id `{ $value }` is used twice: unit `{ $other }` has it too
unit-unknown-unit = there is no unit `{ $id }`
unit-own-branch = a unit cannot be its own branch
unit-branch-of-branch = `{ $id }` is itself a branch; name its main unit
unit-deviation-over = this deviation ended on { $to }, before the build date { $today }
unit-deviation-over-hint = it no longer shows anywhere and can be removed
unit-refers-to-itself = a unit cannot refer residents to itself
unit-refers-to-itself-hint = name another unit, or `1177`
unit-referral-closed = { $more ->
    [0] the unit `{ $id }` referred to is itself closed on { $day }
    [one] the unit `{ $id }` referred to is itself closed on { $day } and one more day
   *[other] the unit `{ $id }` referred to is itself closed on { $day } and { $more } more days
}
unit-referral-closed-hint = refer to a unit that is open then, or to `1177`
unit-eve-undecided = unit `{ $id }` has no decision for { $eve } { $day }; { $source ->
    [region] the region's `aftnar_standard` ({ $hours }) is shown
   *[ordinary] its ordinary hours ({ $hours }) are shown
}
unit-referral-closed-hours = { $more ->
    [0] the referral `{ $id }` is closed { $hours } on { $weekday } { $day }, when this unit would have been open
    [one] the referral `{ $id }` is closed { $hours } on { $weekday } { $day }, when this unit would have been open (and on 1 more day)
   *[other] the referral `{ $id }` is closed { $hours } on { $weekday } { $day }, when this unit would have been open (and on { $more } more days)
}
unit-referral-closed-hours-hint = refer to a unit that is open all those hours, or to `1177`, or split the deviation by day
unit-eve-undecided-hint = add `{ $eve }: stängt` (or hours, `ordinarie`, `helgdagstider`) under `aftnar:` here or in _region.yaml, or a deviation for the day
region-missing = the region file is missing
region-missing-hint = it holds the standard opening hours, the municipalities and the eve decisions that every unit file is checked against
file-not-read = this file is not read
unit-underscore-hint = only `{ $region }` may begin with `_`; unit files are named by their unit's id
page-units-not-a-list = this must be a list of unit ids
page-units-not-a-list-hint = write, for example, `enheter: [stenso, nybro]`; a unit's id is its file name in content/enheter/
page-unknown-unit-hint = a unit's id is its file name in content/enheter/, without `.yaml`

## Pages (content/*.md)

page-settings-not-closed = the page's settings are never closed: the `---` line after them is missing
page-no-settings = the page has no settings (title and so on between two --- lines)
page-no-settings-hint = start the file with a line `---`, then for example `title: Opening hours at Christmas`, then another line `---`
page-changed-during-build = the file changed while the site was being built
page-changed-during-build-hint = build again once the file is saved; the old site stays up until then
page-empty-title = the title is empty
page-empty-title-hint = every page needs a title: it is the page's main heading and its name in listings, for example `title: Opening hours at Christmas`
page-section-only = `{ $field }` only applies to sections (a folder's `_index.md`)
page-section-only-hint = move the line to the folder's `_index.md`
page-paginate-zero = must be at least 1
page-paginate-zero-hint = remove the line to list every page on one page, or write for example `paginate_by: 10`
page-bad-alias = `{ $value }` is not an address on the site
page-bad-alias-hint = write the old address from the site's root, for example `aliases: [/gammal/sida/]`
page-bad-slug = `{ $value }` cannot be used in an address
page-bad-slug-hint = use lower-case a–z, digits and hyphens, for example `slug: { $example }`
page-statement-needs = the accessibility statement needs { $facts } under `accessibility:` in site.yaml
page-statement-needs-hint = add `accessibility:` to site.yaml with the indented lines `status: partially` and `date: 2026-11-22` under it; status is fully, partially or not
page-date-hint = write the date as YYYY-MM-DD, for example `{ $field }: 2025-03-01`, optionally with a time: `{ $field }: 2025-03-01 10:00`

## The site: addresses, links and images

site-index-and-bundle = a folder cannot hold both `_index.md` and `index.md`
site-index-and-bundle-hint = a folder with `_index.md` is a section that lists pages; a folder with `index.md` is one page with its files. Rename one of them
site-same-address = the address `{ $url }` is also that of { $other }
site-same-address-hint = rename one of the files, or give one of them another `slug:` in its settings
site-alias-taken = { $kind ->
    [alias] the old address `{ $url }` is already used by another page ({ $other })
   *[page] the old address `{ $url }` is already the address of { $other }
}
site-alias-taken-hint = an old address can lead to one page only; remove this one or the other
site-missing-image = the image `{ $path }` does not exist
site-missing-image-hint = put the image beside the page (in the page's folder) or in static/
site-missing-page = the link leads to a page that does not exist: `{ $target }`
site-missing-page-hint = links to other pages name a file under content/, for example `[Opening hours](@/nyheter/artikel.md)`
site-missing-anchor = the link leads to a heading that does not exist: `{ $target }`
site-no-headings = `{ $target }` has no headings
site-anchors-are = the headings of `{ $target }` have the anchors: { $anchors }

## site.yaml

site-logo-not-svg = `logo: { $value }` is not an SVG file among the site's files in static/
site-logo-not-svg-hint = put the logo in static/ and name it, for example `logo: logo.svg`
site-not-a-colour = `colour: { $value }` is not a colour like `#0b4f8a`
site-not-a-colour-hint = write the colour as # and six hexadecimal digits, for example `colour: "#0b4f8a"`
site-colour-contrast = `colour: { $value }` has { $contrast }:1 contrast with white, less than { $minimum }:1
site-colour-contrast-hint = links and white button text use this colour: choose a darker shade
site-base-url = `{ $value }` is not a full web address (http or https)
site-base-url-hint = write the address the site is published at, for example `base_url: https://vard.example.se`
site-language = there are no translations for the language `{ $value }`
site-language-hint = use one of: { $known }
site-image-widths = `widths` needs at least one width above 0
site-image-widths-hint = for example `widths: [480, 960, 1440]`
site-jpeg-quality = `jpeg_quality` must be 1–100
site-jpeg-quality-hint = 80 suits photos on the web
site-pagination-path = must be a single word of the address, without `/`
site-pagination-path-hint = for example `pagination_path: sida`
site-no-theme = there is no theme `{ $name }`
site-no-theme-hint = themes live in themes/<name>/; the built-in theme is `{ $default }`
site-no-logo = the logo `{ $value }` is not in static/
site-no-logo-hint = put the logo in static/ as `static/{ $value }`, or correct its name
translations-hint = a translations file is a list of `key: text` lines

## Templates (templates/, themes/)

template-missing = the template `{ $name }` does not exist
template-did-you-mean = looked in { $places }; did you mean `{ $suggestion }`?
template-known = looked in { $places }; the templates are: { $known }
template-required-hint = looked in { $places }; the theme must provide it
template-syntax = the template cannot be read: { $detail }
template-rendering = the template could not be used: { $detail }
template-undefined-hint = a value that may be missing needs a fallback, for example `{"{{"} page.extra.x or "" {"}}"}` or `{"{%"} if x is defined {"%}"}`
template-syntax-hint = see the Tera 2 syntax: https://keats.github.io/tera/docs/
template-seen-while = seen while building { $page }
template-missing-parent = extends `{ $name }`, which does not exist
template-lookup-hint = templates are looked for in templates/, then themes/<theme>/templates/, then the built-in theme

## Images

image-cache-is-link = is a link; the image cache must be a real folder inside the site
image-cache-is-link-hint = remove the link; vardlots makes `{ $folder }` itself (and never reads or writes through a link there, so that nothing outside the site is published or changed)
image-cache-not-folder = the image's cache entry { $folder } is not a folder vardlots made
image-cache-not-folder-hint = delete the image cache folder; vardlots makes it again
image-cache-unwritable = cannot write the image cache in { $folder } ({ $reason })
image-too-large = the image is { $size } MB, over the limit of { $limit } MB
image-too-large-hint = export it smaller (2,000–3,000 px wide is plenty for the web), or raise `images.max_megabytes` in site.yaml
image-unreadable = the image cannot be read ({ $reason })
image-unknown-format = the image is not in a format vardlots can read (JPEG or PNG)
image-damaged = the image cannot be decoded; the file may be damaged
image-too-many-pixels = the image is { $size } px ({ $megapixels } megapixels), over the limit of { $limit } megapixels
image-cannot-encode = the image cannot be saved in its smaller sizes
context-html = HTML in the text
markdown-script = a `<script>` in the page's text
markdown-script-hint = scripts belong in templates; set `allow_scripts: true` under `markdown:` in site.yaml only if an editor's script is really wanted
search-too-many-pages = the search index holds at most { $limit } pages; this site has { $pages }
search-too-many-pages-hint = turn search off with `enabled: false` under `search:` in site.yaml
hours-hint = write, for example, `mån-fre: 07.30-17.00`, `lör: stängt` or `sön: 10.00-12.00, 13.00-15.00`

## The newsletter

newsletter-not-an-address = `{ $value }` is not an email address
newsletter-not-an-address-hint = write `{ $field }: Namn <adress@example.se>` or just the address
newsletter-bad-unsubscribe = `{ $value }` is not a mailto: or https: address
newsletter-bad-unsubscribe-hint = for example `mailto:avregistrera@example.se` or `https://example.se/avregistrera`; a mailing service's unsubscribe tag also passes when it is set as `merge_tags.unsubscribe`
newsletter-one-click = one-click unsubscribing needs an https address
newsletter-one-click-hint = add an `https://` address to `list_unsubscribe`, or remove `one_click`
newsletter-css = the email's stylesheet could not be put into the text: { $detail }
newsletter-css-hint = check the <style> of templates/newsletter/email.html
newsletter-too-large = the email's HTML part is { $size } KB as sent ({ $written } KB before encoding), over { $limit } KB
newsletter-too-large-hint = Gmail cuts off messages over about 102 KB; shorten the issue or link to articles on the site
newsletter-email-failed = the email could not be made: { $detail }
newsletter-email-failed-hint = check `newsletter:` in site.yaml
newsletter-empty-field = `{ $field }` is empty
newsletter-needs-field = an issue needs `{ $field }`
newsletter-field-hint = { $field ->
    [number] number the issues in order: `number: 3`
    [subject] the email's subject line, for example `subject: Nytt mål för utskrivningsklara dagar`
    [preheader] the line mail programs show after the subject, for example `preheader: Beslut, uppföljning och länkar från december`
    [date] the day the issue goes out, for example `date: 2025-12-10`; the email's date comes from it
   *[other] add a line `{ $field }: …`
}
newsletter-weeks = { $weeks } weeks is outside 1–{ $limit }
newsletter-weeks-hint = the number of weeks of changed opening hours to show, for example `deviations: 4`
newsletter-image-alt = an image without alt text
newsletter-image-alt-hint = give the <img> an `alt` attribute that describes the image
newsletter-number-taken = issue number { $number } already exists: { $other }
newsletter-number-taken-hint = each issue has its own number; the email's Message-ID is made from it
newsletter-no-page = there is no page `{ $path }`
newsletter-no-page-hint = name a page by its file under content/, for example `nyheter/artikel.md`
newsletter-no-units = this site has no care units
newsletter-no-units-hint = the changed hours come from content/enheter/*.yaml; remove `deviations` or add the units
newsletter-not-absolute = { $kind ->
    [image] the image `{ $url }` cannot be given a full address
   *[link] the link `{ $url }` cannot be given a full address
}
newsletter-raw-html-hint = raw HTML is copied as written: give it a full address such as `https://www.1177.se/`
newsletter-absolute-hint = an email is read outside the site: link to a page with `@/nyheter/artikel.md`, or write a full address such as `https://www.1177.se/`
yaml-colon-in-value = the text holds `: `, which YAML reads as the start of another field
yaml-colon-in-value-hint = put the whole value in quotes: `{ $field }: "{ $value }"`

## The guide (content/vart-ska-jag-vanda-mig/)

guide-no-ids = there are none
guide-known-ids = the known ids are: { $known }
guide-bad-id = `{ $value }` cannot be an id
guide-bad-id-hint = an id becomes an address: write lower-case a–z, digits and hyphens, for example `id: barn-feber`
guide-id-twice = the id `{ $value }` is used twice
guide-id-twice-hint = each id must be unique; rename one of them
guide-id-reserved = the id `{ $value }` is the address of the guide's overview page
guide-id-reserved-hint = rename the situation, for example `oversikt-vard`
guide-unknown-language = a translation in `{ $code }`, which is not one of the site's languages
guide-no-default-text = the translations have no text in `{ $code }`, the site's default language
guide-no-default-text-hint = write `{ $code }: …` beside the translations: it is the text the other languages translate
guide-files-hint = the guide's files are `{ $levels }` and `{ $situations }`
guide-levels-missing = the levels file is missing
guide-levels-missing-hint = the situations' answers name levels of care, which this file describes
guide-situations-missing = the situations file is missing
guide-situations-missing-hint = the guide's questions and answers are the list of situations in this file
guide-no-level = there is no level `{ $id }`
guide-no-units-hint = this site has no care units (content/{ $dir }/*.yaml)
guide-unknown-hours-source = unknown source of hours `{ $value }`
guide-unknown-hours-source-hint = write `regionens_oppettider`, `regionens_telefontider` or `enheterna`
guide-level-no-units = the level has no units to take hours from
guide-level-no-units-hint = add `enhetstyp:` (such as `helgöppen hälsocentral`) or `enheter:` with unit ids
guide-answer-and-question = the situation `{ $id }` has both `svar` and `fraga`
guide-answer-and-question-hint = give the answers here, or ask the follow-up question and give the answers in the situations it leads to
guide-no-answer = the situation `{ $id }` has no answer
guide-no-answer-hint = add `svar:` with `vardag_dag`, `kvall_natt` and `helg`, or a follow-up question `fraga:`
guide-no-answer-for = the situation `{ $id }` has no answer for `{ $band }` ({ $band ->
    [vardag_dag] weekday daytime, 07.30–17.00
    [kvall_natt] weekday evening and night
    [helg] weekend and public holiday
   *[other] a time of day
})
guide-no-answer-for-hint = add `{ $band }:` with the indented lines `niva:` (a level's id) and `text:`; every situation needs an answer for `vardag_dag`, `kvall_natt` and `helg`
guide-no-choices = the follow-up question of `{ $id }` has no choices
guide-no-choices-hint = add `alternativ:` with lines such as `- text: …` and `till:` (a situation's id)
guide-no-situation = there is no situation `{ $id }`
guide-loop = the follow-up questions loop: { $path }
guide-loop-hint = a follow-up must lead on to a situation with answers; point this choice at another situation

## The output folder and the accessibility statement

output-left-in-staging = { $count ->
    [one] 1 file
   *[other] { $count } files
} of the previous output changed during the build and were left here: { $files }{ $more ->
    [0] {""}
   *[other] {" and "}{ $more } more
}
output-left-in-staging-hint = look through them and delete the folder; the next build refuses to start while it holds them
output-kept-foreign = { $count ->
    [one] kept 1 file
   *[other] kept { $count } files
} that vardlots did not write: { $files }{ $more ->
    [0] {""}
   *[other] {" and "}{ $more } more
}
output-kept-changed = { $count ->
    [one] kept 1 file
   *[other] kept { $count } files
} that changed since vardlots wrote them: { $files }{ $more ->
    [0] {""}
   *[other] {" and "}{ $more } more
}
output-kept-hint = vardlots never deletes files it did not write; delete them yourself if they should go
statement-no-reason = the shortcoming `{ $text }` has no reason
statement-no-reason-hint = say why it is not accessible yet, for example `reason: Kartan kommer från en extern tjänst som vi byter ut`; Digg reads the reason of every shortcoming
statement-no-assessor = an external assessment without `assessed_by`
statement-no-assessor-hint = name who assessed the site, for example `assessed_by: Exempelgranskarna AB`
statement-stale = { $field ->
    [reviewed] the latest assessment of the site's accessibility
   *[other] the accessibility statement's last update
} is from { $date }, more than a year before { $today }
statement-stale-hint = { $field ->
    [reviewed] assess the site again and set `reviewed` to the date; shortcomings found go under `shortcomings`
   *[other] review the statement and set `updated` to the date
}
context-rule = accessibility rule `{ $rule }`

## Accessibility: what editors write (images, headings, links, tables)

lint-empty-header-cells = a table with { $count } empty header { $count ->
    [one] cell
   *[other] cells
}
lint-empty-header-cells-hint = name every column in the table's first row; a screen reader reads the header with each cell
lint-generic-alt = a generic alt text: `{ $alt }`
lint-generic-alt-hint = say what the image shows, e.g. `![Entrén med ramp till vänster](entre.jpg)`; for a purely decorative image write `![-](entre.jpg)`
lint-generic-alt-hint-html = say what the image shows in `alt="…"`, or write `alt=""` if it is purely decorative
lint-image-no-alt = an image without alt text
lint-image-no-alt-hint = describe what the image shows: `![Karta över Kalmar](karta.png)`; for a purely decorative image write `![-](karta.png)`, which says so on purpose
lint-alt-file-name = the alt text is a file name: `{ $alt }`
lint-alt-file-name-hint = describe what the image shows to someone who cannot see it
lint-img-no-alt-attribute = an `<img>` without an `alt` attribute
lint-img-no-alt-attribute-hint = describe what the image shows in `alt="…"`, or write `alt=""` if it is purely decorative
lint-img-no-alt-attribute-hint-template = describe the image in `alt="…"`, or write `alt=""` if it is decorative
lint-second-h1 = a second h1: the page's title is already its h1
lint-second-h1-hint = use { $write } for the sections of a page
lint-heading-skipped = heading level skipped: h{ $level } after h{ $prev }
lint-heading-skipped-hint = use { $write } here: headings go one level deeper at a time, and the page's title is its h1
lint-heading-skipped-hint-template = use an h{ $level } here: headings go one level deeper at a time
lint-bare-url = a bare web address: `{ $url }`
lint-bare-url-hint = make it a link that says where it leads: `[Hitta vård på 1177](https://www.1177.se/hitta-vard/)`; a screen reader spells out a bare address
lint-all-caps = { $count } or more words in ALL CAPS
lint-all-caps-hint = write in ordinary case and use `**bold**` for emphasis: capitals are slow to read, and some screen readers spell them letter by letter
lint-english-passage = a passage in English without a language mark
lint-english-passage-hint = end the paragraph or heading with `{"{"}lang=en{"}"}` so a screen reader switches voice; inside a sentence use `<span lang="en">…</span>`
lint-document-link = a link to a { $format } file that does not say so
lint-document-link-hint = name the format in the link text, so a resident knows it opens outside the page; { $local ->
    [yes] the file is on this site, so give its size too: `Broschyr om helgöppet ({ $format }, 240 kB)`
   *[no] e.g. `Broschyr om helgöppet ({ $format })`
}
lint-symbol-link = a { $what ->
    [button] button
   *[link] link
} whose text is only symbols: `{ $text }`
lint-symbol-link-hint = write in words what the { $what ->
    [button] button
   *[link] link
} leads to or does; a screen reader reads an emoji by its name, or not at all
lint-url-link-text = a web address as link text: `{ $text }`
lint-url-link-text-hint = say where the link leads: `[Hitta vård på 1177](https://www.1177.se/hitta-vard/)`; a screen reader spells out an address
lint-empty-link = a { $what ->
    [button] button
   *[link] link
} with no text
lint-empty-link-hint = write what the { $what ->
    [button] button
   *[link] link
} leads to or does
lint-empty-link-hint-image = write what the { $what ->
    [button] button
   *[link] link
} leads to or does; a linked image needs alt text
lint-vague-link = vague link text `{ $text }`
lint-vague-link-hint = say where the link leads, e.g. `Läs mer om helgöppna hälsocentraler`, or complete the text with `<span class="visually-hidden">om …</span>`
lint-vague-link-hint-template = say where the link leads, or complete the text with a visually-hidden span
lint-table-no-headers = a table without header cells
lint-table-no-headers-hint = mark the header row or column with `<th>`; or write a Markdown table, whose first row is its header
lint-table-no-headers-hint-template = mark the header row or column with `<th>`

## Accessibility: the whole page (what templates make)

lint-html-lang = the page has no `lang` on `<html>`
lint-html-lang-hint = write `<html lang="{"{{"} site.language {"}}"}">`: screen readers choose their voice by it
lint-h1-count = { $count ->
    [0] the page has no h1
   *[other] the page has { $count } h1 headings
}
lint-h1-count-hint = a page has one h1, its title; use h2 for its sections
lint-duplicate-id = the id `{ $id }` is used more than once on the page
lint-duplicate-id-heading-hint = the heading's id is taken by the template too; give the heading its own: `## Rubrik {"{"}#{ $id }-1{"}"}`
lint-duplicate-id-hint = ids must be unique: links, labels and screen readers find elements by them
lint-missing-anchor = a link to `#{ $id }`, which is not on the page
lint-missing-anchor-did-you-mean = did you mean `#{ $id }`?
lint-missing-anchor-hint = link to an id on the page, such as a heading's
lint-seen-on = { $hint }; { $count ->
    [one] seen on { $url } ({ $source })
   *[other] seen on { $count } pages, first { $url } ({ $source })
}, made by this template or one it extends or includes

## Unit files: dates, summer time and referrals

unit-updated-in-future = the date { $date } is after the build date { $today }
unit-updated-in-future-hint = write the day the unit's data was last checked, such as today's date
unit-updated-old = the unit's data was last checked on { $date }, over a year ago
unit-updated-old-hint = check the hours, phones and e-services against the contact card on 1177.se, then update the date
unit-dst-gap = { $time } does not exist on { $date }: the clocks go forward from 02.00 to 03.00 that night
unit-dst-gap-hint = add a deviation for { $date } with hours outside 02.00–03.00, such as 03.00
unit-referral-emergency = the referral `{ $id }` is an emergency department
unit-referral-emergency-hint = the region wants residents cared for at the right level: refer to a health centre or to `1177`; if the emergency department has agreed, add `akut_avsedd: true` to the deviation

## site.yaml: freshness, the logo and icons, the newsletter

site-stale-after-days = `stale_after_days: { $value }` must be 1–{ $limit }
site-stale-after-days-hint = the default, 7, suits a site built every night
icon-not-drawn = the logo cannot be drawn as an icon: { $detail }
icon-not-drawn-hint = save the logo as plain SVG (with a viewBox) from the drawing program
icon-text-dropped = the logo's text is left out of the touch icon and favicon.ico
icon-text-dropped-hint = convert the text to paths in the drawing program (in Inkscape: Path › Object to Path); the icons are drawn without fonts, so they look the same whichever machine builds the site
newsletter-unsubscribe-template = `{ $value }` is not an unsubscribe address template
newsletter-unsubscribe-template-hint = an https: (or mailto:) address with `{"{"}email{"}"}` and, to stop forged requests, `{"{"}token{"}"}`, e.g. `https://example.se/avregistrera?adress={"{"}email{"}"}&nyckel={"{"}token{"}"}`
newsletter-email-not-built = the email could not be built: { $detail }

## The newsletter: issues and the recipient list

newsletter-no-issue = there is no newsletter issue `{ $issue }`
newsletter-no-issues = there are no newsletter issues in content/{ $dir }/
newsletter-no-issues-hint = an issue is a Markdown file in content/{ $dir }/ with `number`, `date`, `subject` and `preheader`
newsletter-issues-known-hint = name an issue by its number or one of: { $known }
recipients-not-a-list = { $path } is not a recipient list: { $why }
recipients-no-email-column = { $path } is not a recipient list: its header row has no `email` column
recipients-hint = save the list as CSV in UTF-8 with a header row: `email,namn,sprak` (only `email` is required)

## The build date

build-date-pinned = the build date is pinned to { $date }, before today ({ $today })
build-date-pinned-hint = a deployed site must be built without `--date`, every night, so that its hours and its "open now" stay true; see the README's deployment section

build-nothing-changed = Nothing changed since the last build: the site in `{ $folder }` is up to date ({ $pages ->
    [one] 1 page
   *[other] { $pages } pages
}, { $files ->
    [one] 1 file
   *[other] { $files } files
}; checked in { $seconds } s). `--force` builds anyway

## newsletter send: the summary

send-dry-run = Dry run: would send { $count }, { $already } already have it (journal { $journal })
send-sent = Sent { $sent }, { $already } already had it, { $rejected } rejected, { $failed } not sent (temporary failures) (journal { $journal })
send-skipped-rows = { $bad } row(s) skipped as not an address, { $duplicates } repeated address(es) skipped
send-rejected = rejected: { $address }: { $why }
send-not-sent = not sent: { $address }: { $why } (run the same command later)

## The output folder: when the build refuses

output-not-ours = refusing to replace `{ $folder }`: it is not empty and vardlots did not create it
output-not-ours-hint = choose another --output, or move the folder's files away yourself
output-would-overwrite = refusing to build into `{ $folder }`: the new site needs the place of { $count ->
    [one] 1 file
   *[other] { $count } files
} that vardlots did not write{ $changed ->
    [yes] {" or that changed since it wrote them"}
   *[no] {""}
}: { $files }{ $more ->
    [0] {""}
   *[other] {" and "}{ $more } more
}
output-would-overwrite-hint = move or delete those files yourself (vardlots never overwrites them), or choose another --output; nothing was changed
output-two-writers = two outputs would be written to `{ $path }`
output-two-writers-hint = a static file or a page bundle's file has the same path as a page; rename one
io-not-found-hint = check the path; run vardlots in the site's folder or pass --root

## newsletter send: before anything is sent

send-no-unsubscribe = the newsletter has no unsubscribe address
send-no-unsubscribe-hint = mail sent to a list must let each recipient unsubscribe: set `newsletter.unsubscribe_url` (or `list_unsubscribe`) in site.yaml
send-no-secret = { $variable } is not set
send-no-secret-hint = the unsubscribe address has `{"{"}token{"}"}`: set the secret the unsubscribe page checks tokens with
send-test-not-an-address = `{ $value }` is not an email address: { $detail }
send-test-not-an-address-hint = --test takes one address, e.g. --test redaktionen@example.se
send-journal-in-use = { $path } is in use by another send
send-journal-in-use-hint = wait until the other `newsletter send` of this issue has finished, then run the command again

## vardlots serve: in the terminal

serve-all-interfaces = serving on all interfaces ({ $address }): anyone on your network can read the site, drafts included
serve-serving = Serving the site at { $url } (drafts shown; Ctrl-C stops)
serve-no-browser = could not open a browser; open { $url } yourself
serve-shown-early = Showed { $count } pages of the edit in { $ms } ms

## Languages

site-language-unknown = no translations for language `{ $code }`
site-language-unknown-hint = use one of: { $known }
site-language-twice = the language `{ $code }` is listed twice
site-language-twice-hint = list each language once
site-language-dir = `dir: { $dir }` is neither `ltr` nor `rtl`
site-language-dir-hint = Arabic, Persian and Hebrew are written `rtl`, most others `ltr`
site-language-prefix = `prefix: { $prefix }` is not a single URL folder
site-language-prefix-hint = write letters, digits or `-`, e.g. `prefix: en`
