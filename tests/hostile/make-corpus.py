#!/usr/bin/env python3
"""Write the hostile corpus: tests/hostile/inputs/* and the input columns of expected.tsv.

Each case is (file, operation, bytes or a recipe, note). Inputs too large to keep in git are
`.gen` recipes: a JSON list of `[text, times]` parts, concatenated in order (UTF-8), which the
tests expand.
The expected outcome, diagnostic code and HTTP status are NOT written here: they were decided
by reading each answer and are kept in expected.tsv by hand; this script refuses to overwrite
them (it only prints the cases whose rows are missing).

    python3 tests/hostile/make-corpus.py
"""
import json
import os
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
OUT = os.path.join(HERE, "inputs")

with open(os.path.join(ROOT, "samples", "request-ready.json"), encoding="utf-8") as f:
    BASE = json.load(f)


def req(**changes):
    """The ready sample with changes at dotted paths (`person.forename`); None deletes."""
    r = json.loads(json.dumps(BASE))
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = r
        for p in parents:
            node = node[p]
        if value is DELETE:
            node.pop(last, None)
        else:
            node[last] = value
    return r


DELETE = object()


def js(v, ascii_only=False):
    return json.dumps(v, ensure_ascii=ascii_only, separators=(",", ":")).encode("utf-8")


def splice(text, marker, replacement):
    assert marker in text, marker
    return text.replace(marker, replacement, 1)


READY = js(BASE)
READY_TEXT = READY.decode("utf-8")

CASES = []


def case(name, op, data, note):
    if isinstance(data, dict):
        data = [[data["prefix"], 1], [data["repeat"], data["times"]], [data["suffix"], 1]]
        data = [p for p in data if p[0] and p[1]]
    CASES.append((name, op, data, note))


V = "validateRequestOut"

# ---- empty, BOM, NUL, encodings ----
case("empty.json", V, b"", "empty input")
case("whitespace-only.json", V, b" \n\t\r ", "only JSON white space")
case("bom-only.json", V, "\ufeff".encode(), "a byte-order mark and nothing else")
case("bom-then-request.json", V, "\ufeff".encode() + READY, "a BOM before a ready request is accepted")
case("bom-twice.json", V, "\ufeff\ufeff".encode() + READY, "only one leading BOM is skipped")
case("nul-only.json", V, b"\x00", "a single NUL byte")
case("nul-after-request.json", V, READY + b"\x00", "a NUL byte after a complete request")
case("nul-raw-in-string.json", V, splice(READY_TEXT, "Testescu", "Test\x00escu").encode(), "a raw NUL inside a string (JSON forbids unescaped control characters)")
case("raw-control-in-string.json", V, splice(READY_TEXT, "Testescu", "Test\x1bescu").encode(), "a raw ESC inside a string")
case("utf8-invalid-ff.json", V, splice(READY_TEXT, "Testescu", "Test@escu").encode().replace(b"@", b"\xff"), "byte 0xFF in a surname")
case("utf8-overlong-slash.json", V, splice(READY_TEXT, "Testescu", "Test@escu").encode().replace(b"@", b"\xc0\xaf"), "overlong encoding of '/'")
case("utf8-surrogate-encoded.json", V, splice(READY_TEXT, "Testescu", "Test@escu").encode().replace(b"@", b"\xed\xa0\x80"), "a UTF-16 surrogate encoded as UTF-8 (CESU-8)")
case("utf8-truncated-at-end.json", V, READY[:-1] + b"\xe2\x82", "a multi-byte character cut off at the end")
case("latin1-name.json", V, splice(READY_TEXT, "Testescu", "Test@scu").encode().replace(b"@", b"\xe9"), "a Latin-1 'é' (0xE9) instead of UTF-8")
case("utf16le-with-bom.json", V, b"\xff\xfe" + READY_TEXT.encode("utf-16-le"), "the request in UTF-16LE with its BOM")
case("lone-surrogate-escape.json", V, splice(READY_TEXT, "Testescu", "Test\\ud800escu").encode(), "a lone surrogate as a JSON escape")
case("escaped-nul-in-forename.json", V, splice(READY_TEXT, "Ionela Maria", "Ionela\\u0000Maria").encode(), "an escaped NUL (\\u0000) inside a forename")

