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
yaml-unclosed = a quote or a bracket is never closed
yaml-unclosed-hint = close it, or put the whole value in quotes: `{ $field }: "…"`
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
