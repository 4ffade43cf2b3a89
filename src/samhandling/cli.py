"""The ``samhandling`` command: a thin shell over the library.

Each sub-command opens a map, calls one library function and prints the result.
Library errors are turned into Norwegian sentences on stderr with exit code 2 in
exactly one place (:func:`main`); no Python traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from samhandling.errors import MapFileError, SamhandlingError
from samhandling.gcpause import gc_paused
from samhandling.i18n import counted, t

__all__ = ["main", "build_parser"]

EXIT_OK = 0
EXIT_INPUT = 2
EXIT_BUG = 1


class _UsageError(SamhandlingError):
    """The command line itself is wrong (argparse's complaint, in Norwegian)."""


# argparse's own complaints (English, from its gettext catalogue) -> our Norwegian texts.
_ARGPARSE_ERRORS = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"), "required"),
    (re.compile(r"unrecognized arguments: (?P<names>.+)"), "unrecognized"),
    (re.compile(r"argument (?P<name>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
     "invalid_choice"),
    (re.compile(r"argument (?P<name>\S+): invalid \w+ value: (?P<value>.+)"), "invalid_value"),
    (re.compile(r"argument (?P<name>\S+): expected one argument"), "expected_one"),
    (re.compile(r"argument (?P<name>\S+): (?P<message>.+)"), "argument"),
)


def _norwegian(message: str) -> str:
    """argparse's error ``message`` in Norwegian (unchanged when it is not one we know)."""
    for pattern, key in _ARGPARSE_ERRORS:
        found = pattern.fullmatch(message)
        if found:
            return t(f"cli.argparse.{key}", **found.groupdict())
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        # argparse passes prefix="" when it builds a sub-command's name: keep that.
        super().add_usage(usage, actions, groups,
                          prefix=t("cli.argparse.usage_prefix") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """An argument parser that speaks Norwegian: help, headings and errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = t("cli.argparse.positionals")
        self._optionals.title = t("cli.argparse.options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=t("cli.argparse.help"))

    def error(self, message: str) -> NoReturn:  # argparse calls this on bad usage
        raise _UsageError(t("cli.usage_error", message=_norwegian(message)))


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.bad_date", value=value)) from None


def _number_in(low: float, high: float, kind: type = float) -> Any:
    """An argparse type: a finite number from ``low`` to ``high`` (``nan``, ``inf`` and ``1e999`` are refused)."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except (ValueError, OverflowError):
            raise argparse.ArgumentTypeError(t("cli.number_out_of_range", value=text, low=low, high=high)) from None
        if not math.isfinite(value) or not low <= value <= high:
            raise argparse.ArgumentTypeError(t("cli.number_out_of_range", value=text, low=low, high=high))
        return value

    return parse


def _add_thresholds(parser: argparse.ArgumentParser) -> None:
    from samhandling.analysis import Thresholds

    defaults = Thresholds()
    parser.add_argument(
        "--forum-overlap-jaccard", type=_number_in(0, 1), default=defaults.forum_overlap_jaccard,
        help=t("cli.help.forum_overlap_jaccard", default=defaults.forum_overlap_jaccard),
    )
    parser.add_argument(
        "--forum-overlap-min-shared", type=_number_in(0, 10_000, int), default=defaults.forum_overlap_min_shared,
        help=t("cli.help.forum_overlap_min_shared", default=defaults.forum_overlap_min_shared),
    )
    parser.add_argument(
        "--initiative-overlap-jaccard", type=_number_in(0, 1), default=defaults.initiative_overlap_jaccard,
        help=t("cli.help.initiative_overlap_jaccard", default=defaults.initiative_overlap_jaccard),
    )
    parser.add_argument(
        "--meeting-overload-hours", type=_number_in(0, 10_000), default=defaults.meeting_overload_hours,
        help=t("cli.help.meeting_overload_hours", default=defaults.meeting_overload_hours),
    )
    parser.add_argument("--today", type=_iso_date, default=None, help=t("cli.help.today"))
    parser.add_argument("--praksis", action="store_true", help=t("cli.help.praksis"))


def _thresholds(args: argparse.Namespace) -> Any:
    from samhandling.analysis import Thresholds

    return Thresholds(
        forum_overlap_jaccard=args.forum_overlap_jaccard,
        forum_overlap_min_shared=args.forum_overlap_min_shared,
        initiative_overlap_jaccard=args.initiative_overlap_jaccard,
        meeting_overload_hours=args.meeting_overload_hours,
        today=args.today,
        practice_rules=args.praksis,
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``samhandling`` command."""
    parser = _Parser(prog="samhandling", description=t("cli.description"))
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser,
                                     title=t("cli.argparse.commands"), metavar="KOMMANDO")

    validate = commands.add_parser("validate", help=t("cli.help.validate"), description=t("cli.help.validate"))
    validate.add_argument("file", metavar="KART", help=t("cli.help.file"))

    analyze = commands.add_parser("analyze", help=t("cli.help.analyze"), description=t("cli.help.analyze"))
    analyze.add_argument("file", metavar="KART", help=t("cli.help.file"))
    analyze.add_argument("--json", action="store_true", help=t("cli.help.json"))
    _add_thresholds(analyze)

    compare = commands.add_parser("compare", help=t("cli.help.compare"), description=t("cli.help.compare"))
    compare.add_argument("before", metavar="FØR", help=t("cli.help.before"))
    compare.add_argument("after", metavar="ETTER", help=t("cli.help.after"))
    compare.add_argument("--json", action="store_true", help=t("cli.help.json"))
    _add_thresholds(compare)

    draw = commands.add_parser("map", help=t("cli.help.map"), description=t("cli.help.map"))
    draw.add_argument("file", metavar="KART", help=t("cli.help.file"))
    draw.add_argument("-o", "--output", metavar="FIL", required=True, help=t("cli.help.output"))
    draw.add_argument("--view", choices=["to_modus", "aktorer"], default="to_modus", help=t("cli.help.view"))
    draw.add_argument("--ikke-grupper", dest="no_groups", action="store_true", help=t("cli.help.no_groups"))

    report = commands.add_parser("report", help=t("cli.help.report"), description=t("cli.help.report"))
    report.add_argument("file", metavar="KART", help=t("cli.help.file"))
    report.add_argument("--compare", metavar="ETTER", default=None, help=t("cli.help.compare_to"))
    report.add_argument("-o", "--output", metavar="FIL", required=True, help=t("cli.help.report_output"))
    _add_thresholds(report)

    export = commands.add_parser("export", help=t("cli.help.export"), description=t("cli.help.export"))
    export.add_argument("file", metavar="KART", help=t("cli.help.file"))
    export.add_argument(
        "--to", required=True, choices=["graphml", "gexf", "kumu", "xlsx", "yaml"], help=t("cli.help.to")
    )
    export.add_argument("-o", "--output", metavar="FIL", required=True, help=t("cli.help.output"))

    vei = commands.add_parser("vei", help=t("cli.help.vei"), description=t("cli.help.vei"))
    vei.add_argument("file", metavar="KART", help=t("cli.help.file"))
    vei.add_argument("--fra", required=True, metavar="START", help=t("cli.help.fra"))
    vei.add_argument("--alder", required=True, metavar="ÅR", help=t("cli.help.alder"))
    vei.add_argument("--tema", default="", metavar="TEMA", help=t("cli.help.tema"))
    vei.add_argument("--json", action="store_true", help=t("cli.help.json"))

    template = commands.add_parser("template", help=t("cli.help.template"), description=t("cli.help.template"))
    template.add_argument("-o", "--output", metavar="FIL", required=True, help=t("cli.help.output"))
    return parser


def _load(path: str) -> Any:
    from samhandling.io import load_map

    result = load_map(path)
    for problem in result.warnings:
        print(t("cli.warning", problem=problem), file=sys.stderr)
    return result.map


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _stream_json(parts: Iterable[tuple[str, Any]]) -> None:
    """Write a JSON object part by part; a list value is written item by item.

    A country-size analysis has hundreds of thousands of findings: each is encoded
    and written on its own, so the whole text is never held in memory.
    """
    out = sys.stdout
    # One encoder for every item: json.dumps with options builds a new one per call (~3 µs
    # of half a million findings' time); the text is the same.
    encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
    out.write("{")
    for i, (key, value) in enumerate(parts):
        out.write(("," if i else "") + "\n  " + json.dumps(key) + ": ")
        if isinstance(value, Iterator | list):
            out.write("[")
            for j, item in enumerate(value):
                out.write(("," if j else "") + "\n    " + encode(item))
            out.write("\n  ]")
        else:
            out.write(encode(value))
    out.write("\n}\n")


class _Streamed(dict):
    """A JSON object that :func:`_print_json_streamed` writes key by key (its values may be iterators)."""


def _print_json_streamed(value: Any) -> None:
    """Write ``value`` exactly as :func:`_print_json` would, without building it whole.

    ``value`` is a :class:`_Streamed` object whose values may be iterators (written as
    JSON arrays, item by item) or further :class:`_Streamed` objects; everything else is
    encoded as ``json.dump(..., indent=2)`` encodes it. The text is the same byte for
    byte: an encoded value holds no raw newline (JSON escapes them in strings), so
    indenting it for its depth is adding spaces after each newline.
    """
    write = sys.stdout.write
    # json.dumps with an indent builds its encoder from closures that refer to each other:
    # one reference cycle per call. With the collector paused (main), half a million
    # calls would leave gigabytes of them, so the young objects are collected every
    # 1,024 values, with everything made before frozen out of the collector's way.
    paused = not gc.isenabled()
    encoded = [0]

    def encode(item: Any, level: int) -> None:
        pad = "\n" + "  " * (level + 1)
        if isinstance(item, _Streamed):
            if not item:
                write("{}")
                return
            for i, (key, inner) in enumerate(item.items()):
                write(("," if i else "{") + pad + json.dumps(key, ensure_ascii=False) + ": ")
                encode(inner, level + 1)
            write("\n" + "  " * level + "}")
        elif isinstance(item, Iterator):
            empty = True
            for inner in item:
                write(("[" if empty else ",") + pad)
                encode(inner, level + 1)
                empty = False
            write("[]" if empty else "\n" + "  " * level + "]")
        else:
            text = json.dumps(item, ensure_ascii=False, indent=2, default=str)
            write(text.replace("\n", "\n" + "  " * level) if level else text)
            encoded[0] += 1
            if paused and not encoded[0] % 1024:
                gc.collect(0)

    if paused:
        gc.freeze()
    try:
        encode(value, 0)
    finally:
        if paused:
            gc.collect(0)
            gc.unfreeze()
    write("\n")


def _print_lines(lines: Iterable[str]) -> None:
    write = sys.stdout.write
    for line in lines:
        write(line + "\n")


# Set by run(): the big objects of the command, left for the end of the process to free.
_KEPT: list[Any] | None = None


def _keep(*objects: Any) -> None:
    """Keep ``objects`` alive until :func:`run` ends the process (a no-op when called as a library)."""
    if _KEPT is not None:
        _KEPT.extend(objects)


def _cmd_validate(args: argparse.Namespace) -> int:
    cmap = _load(args.file)
    print(t("cli.file_loads", **counted(cmap.counts())))
    return EXIT_OK


def _cmd_analyze(args: argparse.Namespace) -> int:
    from samhandling.analysis import analyze
    from samhandling.analysis.summary import analysis_lines

    cmap = _load(args.file)
    result = analyze(cmap, _thresholds(args))
    _keep(cmap, result)
    if args.json:
        _stream_json([
            ("map", dict(result.metrics.get("map", {}))),
            ("problems", (p.to_dict() for p in result.problems)),
            ("findings", (f.to_dict() for f in result.findings)),
            ("metrics", result.metrics),
        ])
    else:
        _print_lines(analysis_lines(cmap, result, source=Path(args.file).name))
    return EXIT_OK


def _cmd_compare(args: argparse.Namespace) -> int:
    from samhandling.analysis import compare
    from samhandling.analysis.summary import comparison_lines

    before, after = _load(args.before), _load(args.after)
    result = compare(before, after, _thresholds(args))
    _keep(before, after, result)
    if args.json:
        # The layout of Comparison.to_dict(), written as it is made: a country map's
        # half a million findings as dicts and text would be over 1 GB.
        _print_json_streamed(_Streamed(
            actors=result.actors,
            forums=result.forums,
            memberships=result.memberships,
            relations=result.relations,
            routines=result.routines,
            problems=_Streamed(
                resolved=(p.to_dict() for p in result.problems_resolved),
                new=(p.to_dict() for p in result.problems_new),
                remaining=({**p.to_dict(), "resolved_findings": list(gone)} for p, gone in result.problems_remaining),
            ),
            findings=_Streamed(
                resolved=(f.to_dict() for f in result.resolved),
                new=(f.to_dict() for f in result.new),
                remaining=(f.to_dict() for f in result.remaining),
            ),
            metrics=_Streamed(before=result.before.metrics, after=result.after.metrics),
        ))
    else:
        _print_lines(comparison_lines(before, after, result, Path(args.before).name, Path(args.after).name))
    return EXIT_OK


def _check_folder(path: str) -> None:
    """Refuse an output path whose folder does not exist (no folders are made unasked)."""
    folder = Path(path).parent
    if not folder.is_dir():
        raise SamhandlingError(t("cli.no_folder", path=path, folder=folder))


def _write_bytes(path: str, data: bytes) -> None:
    from samhandling.io.atomic import write_bytes_atomic

    _check_folder(path)
    try:
        write_bytes_atomic(Path(path), data)
    except OSError as error:
        raise SamhandlingError(t("cli.cannot_write", path=path, reason=error.strerror or error)) from None
    print(t("cli.written", path=path), file=sys.stderr)


def _cmd_map(args: argparse.Namespace) -> int:
    from samhandling.analysis import analyze
    from samhandling.maps import GROUP_ABOVE, render_map_html

    _check_folder(args.output)
    cmap = _load(args.file)
    view = "actors" if args.view == "aktorer" else "two_mode"
    group_above = 10**9 if args.no_groups else GROUP_ABOVE  # grouped pages open a clicked group by themselves
    html = render_map_html(cmap, view=view, analysis=analyze(cmap), group_above=group_above)
    _write_bytes(args.output, html.encode("utf-8"))
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from samhandling.report import write_report

    suffix = Path(args.output).suffix.lower()
    if suffix not in (".docx", ".html"):
        raise SamhandlingError(t("cli.report_suffix", suffix=suffix or "(ingen)"))
    _check_folder(args.output)
    cmap = _load(args.file)
    after = _load(args.compare) if args.compare else None
    try:
        write_report(cmap, args.output, compare_to=after, thresholds=_thresholds(args))
    except OSError as error:
        raise SamhandlingError(t("cli.cannot_write", path=args.output, reason=error.strerror or error)) from None
    print(t("cli.written", path=args.output), file=sys.stderr)
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    _check_folder(args.output)
    cmap = _load(args.file)
    if args.to in ("xlsx", "yaml"):
        from samhandling.io import map_to_bytes

        data = map_to_bytes(cmap, args.to)
    else:
        from samhandling.io.exchange import export_bytes

        data = export_bytes(cmap, args.to)
    _write_bytes(args.output, data)
    return EXIT_OK


def _cmd_vei(args: argparse.Namespace) -> int:
    from samhandling.analysis.pathway import find_pathway, start_actors
    from samhandling.analysis.pathway_text import pathway_lines

    age = args.alder.strip()
    if not age.isdigit() or not 0 <= int(age) <= 24:
        raise SamhandlingError(t("cli.vei.bad_age", value=args.alder))
    cmap = _load(args.file)
    if not start_actors(cmap, args.fra):
        raise SamhandlingError(t("cli.vei.unknown_start", value=args.fra, source=Path(args.file).name))
    path = find_pathway(cmap, args.fra, int(age), args.tema.strip())
    if args.json:
        _print_json(path.to_dict())
    else:
        _print_lines(pathway_lines(cmap, path))
    return EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    from samhandling.io import template_bytes

    _write_bytes(args.output, template_bytes())
    return EXIT_OK


_COMMANDS = {
    "validate": _cmd_validate,
    "analyze": _cmd_analyze,
    "compare": _cmd_compare,
    "map": _cmd_map,
    "template": _cmd_template,
    "report": _cmd_report,
    "export": _cmd_export,
    "vei": _cmd_vei,
}


def _report_map_error(error: MapFileError) -> None:
    if len(error.problems) == 1 and error.problems[0].table is None:  # the file as a whole: one sentence
        print(error.problems[0], file=sys.stderr)
        return
    print(t("cli.error_heading", source=error.source or "", count=len(error.problems)), file=sys.stderr)
    for problem in error.problems:
        print(t("cli.error_line", problem=problem), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 2 bad input, 1 a bug of ours)."""
    try:
        args = build_parser().parse_args(argv)
        # One command, then the process ends: the cyclic collector stays paused while a
        # map is loaded, analysed and written. Its passes over the millions of objects a
        # country map makes (none in cycles) cost ~9 s of the 26 s of `analyze` there;
        # reference counting frees everything as usual.
        with gc_paused():
            return _COMMANDS[args.command](args)
    except MapFileError as error:
        _report_map_error(error)
        return EXIT_INPUT
    except SamhandlingError as error:
        print(str(error), file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`samhandling analyze … | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # noqa: BLE001 - the one place that keeps tracebacks from users
        print(t("cli.unexpected", kind=type(error).__name__, message=error), file=sys.stderr)
        return EXIT_BUG


def run() -> NoReturn:
    """The ``samhandling`` command: :func:`main`, then the end of the process.

    After ``analyze`` or ``compare`` of a country-size map, freeing its millions of
    objects one by one would take a second or more of a run that has already printed
    everything: the output is flushed and the process ends at once. Other commands end
    as usual.
    """
    global _KEPT
    _KEPT = []
    # The process ends after one command, which main() runs with the cyclic collector paused.
    # Off here too, so the end of that pause does not start a collection: after a country map
    # the first one walks the millions of objects kept above (~1 s), just before the exit.
    gc.disable()
    code = main()
    if not _KEPT:
        sys.exit(code)
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away: as main() does, stop quietly
        pass
    except OSError:
        code = code or EXIT_BUG
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