# ---- syntax that is not JSON ----
case("comment.json", V, b"// a comment\n" + READY, "a JavaScript comment")
case("trailing-comma.json", V, READY[:-1] + b",}", "a trailing comma")
case("single-quotes.json", V, b"{'context': {}}", "single-quoted keys")
case("nan-literal.json", V, splice(READY_TEXT, '"messageSequence":1042', '"messageSequence":NaN').encode(), "NaN as a number")
case("infinity-literal.json", V, splice(READY_TEXT, '"messageSequence":1042', '"messageSequence":Infinity').encode(), "Infinity as a number")
case("two-documents.json", V, READY + b"\n" + READY, "two requests back to back")

# ---- numbers out of range ----
case("sequence-1e400.json", V, splice(READY_TEXT, '"messageSequence":1042', '"messageSequence":1e400').encode(), "a number beyond any float")
case("sequence-float.json", V, splice(READY_TEXT, '"messageSequence":1042', '"messageSequence":1042.5').encode(), "a fraction where an integer is expected")
case("sequence-exponent.json", V, splice(READY_TEXT, '"messageSequence":1042', '"messageSequence":1e3').encode(), "an integer written with an exponent")
case("sequence-negative-zero.json", V, splice(READY_TEXT, '"messageSequence":1042', '"messageSequence":-0').encode(), "minus zero")
case("sequence-u64-max.json", V, splice(READY_TEXT, '"messageSequence":1042', '"messageSequence":18446744073709551615').encode(), "u64::MAX: fits the type, not the 15 digits of a message id")
case("sequence-2e64-digits.json", V, splice(READY_TEXT, '"messageSequence":1042', '"messageSequence":' + "9" * 400).encode(), "a 400-digit integer")
case("sequence-string.json", V, splice(READY_TEXT, '"messageSequence":1042', '"messageSequence":"1042"').encode(), "a number as a string")

# ---- duplicate keys, unknown fields, wrong types ----
case("duplicate-forename.json", V, splice(READY_TEXT, '"forename":"Ionela Maria"', '"forename":"Ionela Maria","forename":"Other"').encode(), "a key twice in one object")
case("duplicate-person.json", V, READY[:-1] + b',"person":{}}', "the person object twice, the second empty")
case("unknown-field-person.json", V, js(req(person__middleName="X")), "an unknown field inside person")
case("unknown-field-nul-key.json", V, js(req(**{"person__forename\u0000": "X"})), "a field name with a NUL in it")
case("unknown-field-bidi-key.json", V, js(req(**{"person__\u202eforename": "X"})), "a field name with a bidi override")
case("wrong-type-forename-number.json", V, js(req(person__forename=42)), "a number where a name is expected")
case("wrong-type-sex-bool.json", V, js(req(person__sex=True)), "a boolean where a code is expected")
case("wrong-type-nationalities-object.json", V, js(req(person__nationalities={"RO": True})), "an object where a list is expected")
case("wrong-type-urgent-number.json", V, js(req(request__urgent=1)), "1 where a boolean is expected")
case("positional-person.json", V, js(req(person=["Ionela Maria", "Testescu"])), "the person as a positional array inside a well-named request")
case("positional-route.json", V, js(req(request__route=["form", "ukNational"])), "an internally tagged enum (the route) as a positional array")
case("positional-capped-list-item.json", V, js(req(person__aliases=[["Ion", "Alias"]])), "an alias (a struct inside a capped list) as a positional array")
case("positional-request.json", V, js([[BASE["context"]["today"], BASE["context"]["timestamp"], BASE["context"]["messageSequence"], [BASE["context"]["sendingAuthority"]["name"], BASE["context"]["sendingAuthority"]["email"], None]], BASE["request"], BASE["person"], BASE["uk"]]), "the request as positional arrays, without field names")
case("top-level-array.json", V, b"[]", "an array instead of an object")
case("top-level-string.json", V, b'"hello"', "a string instead of an object")
case("top-level-null.json", V, b"null", "null instead of an object")
case("top-level-number.json", V, b"42", "a number instead of an object")
case("context-null.json", V, js(req(context=None)), "context is null")

