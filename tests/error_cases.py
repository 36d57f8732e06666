"""Golden error cases: a change to the mini briefing → the exact problems `briefing check` prints.

Each case: (name, files to add or replace, files to drop, expected lines).
"""

ISSUE_HEAD = "---\ntitle: T\nsummary: S.\nstatus: unclear\nupdated: 2024-05-20\n"
POS = "positions:\n  - actor: alpha\n    stance: X.\n    sources: [src#p2]\n"


SRC = "title: The source\nfile: seeds/src.txt\n"
EVENT = "---\ntitle: E\ndate: {date}\n{extra}sources: [src#p2]\n---\n"
CLAIM = ("---\nstatement: The plan is fair.\nclaimant: alpha\nstatus: alleged\n{extra}sources: [src#p2]\n"
         "{responses}---\n")
HISTORY = "history:\n  - date: 2024-05-20\n    change: {change}\n"


def pos(actor: str, cite: str, *lines: str) -> str:
    """A positions list with one position (drop its first 11 characters to add it to another)."""
    return (f"positions:\n  - actor: {actor}\n    stance: X.\n" + "".join(f"    {line}\n" for line in lines)
            + f"    sources: [{cite}]\n")


def status(value: str) -> str:
    return ISSUE_HEAD.replace("status: unclear", f"status: {value}")


def issue(extra: str = "", positions: str = POS, head: str = ISSUE_HEAD) -> str:
    return head + extra + positions + "---\n"


MINI_BRIEFING = "title: Mini briefing\nas_of: 2024-05-31\nsummary: A small briefing on [[one]] [@src#p2].\n"