# ---- nesting ----
case("nesting-arrays-10000.gen", V, [["[", 10000], ["]", 10000]], "10,000 nested arrays")
case("nesting-objects-100000-in-name.gen", V, [[READY_TEXT.split('"Ionela Maria"')[0], 1], ['{"a":', 100000], ["1", 1], ["}", 100000], [READY_TEXT.split('"Ionela Maria"')[1], 1]], "100,000 nested objects where a forename is expected")
case("nesting-unclosed-200000.gen", V, {"prefix": "", "repeat": "[", "times": 200000, "suffix": ""}, "200,000 opening brackets, never closed: not JSON")

# ---- huge strings and bodies ----
case("body-2mib.gen", V, {"prefix": "", "repeat": " ", "times": 2 << 20, "suffix": "{}"}, "a body of 2 MiB (over the 1 MiB limit)")
case("body-exactly-over-limit.gen", V, {"prefix": READY_TEXT, "repeat": " ", "times": (1 << 20) + 1 - len(READY), "suffix": ""}, "a ready request padded to 1 MiB + 1 byte")
case("forename-900k.gen", V, {"prefix": READY_TEXT.split("Ionela Maria")[0], "repeat": "a", "times": 900000, "suffix": READY_TEXT.split("Ionela Maria")[1]}, "a 900,000-character forename")
case("remarks-300k-multibyte.gen", V, {"prefix": READY_TEXT.split('"caseReference"')[0] + '"remarks":"', "repeat": "\u0416", "times": 300000, "suffix": '","caseReference"' + READY_TEXT.split('"caseReference"')[1]}, "remarks of 300,000 two-byte characters")
case("nationalities-20000-unknown.gen", V, {"prefix": READY_TEXT.split('"nationalities":["RO"]')[0] + '"nationalities":["RO"', "repeat": ',"ZZ"', "times": 20000, "suffix": "]" + READY_TEXT.split('"nationalities":["RO"]')[1]}, "20,000 unknown nationality codes: over the list cap of 10")
case("destinations-20000-repeated.gen", V, {"prefix": READY_TEXT.split('"offences"')[0] + '"destinations":["PL"', "repeat": ',"PL"', "times": 20000, "suffix": '],"offences"' + READY_TEXT.split('"offences"')[1]}, "the same destination 20,000 times: over the list cap of 50")
case("aliases-10000.gen", V, {"prefix": READY_TEXT.split('"sex"')[0] + '"aliases":[{"forename":"A","surname":"B"}', "repeat": ',{"forename":"A","surname":"B"}', "times": 10000, "suffix": '],"sex"' + READY_TEXT.split('"sex"')[1]}, "10,000 aliases: over the list cap of 20")
case("offences-50000-empty.gen", V, {"prefix": READY_TEXT.split('"offences":')[0] + '"offences":[{}', "repeat": ",{}", "times": 50000, "suffix": "]" + READY_TEXT.split('"offences":')[1].split("]", 1)[1]}, "50,000 empty offences: over the list cap of 50")
case("asn-10k.gen", V, {"prefix": READY_TEXT.split("2644010000000012345D")[0], "repeat": "9", "times": 10000, "suffix": READY_TEXT.split("2644010000000012345D")[1]}, "a 10,000-digit arrest/summons number")

# ---- names: control characters, bidi, scripts, emoji ----
case("name-bidi-rlo.json", V, js(req(person__surname="Test\u202eucsetse")), "U+202E RIGHT-TO-LEFT OVERRIDE in a surname")
case("name-bidi-isolate.json", V, js(req(person__forename="\u2066Ionela\u2069")), "U+2066/U+2069 isolates around a forename")
case("name-rlm-arabic.json", V, js(req(person__forename="\u0645\u062d\u0645\u062f\u200f")), "an Arabic forename ending in U+200F RLM")
case("name-tab.json", V, js(req(person__forename="Ionela\tMaria")), "a tab inside a forename")
case("name-newline.json", V, js(req(person__surname="Test\nescu")), "a line feed inside a surname")
case("name-del.json", V, js(req(person__surname="Test\u007fescu")), "DEL (U+007F) inside a surname")
case("name-c1-control.json", V, js(req(person__surname="Test\u0085escu")), "a C1 control (U+0085 NEL)")
case("name-line-separator.json", V, js(req(person__surname="Test\u2028escu")), "U+2028 LINE SEPARATOR")
case("name-mixed-latin-cyrillic.json", V, js(req(person__surname="T\u0435st\u0435scu")), "Cyrillic 'е' look-alikes in a Latin surname")
case("name-mixed-latin-greek.json", V, js(req(person__forename="I\u03bfnela")), "a Greek omicron in a Latin forename")
case("name-mixed-hangul-latin.json", V, js(req(person__forename="Min\uc900")), "Hangul and Latin in one word")
case("name-emoji.json", V, js(req(person__forename="Ionela \U0001F600")), "an emoji in a forename")
case("name-emoji-zwj-family.json", V, js(req(person__forename="\U0001F468\u200d\U0001F469\u200d\U0001F467")), "a ZWJ emoji sequence as the forename")
case("name-flag.json", V, js(req(person__surname="Testescu \U0001F1F7\U0001F1F4")), "a flag (regional indicators) in a surname")
case("name-private-use.json", V, js(req(person__surname="Test\ue000escu")), "a private-use character")
case("name-noncharacter.json", V, js(req(person__surname="Test\uffffescu")), "the non-character U+FFFF")
case("name-bom-inside.json", V, js(req(person__surname="Test\ufeffescu")), "a BOM inside a surname")
case("name-markup.json", V, js(req(person__surname="<script>alert(1)</script>")), "markup as a surname")
case("name-zalgo.json", V, js(req(person__forename="I" + "\u0336\u0334" * 120 + "onela")), "a forename buried in 240 combining marks")
case("name-nfd.json", V, js(req(person__surname="Te\u0301stescu")), "a decomposed accent (NFD), which is a real name")
case("name-zero-width-space-only.json", V, js(req(person__surname="\u200b")), "a surname that is only a zero-width space")
case("name-zero-width-inside.json", V, js(req(person__surname="Test\u200bescu")), "a zero-width space inside a surname")
case("name-zwnj-only.json", V, js(req(person__forename="\u200c")), "a forename that is only a zero-width non-joiner")
case("name-hangul-filler-only.json", V, js(req(person__surname="\u3164")), "a surname that is only the Hangul filler")
case("name-persian-zwnj.json", V, js(req(person__forename="\u0645\u0647\u0631\u200c\u0646\u0648\u0634")), "a Persian forename with the ZWNJ it needs (accepted)")
case("name-fullwidth-latin.json", V, js(req(person__surname="\uff34\uff45\uff53\uff54")), "full-width Latin letters")

# ---- dates ----
case("dob-0000-00-00.json", V, js(req(person__dateOfBirth="0000-00-00")), "date of birth 0000-00-00")
case("dob-9999-12-31.json", V, js(req(person__dateOfBirth="9999-12-31")), "date of birth 9999-12-31")
case("dob-2023-02-29.json", V, js(req(person__dateOfBirth="2023-02-29")), "29 February in a common year")
case("dob-2000-02-29.json", V, js(req(person__dateOfBirth="2000-02-29")), "29 February 2000 (a leap year)")
case("dob-fullwidth-digits.json", V, js(req(person__dateOfBirth="\uff11\uff19\uff19\uff11")), "a year in full-width digits")
case("dob-signed-year.json", V, js(req(person__dateOfBirth="+1991-03-14")), "a signed year")
case("dob-datetime.json", V, js(req(person__dateOfBirth="1991-03-14T00:00:00Z")), "a timestamp where a date is expected")
case("today-0000-00-00.json", V, js(req(context__today="0000-00-00")), "today is 0000-00-00")
case("today-9999-12-31.json", V, js(req(context__today="9999-12-31", context__timestamp="9999-12-31T23:59:59Z")), "today is 9999-12-31")
case("arrest-date-0001-01-01.json", V, js(req(uk__arrestDate="0001-01-01")), "arrested in year 1, before the birth")