CASES = [
    ("unknown status with suggestion",
     {"content/issues/two.md": issue(head=ISSUE_HEAD.replace("status: unclear", "status: opne"))}, (),
     ['content/issues/two.md:4: status: "opne" is not one of open, narrowing, agreed, stalled, collapsed, unclear '
      '(did you mean "open"?)']),
    ("unknown field with suggestion",
     {"content/issues/two.md": issue("tagz: [x]\n")}, (),
     ['content/issues/two.md:6: tagz: unknown field (did you mean "tags"?)']),
    ("unknown nested field",
     {"content/issues/two.md": issue(positions=POS + "    qoute: hi\n")}, (),
     ['content/issues/two.md:10: positions[0].qoute: unknown field (did you mean "quote"?)']),
    ("missing required field",
     {"content/issues/two.md": issue(head=ISSUE_HEAD.replace("summary: S.\n", ""))}, (),
     ['content/issues/two.md:2: missing required field "summary"']),
    ("empty required field",
     {"content/issues/two.md": issue(head=ISSUE_HEAD.replace("summary: S.", "summary:"))}, (),
     ["content/issues/two.md:3: summary: is empty; give a value"]),
    ("missing position sources",
     {"content/issues/two.md": issue(positions="positions:\n  - actor: alpha\n    stance: X.\n")}, (),
     ['content/issues/two.md:7: missing required field "sources" in positions[0]']),
    ("no positions",
     {"content/issues/two.md": issue(positions="positions: []\n", head=status("stalled"))}, (),
     ["content/issues/two.md:6: positions: needs at least one entry (an issue whose sources report no one's "
      "position on it is status: unclear)"]),
    ("no positions on an issue whose sides are not reported",
     {"content/issues/two.md": issue(positions="positions: []\n")}, (), []),
    ("unknown actor id with suggestion",
     {"content/issues/two.md": issue(positions=POS.replace("actor: alpha", "actor: alhpa"))}, (),
     ['content/issues/two.md:7: positions[0].actor: unknown id "alhpa" (did you mean "alpha"?)']),
    ("wrong kind of reference",
     {"content/issues/two.md": issue(positions=POS.replace("actor: alpha", "actor: one"))}, (),
     ['content/issues/two.md:7: positions[0].actor: "one" is an issue, expected an actor']),
    ("two positions of one actor",
     {"content/issues/two.md": issue(positions=POS + "  - actor: alpha\n    stance: Y.\n    sources: [src#p2]\n")}, (),
     ['content/issues/two.md:10: positions[1].actor: "alpha" already holds a position on this issue '
      "(positions[0]); restate it there and record the change in history"]),
    ("citation to a missing block",
     {"content/issues/two.md": issue(positions=POS.replace("src#p2", "src#p9"))}, (),
     ['content/issues/two.md:9: positions[0].sources[0]: src#p9 cites block p9, but source "src" has 3 blocks']),
    ("citation to a missing source",
     {"content/issues/two.md": issue(positions=POS.replace("src#p2", "scr#p2"))}, (),
     ['content/issues/two.md:9: positions[0].sources[0]: unknown source "scr" (did you mean "src"?)']),
    ("reversed range",
     {"content/issues/two.md": issue(positions=POS.replace("src#p2", "src#p3-p2"))}, (),
     ['content/issues/two.md:9: positions[0].sources[0]: "src#p3-p2" is a reversed range: write p2-p3']),
    ("malformed citation",
     {"content/issues/two.md": issue(positions=POS.replace("src#p2", "src-p2"))}, (),
     ['content/issues/two.md:9: positions[0].sources[0]: "src-p2" is not a citation: write source-id#p3 '
      "or source-id#p3-p5"]),
    ("quote not in the cited block",
     {"content/issues/two.md": issue(positions=POS + "    quote: the plan is unfair\n")}, (),
     ['content/issues/two.md:10: positions[0].quote: not found word for word in src#p2; the closest passage, '
      'in src#p2, reads "the plan is fair": one word differs: the quote has "unfair" where the source has "fair"']),
    ("unknown link in a body",
     {"content/issues/two.md": issue() + "Intro.\n\nSee [[btea]] here.\n"}, (),
     ['content/issues/two.md:13: body: unknown id "btea" (did you mean "beta"?)']),
    ("unknown link in a block scalar",
     {"content/issues/two.md": issue(head=ISSUE_HEAD.replace("summary: S.", "summary: |\n  First.\n  See [[nope]]."))},
     (), ['content/issues/two.md:5: summary: unknown id "nope"']),
    ("bad body citation",
     {"content/issues/two.md": issue() + "Claimed [@src#p7].\n"}, (),
     ['content/issues/two.md:11: body: src#p7 cites block p7, but source "src" has 3 blocks']),
    ("link inside code is ignored",
     {"content/issues/two.md": issue() + "Write `[[nope]]` to link.\n\n```\n[[also-nope]]\n```\n"}, (), []),
    ("duplicate id across kinds",
     {"content/actors/one.md": "---\nname: One\nkind: state\n---\n"}, (),
     ['content/actors/one.md:1: id "one" is used by more than one note: also content/issues/one.md',
      'content/issues/one.md:1: id "one" is used by more than one note: also content/actors/one.md']),
    ("self dependency",
     {"content/issues/two.md": issue("depends_on: [two]\n")}, (),
     ["content/issues/two.md:6: depends_on: an issue cannot depend on itself"]),
    ("dependency cycle is a warning",
     {"content/issues/two.md": issue("depends_on: [three]\n"),
      "content/issues/three.md": issue("depends_on: [two]\n")}, (),
     ["content/issues/three.md:6: warning: depends_on: dependency cycle among issues three, two"]),
    ("stale issue is a warning",
     {"content/issues/two.md": issue(head=ISSUE_HEAD.replace("2024-05-20", "2024-01-02"))}, (),
     ["content/issues/two.md:5: warning: issue is stale: updated 2024-01-02, more than 30 days before "
      "the briefing's as_of 2024-05-31"]),
    ("updated after as_of is a warning",
     {"content/issues/two.md": issue(head=ISSUE_HEAD.replace("2024-05-20", "2024-06-02"))}, (),
     ["content/issues/two.md:5: warning: updated 2024-06-02 is after the briefing's as_of 2024-05-31: move as_of "
      "forward in content/briefing.yml, or correct updated"]),
    ("stray file extension",
     {"content/issues/two.markdown": "x"}, (),
     ["content/issues/two.markdown:1: unexpected file in issues/: notes there are named <id>.md"]),
    ("misspelt folder",
     {"content/isues/two.md": "x"}, (),
     ['content/isues:1: unknown folder "isues/" (did you mean "issues"?): notes live in issues/, actors/, '
      "events/, claims/, sources/, pages/"]),
    ("invalid id",
     {"content/actors/Big_One.md": "---\nname: X\nkind: state\n---\n"}, (),
     ['content/actors/Big_One.md:1: file name "Big_One" is not a valid id: ids use lowercase letters, digits '
      "and single hyphens"]),
    ("windows reserved id",
     {"content/actors/con.md": "---\nname: X\nkind: state\n---\n"}, (),
     ['content/actors/con.md:1: "con.md" is a name Windows reserves for a device; rename it']),
    ("windows reserved seed name",
     {"seeds/AUX.txt": "text\n"}, (),
     ['seeds/AUX.txt:1: "AUX.txt" is a name Windows reserves for a device; rename it']),
    ("bidi control in a file name",
     {"content/actors/gam\u202ema.md": "---\nname: G\nkind: state\n---\n"}, (),
     ["content/actors/gam\\u202ema.md:1: file name holds invisible or bidirectional-control characters"]),
    ("NUL byte",
     {"content/actors/gamma.md": "---\nname: G\nkind: state\n---\nbody\x00\n"}, (),
     ["content/actors/gamma.md:5: control character U+0000 is not allowed in text"]),
    ("yaml 1.1 traps are text where text is expected",
     {"content/actors/gamma.md": "---\nname: NO\nkind: state\nrole: 1.10\ntags: [yes, 012, on]\n---\n"}, (), []),
    ("unsafe link in a field",
     {"content/issues/two.md": issue(head=ISSUE_HEAD.replace("summary: S.", "summary: \"[x](javascript:alert(1))\""))},
     (), ['content/issues/two.md:3: summary: link to "javascript:alert(1)" is not allowed: links go to http, https '
          "or mailto addresses, or to notes with [[id]]"]),
    ("reversed range in a body",
     {"content/issues/two.md": issue() + "Text [@src#p3-p2].\n"}, (),
     ['content/issues/two.md:11: body: [@src#p3-p2]: "src#p3-p2" is a reversed range: write p2-p3']),
    ("citation of a note that is not a source",
     {"content/issues/two.md": issue(positions=POS.replace("src#p2", "alpha#p1"))}, (),
     ['content/issues/two.md:9: positions[0].sources[0]: "alpha" is an actor, not a source']),
    ("empty link",
     {"content/issues/two.md": issue() + "See [[ ]].\n"}, (),
     ["content/issues/two.md:11: body: empty link [[ ]]"]),
    ("a broken note does not make references to it errors too",
     {"content/actors/alpha.md": "---\nname: Alpha\nkind: sate\n---\n"}, (),
     ['content/actors/alpha.md:3: kind: "sate" is not one of person, state, organisation, legislature, public, '
      'group (did you mean "state"?)']),
    ("missing front matter",
     {"content/actors/gamma.md": "name: Gamma\n"}, (),
     ["content/actors/gamma.md:1: a note must start with front matter: a line '---', the fields, then another '---'"]),
    ("unclosed front matter",
     {"content/actors/gamma.md": "---\nname: Gamma\nkind: state\n"}, (),
     ["content/actors/gamma.md:1: front matter is not closed: add a line '---' after the fields"]),
    ("empty file",
     {"content/actors/gamma.md": ""}, (),
     ["content/actors/gamma.md:1: empty file: a note starts with front matter between two --- lines"]),
    ("yaml syntax error",
     {"content/actors/gamma.md": "---\nname: Gamma\nkind: [state\n---\n"}, (),
     ["content/actors/gamma.md:4:1: YAML syntax error: did not find expected ',' or ']'"]),
    ("duplicate key",
     {"content/actors/gamma.md": "---\nname: Gamma\nkind: state\nname: Again\n---\n"}, (),
     ['content/actors/gamma.md:4:1: duplicate field "name" (first given on line 2)']),
    ("anchor refused",
     {"content/actors/gamma.md": "---\nname: &n Gamma\nkind: state\n---\n"}, (),
     ["content/actors/gamma.md:2:7: YAML anchor '&n' is not allowed: write the value out"]),
    ("tab indentation",
     {"content/actors/gamma.md": "---\nname: Gamma\nkind: state\ntags:\n\t- x\n---\n"}, (),
     ["content/actors/gamma.md:5:1: tab character in indentation: YAML indents with spaces"]),
    ("custom tag refused",
     {"content/actors/gamma.md": "---\nname: !shout Gamma\nkind: state\n---\n"}, (),
     ["content/actors/gamma.md:2:7: YAML tag '!shout' is not allowed: quote the value instead"]),
    ("yaml 1.1 boolean where a boolean is expected",
     {"content/events/e.md": "---\ntitle: E\ndate: 2024-05\napproximate: yes\nsources: [src#p2]\n---\n"}, (),
     ['content/events/e.md:4: approximate: expected true or false, found "yes"']),
    ("invalid date",
     {"content/events/e.md": "---\ntitle: E\ndate: 2024-02-30\nsources: [src#p2]\n---\n"}, (),
     ['content/events/e.md:3: date: "2024-02-30" is not a valid date: day 30 does not exist in that month']),
    ("partial date where a full date is needed",
     {"content/issues/two.md": issue(head=ISSUE_HEAD.replace("2024-05-20", "2024-05"))}, (),
     ['content/issues/two.md:5: updated: "2024-05" is not a date of the form YYYY-MM-DD']),
    ("wrong type: text for a list",
     {"content/actors/gamma.md": "---\nname: Gamma\nkind: state\ntags: x\n---\n"}, (),
     ['content/actors/gamma.md:4: tags: expected a list, found "x"']),
    ("wrong type: list for text",
     {"content/actors/gamma.md": "---\nname: [a, b]\nkind: state\n---\n"}, (),
     ["content/actors/gamma.md:2: name: expected text, found a list"]),
    ("source file outside seeds",
     {"content/sources/bad.yml": "title: Bad\nfile: ../etc/passwd.txt\n"}, (),
     ['content/sources/bad.yml:2: file: "../etc/passwd.txt" must be a path under seeds/, such as seeds/article.txt']),
    ("source file with an absolute path",
     {"content/sources/bad.yml": "title: Bad\nfile: /etc/passwd.txt\n"}, (),
     ['content/sources/bad.yml:2: file: "/etc/passwd.txt" must be a relative path under seeds/']),
    ("source file that is not text",
     {"content/sources/bad.yml": "title: Bad\nfile: seeds/scan.pdf\n"}, (),
     ['content/sources/bad.yml:2: file: "seeds/scan.pdf" must be a .txt or .md file']),
    ("invalid url",
     {"content/sources/bad.yml": "title: Bad\nfile: seeds/src.txt\nurl: javascript:alert(1)\n"}, (),
     ['content/sources/bad.yml:3: url: "javascript:alert(1)" is not an http or https address']),
    ("source file missing",
     {"content/sources/bad.yml": "title: Bad\nfile: seeds/nope.txt\n"}, (),
     ['content/sources/bad.yml:2: file: "seeds/nope.txt" does not exist (or could not be read) '
      '(did you mean "seeds/src.txt"?)']),
    ("source checksum changed",
     {"content/sources/src.yml": "title: The source\nfile: seeds/src.txt\nsha256: " + "0" * 64 + "\n"}, (),
     None),  # message holds the new digest; checked in test_link.py
    ("missing briefing.yml",
     {}, ("content/briefing.yml",),
     ["content/briefing.yml:1: missing: every briefing needs content/briefing.yml"]),
    ("part_of loop",
     {"content/actors/alpha.md": "---\nname: Alpha\nkind: state\npart_of: beta\n---\n"}, (),
     ["content/actors/alpha.md:4: part_of: forms a loop: alpha → beta → alpha",
      "content/actors/beta.md:4: part_of: forms a loop: beta → alpha → beta"]),
    ("claim response position",
     {"content/claims/c.md": "---\nstatement: S.\nclaimant: alpha\nstatus: alleged\nsources: [src#p2]\n"
                             "responses:\n  - actor: beta\n    position: refutes\n    summary: No.\n"
                             "    sources: [src#p3]\n---\n"}, (),
     ['content/claims/c.md:8: responses[0].position: "refutes" is not one of denies, confirms, questions, supports']),
    ("non-utf8 bytes",
     {"content/actors/gamma.md": b"---\nname: Gam\xe9a\nkind: state\n---\n"}, (),
     ["content/actors/gamma.md:2: not valid UTF-8 (byte 0xe9); save the file as UTF-8"]),
    ("control character",
     {"content/actors/gamma.md": "---\nname: Gam\x07a\nkind: state\n---\n"}, (),
     ["content/actors/gamma.md:2: control character U+0007 is not allowed in text"]),
    # Drafts: a published note must not name or cite one.
    ("published note links to a draft",
     {"content/issues/two.md": issue("draft: true\n"),
      "content/actors/beta.md": "---\nname: Beta\nkind: person\npart_of: alpha\n---\nSee [[two]].\n"}, (),
     ['content/actors/beta.md:6: body: "two" is a draft (draft: true in content/issues/two.md); '
      "a published note cannot link to it: publish it, or remove the reference"]),
    ("published position by a draft actor",
     {"content/actors/beta.md": "---\nname: Beta\nkind: person\ndraft: true\n---\n"}, (),
     ['content/issues/one.md:11: positions[1].actor: "beta" is a draft (draft: true in content/actors/beta.md); '
      "a published note cannot link to it: publish it, or remove the reference"]),
    ("published note cites a draft source",
     {"content/sources/src.yml": "title: The source\nfile: seeds/src.txt\ndraft: true\n"}, (),
     ['content/briefing.yml:3: summary: "src" is a draft (draft: true in content/sources/src.yml); '
      "a published note cannot cite it: publish it, or remove the reference",
      'content/issues/one.md:10: positions[0].sources[0]: "src" is a draft (draft: true in '
      "content/sources/src.yml); a published note cannot cite it: publish it, or remove the reference",
      'content/issues/one.md:13: positions[1].sources[0]: "src" is a draft (draft: true in '
      "content/sources/src.yml); a published note cannot cite it: publish it, or remove the reference"]),
    ("a draft may link to a draft and to published notes",
     {"content/issues/two.md": issue("draft: true\nrelated: [one, three]\n"),
      "content/issues/three.md": issue("draft: true\n")}, (), []),
    ("draft is not a boolean",
     {"content/issues/two.md": issue("draft: yes\n")}, (),
     ['content/issues/two.md:6: draft: expected true or false, found "yes"']),
    # Aliases: former ids.
    ("reference to a renamed note",
     {"content/actors/alpha.md": "---\nname: Alpha\nkind: state\naliases: [old-alpha]\n---\n",
      "content/actors/beta.md": "---\nname: Beta\nkind: person\npart_of: old-alpha\n---\n"}, (),
     ['content/actors/beta.md:4: part_of: "old-alpha" was renamed to "alpha" (see aliases in '
      "content/actors/alpha.md): write alpha"]),
    ("alias is a note's id",
     {"content/actors/alpha.md": "---\nname: Alpha\nkind: state\naliases: [beta]\n---\n"}, (),
     ['content/actors/alpha.md:4: aliases[0]: "beta" is the id of a note (actor); '
      "an alias must be an id no note uses"]),
    ("alias is the note's own id",
     {"content/actors/alpha.md": "---\nname: Alpha\nkind: state\naliases: [alpha]\n---\n"}, (),
     ['content/actors/alpha.md:4: aliases[0]: "alpha" is this note\'s own id']),
    ("alias claimed by two notes",
     {"content/actors/alpha.md": "---\nname: Alpha\nkind: state\naliases: [gone]\n---\n",
      "content/actors/beta.md": "---\nname: Beta\nkind: person\naliases: [gone]\n---\n"}, (),
     ['content/actors/beta.md:4: aliases[0]: "gone" is already an alias of "alpha" (content/actors/alpha.md)']),
    ("alias is not a valid id",
     {"content/actors/alpha.md": "---\nname: Alpha\nkind: state\naliases: [Old_Alpha]\n---\n"}, (),
     ['content/actors/alpha.md:4: aliases[0]: "Old_Alpha" is not a valid id: ids use lowercase letters, '
      "digits and single hyphens"]),
    # Contract v2: wording of quotes, basis of dates, provenance, evidence.
    ("direct wording outside quotation marks",
     {"content/issues/two.md": issue(positions=POS + "    quote: the plan is fair\n    wording: direct\n")}, (),
     ['content/issues/two.md:11: positions[0].wording: direct, but in src#p2 the quote is not inside '
      'quotation marks, and no cited source has alpha (or part of it) as its author: the words are '
      "the source's, so write wording: reported (or quote only words the source prints in quotation "
      'marks)']),
    ("direct wording inside quotation marks",
     {"content/issues/two.md": issue(positions=pos("beta", "src#p3", "quote: not fair", "wording: direct"))}, (),
     []),
    ("direct wording with its quotation marks",
     {"content/issues/two.md": issue(positions=pos("beta", "src#p3", "quote: '“not fair”'", "wording: direct"))}, (),
     []),
    ("direct wording from a source its part wrote",
     {"content/sources/src.yml": SRC + "author: beta\n",
      "content/issues/two.md": issue(positions=POS + "    quote: the plan is fair\n    wording: direct\n")}, (),
     []),
    ("direct wording from a source the whole wrote",
     {"content/sources/src.yml": SRC + "author: alpha\n",
      "content/issues/two.md": issue(positions=pos("beta", "src#p2", "quote: Alpha said the plan",
                                                   "wording: direct"))}, (),
     ['content/issues/two.md:10: positions[0].wording: direct, but in src#p2 the quote is not inside '
      'quotation marks, and no cited source has beta (or part of it) as its author: the words are the '
      "source's, so write wording: reported (or quote only words the source prints in quotation marks)"]),
    ("an apostrophe is not a quotation mark",
     {"seeds/marks.txt": "Alpha's plan 'is fair', said Alpha's aide.\n",
      "content/sources/marks.yml": "title: Marks\nfile: seeds/marks.txt\n",
      "content/issues/two.md": issue(positions=pos("alpha", "marks#p1", "quote: plan", "wording: direct")
                                     + pos("beta", "marks#p1", "quote: is fair", "wording: direct")[11:])}, (),
     ['content/issues/two.md:10: positions[0].wording: direct, but in marks#p1 the quote is not '
      'inside quotation marks, and no cited source has alpha (or part of it) as its author: the words '
      "are the source's, so write wording: reported (or quote only words the source prints in "
      'quotation marks)']),
    ("unknown wording",
     {"content/issues/two.md": issue(positions=POS + "    wording: verbatim\n")}, (),
     ['content/issues/two.md:10: positions[0].wording: "verbatim" is not one of reported, direct']),
    ("direct response and claim quote",
     {"content/claims/c.md": CLAIM.format(extra="quote: the plan is fair\nwording: direct\n",
                                          responses="responses:\n  - actor: beta\n    position: denies\n"
                                          "    summary: Not fair.\n    quote: not fair\n"
                                          "    wording: direct\n    sources: [src#p3]\n")}, (),
     ['content/claims/c.md:6: wording: direct, but in src#p2 the quote is not inside quotation marks, '
      "and no cited source has alpha (or part of it) as its author: the words are the source's, so "
      'write wording: reported (or quote only words the source prints in quotation marks)']),
    ("report date equal to the published date",
     {"content/sources/src.yml": SRC + "published: 2024-05\n",
      "content/events/e.md": EVENT.format(date="2024-05", extra="date_basis: report\n")}, (),
     []),
    ("report date not the published date",
     {"content/sources/src.yml": SRC + "published: 2024-05\n",
      "content/events/e.md": EVENT.format(date="2024-05-03", extra="date_basis: report\n")}, (),
     ['content/events/e.md:3: date: 2024-05-03 is not when a cited source was published (src '
      "2024-05); with date_basis: report the date is a cited source's published date, at its precision"]),
    ("report date from a source with no published date",
     {"content/events/e.md": EVENT.format(date="2024-05", extra="date_basis: report\n")}, (),
     ['content/events/e.md:4: date_basis: report, but no source the note cites has a published date: '
      "give the source's published date, or the date a cited block states (date_basis: stated)"]),
    ("report date that is also approximate",
     {"content/sources/src.yml": SRC + "published: 2024-05\n",
      "content/events/e.md": EVENT.format(date="2024-05", extra="approximate: true\ndate_basis: report\n")},
     (),
     ['content/events/e.md:4: approximate: true, but date_basis: report says the date is when a '
      'source reported it, not an estimate: keep one of the two']),
    ("report date on a claim without a date",
     {"content/claims/c.md": CLAIM.format(extra="date_basis: report\n", responses="")}, (),
     ['content/claims/c.md:5: date_basis: report needs a date: the published date of a source the '
      'note cites']),
    ("unknown date basis",
     {"content/events/e.md": EVENT.format(date="2024-05", extra="date_basis: guessed\n")}, (),
     ['content/events/e.md:4: date_basis: "guessed" is not one of stated, report']),
    ("narrowing without a history entry",
     {"content/issues/two.md": issue(head=status("narrowing"))}, (),
     ['content/issues/two.md:4: warning: status: narrowing says the positions moved, but no history '
      'entry records the movement with its source: add one whose change cites it ([@source#pN]) or '
      'that has sources:, or give the status the sources support']),
    ("narrowing with a history entry that cites nothing",
     {"content/issues/two.md": issue(HISTORY.format(change="Talks moved."), head=status("agreed"))}, (),
     ['content/issues/two.md:4: warning: status: agreed says the positions moved, but no history '
      'entry records the movement with its source: add one whose change cites it ([@source#pN]) or '
      'that has sources:, or give the status the sources support']),
    ("narrowing with a cited history entry",
     {"content/issues/two.md": issue(HISTORY.format(change="Talks moved [@src#p2]."),
                                     head=status("narrowing"))}, (),
     []),
    ("agreed with a history entry with sources",
     {"content/issues/two.md": issue(HISTORY.format(change="Talks moved.") + "    sources: [src#p2]\n",
                                     head=status("agreed"))}, (),
     []),
    ("history sources cite a missing block",
     {"content/issues/two.md": issue(HISTORY.format(change="Talks moved.") + "    sources: [src#p7]\n")}, (),
     ['content/issues/two.md:9: history[0].sources[0]: src#p7 cites block p7, but source "src" has 3 '
      'blocks']),
    ("open with one side",
     {"content/issues/two.md": issue(head=status("open"))}, (),
     ['content/issues/two.md:4: warning: status: open, but every position is from one side (alpha): '
      'open means the positions of two sides or more are reported and differ; write status: unclear '
      'until the sources report another side']),
    ("open with a whole and its part",
     {"content/issues/two.md": issue(positions=POS + pos("beta", "src#p3")[11:], head=status("open"))}, (),
     ['content/issues/two.md:4: warning: status: open, but every position is from one side (alpha): '
      'open means the positions of two sides or more are reported and differ; write status: unclear '
      'until the sources report another side']),
    ("open with two sides",
     {"content/actors/gamma.md": "---\nname: Gamma\nkind: state\n---\n",
      "content/issues/two.md": issue(positions=POS + pos("gamma", "src#p3")[11:], head=status("open"))}, (),
     []),
    ("provenance of a source",
     {"content/sources/src.yml": SRC + "url: https://example.org/a\narchived: https://web.archive.org/web/2024/"
                                 "https://example.org/a\naccessed: 2024-05-30\nlanguage: en-GB\nauthor: alpha\n"}, (),
     []),
    ("provenance that is wrong",
     {"content/sources/src.yml": SRC + "archived: web.archive.org/a\naccessed: 30 May\nlanguage: English\n"
                                 "author: alhpa\n"}, (),
     ['content/sources/src.yml:3: archived: "web.archive.org/a" is not an http or https address',
      'content/sources/src.yml:4: accessed: "30 May" is not a date of the form YYYY-MM-DD, YYYY-MM or '
      'YYYY',
      'content/sources/src.yml:5: language: "English" is not a BCP 47 language tag such as en or uk']),
    ("author that is not an actor",
     {"content/sources/src.yml": SRC + "author: one\n"}, (),
     ['content/sources/src.yml:3: author: "one" is an issue, expected an actor']),
    ("quote differs in case",
     {"content/issues/two.md": issue(positions=POS + "    quote: The Plan is fair\n")}, (),
     ['content/issues/two.md:10: positions[0].quote: not found word for word in src#p2; the closest '
      'passage, in src#p2, reads "the plan is fair": only the case differs: "The" where the source '
      'has "the"; "Plan" where the source has "plan"']),
    ("quote that nothing cited comes close to",
     {"content/issues/two.md": issue(positions=POS + "    quote: troops along the border\n")}, (),
     ['content/issues/two.md:10: positions[0].quote: not found word for word in src#p2; no passage of '
      'the cited blocks comes close: check the citation']),
    ("identity: an accent that is not #rrggbb",
     {"content/briefing.yml": MINI_BRIEFING + "accent: blue\n"}, (),
     ['content/briefing.yml:4: accent: "blue" is not a colour written #rrggbb, such as "#1f4e79" (in quotes: '
      '# starts a comment in YAML)']),
    ("identity: a contact that is neither an e-mail nor a web address",
     {"content/briefing.yml": MINI_BRIEFING + "contact: javascript:alert(1)\n"}, (),
     ['content/briefing.yml:4: contact: "javascript:alert(1)" is not an http or https address']),
    ("identity: a javascript: address dressed as an e-mail address",
     {"content/briefing.yml": MINI_BRIEFING + 'contact: "javascript://%0Aalert(1)//@x.com"\n'}, (),
     ['content/briefing.yml:4: contact: "javascript://%0Aalert(1)//@x.com" is not an http or https address']),
    ("identity: a short title too long for a phone's header",
     {"content/briefing.yml": MINI_BRIEFING + "short_title: " + "x" * 33 + "\n"}, (),
     ["content/briefing.yml:4: short_title: 33 characters, at most 32 fit in a phone's header: shorten it"]),
]