# ---- identifiers, codes, emails ----
case("pnc-fullwidth-digits.json", V, js(req(uk__pncId="\uff12\uff10\uff11\uff19/0123456E")), "a PNC ID in full-width digits")
case("country-lowercase.json", V, js(req(person__nationalities=["ro"])), "a lower-case nationality code")
case("country-with-space.json", V, js(req(person__nationalities=[" RO "])), "a nationality code with spaces")
case("country-cyrillic-lookalike.json", V, js(req(person__nationalities=["R\u041e"])), "a nationality code with a Cyrillic 'О'")
case("email-with-nul.json", V, js(req(request__officer={"name": "PC Example Officer", "email": "pc\u0000@example.police.uk"})), "a NUL inside the officer's email")
case("email-bidi.json", V, js(req(request__officer={"name": "PC Example Officer", "email": "pc@exam\u202eple.police.uk"})), "a bidi override inside the officer's email")

# ---- the message operations: input that is not a message at all ----
for op, short in [("answerRequestIn", "answer"), ("buildNotificationsOut", "build"), ("checkNotificationIn", "check")]:
    case(f"{short}-empty.json", op, b"", f"{op} with no input")
    case(f"{short}-top-level-array.json", op, b"[]", f"{op} with an empty array")
    case(f"{short}-invalid-utf8.json", op, b'{"x":"\xc3\x28"}', f"{op} with bytes that are not UTF-8")
    case(f"{short}-nesting-10000.gen", op, [['{"a":', 10000], ["1", 1], ["}", 10000]], f"{op} with 10,000 nested objects")
    case(f"{short}-nul.json", op, b"\x00", f"{op} with a NUL byte")

# ---- other operations ----
S = "showRules"
case("show-empty.json", S, b"", "showRules with no input")
case("show-country-null.json", S, b'{"country":null}', "showRules with a null country")
case("show-country-bidi.json", S, js({"country": "P\u202eL"}), "showRules with a bidi override in the code")
case("show-country-10k.gen", S, {"prefix": '{"country":"', "repeat": "X", "times": 10000, "suffix": '"}'}, "showRules with a 10,000-character code")
case("show-country-nul.json", S, b'{"country":"PL\\u0000"}', "showRules with a NUL after the code")
case("show-unknown-field.json", S, b'{"country":"PL","verbose":true}', "showRules with an unknown field")
case("show-invalid-utf8.json", S, b'{"country":"P\xffL"}', "showRules with a byte that is not UTF-8")
case("list-garbage.json", "listRules", b"\x00\x01not json at all", "listRules ignores its input, even garbage")
case("list-invalid-utf8.json", "listRules", b"\xff\xfe", "listRules with bytes that are not UTF-8")
case("op-unknown.json", "ValidateRequestOut", READY, "an operation name in the wrong case")
case("op-bidi.json", "validate\u202eRequestOut", READY, "an operation name with a bidi override")
case("op-long.json", "x" * 300, READY, "a 300-character operation name")
case("op-empty.json", "", READY, "an empty operation name")


def main():
    os.makedirs(OUT, exist_ok=True)
    names = set()
    for name, op, data, note in CASES:
        assert name not in names, name
        names.add(name)
        path = os.path.join(OUT, name)
        if name.endswith(".gen"):
            data = ("[\n" + ",\n".join(json.dumps(p, ensure_ascii=False) for p in data) + "\n]\n").encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
    for stale in set(os.listdir(OUT)) - names:
        os.remove(os.path.join(OUT, stale))
    # The manifest: keep the reviewed columns of existing rows; list cases that have none.
    manifest = os.path.join(HERE, "expected.tsv")
    rows = {}
    if os.path.exists(manifest):
        with open(manifest, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cols = line.rstrip("\n").split("\t")
                rows[cols[0]] = cols
    missing = [(n, op, note) for n, op, _, note in CASES if n not in rows]
    for n, op, note in missing:
        print(f"{n}\t{urllib.parse.quote(op, safe='')}\t?\t?\t?\t{note}")
    print(f"{len(CASES)} cases written to {OUT}; {len(missing)} without an expected row", file=sys.stderr)


if __name__ == "__main__":
    main()
