"""``tealeaves evaluate <stage>``: score one stage against the shared data sets.

The scorers are plain functions in ``tealeaves.evaluate.<stage>``; the commands here parse
the options, call them and print the figures. A scorer module is imported only when its
command is looked up (:class:`LazyGroup`), so a missing heavy dependency of one evaluator
does not break the others or the CLI: the command stands in with a message saying why.
To add an evaluator, write its command here and add one line to :data:`EVALUATORS`.
"""

from __future__ import annotations

import importlib
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .options import json_option, limit_option

if TYPE_CHECKING:
    from ..evaluate.actors import ActorScores
    from ..evaluate.ptc import PtcArticle
    from ..evaluate.rhetoric import CvOptions
    from ..training.rhetoric import CvResult

#: Command name -> the scorer module it needs.
EVALUATORS: dict[str, str] = {
    "actors": "tealeaves.evaluate.actors",
    "sourcing": "tealeaves.evaluate.sourcing",
    "rhetoric": "tealeaves.evaluate.rhetoric",
    "events": "tealeaves.evaluate.events",
    "stance": "tealeaves.evaluate.stance",
    "framing": "tealeaves.evaluate.framing",
    "realnews": "tealeaves.evaluate.realnews",
    "sourcing-kinds": "tealeaves.evaluate.source_kinds",
    "genre": "tealeaves.evaluate.genre",
}

FRAMING_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "entity-framing" / "en"

PTC_TRAIN = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "ptc2020" / "train"
POLNEAR = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "polnear"
REALNEWS_DEV = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "realnews-dev"


class LazyGroup(click.Group):
    """A Click group that imports an evaluator's scorer module when its command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(EVALUATORS) | set(super().list_commands(ctx)))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = EVALUATORS.get(cmd_name)
        if module_name is not None:
            try:
                importlib.import_module(module_name)
            except ImportError as exc:  # one evaluator's missing dependency stays local
                return _unavailable(cmd_name, f"{type(exc).__name__}: {exc}")
        command = super().get_command(ctx, cmd_name)
        if command is None and module_name is not None:
            raise click.ClickException(f"evaluator {cmd_name!r} has no command")
        return command


def _unavailable(name: str, why: str) -> click.Command:
    """A stand-in command that explains why evaluator *name* cannot run here."""

    def fail() -> None:
        raise click.ClickException(f"evaluator {name!r} is unavailable: {why}")

    return click.Command(name, callback=fail, help=f"(unavailable: {why})")


@click.group(cls=LazyGroup)
def evaluate() -> None:
    """Score a stage against the shared annotated data sets (../shared/data)."""


@evaluate.command("actors")
@click.option("--data", "data", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A PolNeAR part (default: ../shared/data/polnear/dev).")
@limit_option()
@click.option("--actors", "actors_file",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra actor knowledge base (YAML).")
@click.option("--sample", type=int, default=0, show_default=True,
              help="Also print N random actor mentions with context for a hand check.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for --sample.")
@click.option("--forms", default="",
              help="Sample only these mention forms (e.g. pronoun,title,epithet).")
@json_option()
def actors(data: Path | None, limit: int | None, actors_file: Path | None, sample: int,
           seed: int, forms: str, as_json: bool) -> None:
    """Recall of PolNeAR Source spans covered by actor mentions, and where mentions fall."""
    from ..evaluate import actors as scorer

    root = data or scorer.default_root()
    if root is None:
        raise click.ClickException("PolNeAR dev data not found; pass --data PATH (…/polnear/dev)")
    wanted = tuple(f.strip() for f in forms.split(",") if f.strip())
    scores, drawn = scorer.evaluate_actors(root, limit=limit, actors_file=actors_file,
                                           sample=sample, seed=seed, forms=wanted)
    if as_json:
        click.echo(json.dumps({**scores.to_dict(), "sample": drawn}, indent=2,
                              ensure_ascii=False))
        return
    _print_actors(scores, root)
    for i, d in enumerate(drawn, 1):
        click.echo(f"{i:>3}. [{d['form']}] {d['text']!r} -> {d['actor']} ({d['kind']}): "
                   f"{d['context']}")


def _print_actors(scores: ActorScores, root: Path) -> None:
    """The text report of :class:`tealeaves.evaluate.actors.ActorScores`."""
    result = scores.to_dict()
    click.echo(f"articles: {result['articles']}  (data: {root})")
    total = sum(scores.gold.values())
    click.echo(f"recall of gold Sources naming/referring to a person or organisation: "
               f"{result['recall']:.3f} ({sum(scores.covered.values())}/{total}; "
               f"{scores.not_scored} anonymous/document/first-person Sources not scored)")
    for cat in sorted(scores.gold):
        click.echo(f"  {cat:<12} {scores.recall(cat):.3f} "
                   f"({scores.covered[cat]}/{scores.gold[cat]})")
    n = sum(scores.mentions.values())
    click.echo(f"actor mentions (person/organization/group): {n}; inside a gold Source: "
               f"{result['mentions_in_gold_source']:.3f}; inside any gold attribution span: "
               f"{result['mentions_in_any_gold_span']:.3f}")
    for form in sorted(scores.mentions):
        click.echo(f"  {form:<8} {scores.mentions[form]:>6}  in gold Source "
                   f"{scores.share(scores.in_source, form):.3f}")


@evaluate.command("sourcing")
@click.argument("root", type=click.Path(exists=True, file_okay=False, path_type=Path))
@limit_option()
@json_option("figures")
@click.option("--no-actors", is_flag=True, help="Skip the actors stage (same figures, faster).")
def sourcing(root: Path, limit: int | None, as_json: bool, no_actors: bool) -> None:
    """Score the sourcing stage against PolNeAR attributions under ROOT."""
    from ..errors import InputError
    from ..evaluate import sourcing as scorer

    t0 = time.perf_counter()
    try:
        result = scorer.evaluate(root, limit, with_actors=not no_actors)
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    click.echo(f"PolNeAR {root}: {result.articles} articles, {result.gold} gold attributions, "
               f"{result.predicted} predicted attributed claims "
               f"({time.perf_counter() - t0:.1f}s)")
    click.echo(f"content  P {result.precision:.3f}  R {result.recall:.3f}  F1 {result.f1:.3f}  "
               f"(matched {result.matched}; overlap >= half of the shorter span)")
    click.echo(f"source accuracy on matched {result.source_accuracy:.3f}   "
               f"cue accuracy on matched {result.cue_accuracy:.3f}")
    click.echo(f"joint    P {result.joint_precision:.3f}  R {result.joint_recall:.3f}  "
               f"F1 {result.joint_f1:.3f}  (content matched and source right)")


@evaluate.command("realnews")
@click.argument("root", type=click.Path(exists=True, file_okay=False, path_type=Path))
@limit_option()
@click.option("--claims-only", is_flag=True,
              help="Run only the actors and sourcing stages (no genre or standing figures).")
@click.option("--texts", "texts", default=None,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of the article texts (NAME.txt), for a set kept without them "
                   "(default: ROOT/articles/); each is checked against the gold's sha256.")
@json_option("figures")
def realnews(root: Path, limit: int | None, claims_only: bool, texts: Path | None,
             as_json: bool) -> None:
    """Claims, kinds, speakers, channels, actors, genre and standing against a real-news set."""
    from ..errors import InputError
    from ..evaluate import realnews as scorer

    try:
        result = scorer.evaluate(root, limit, full=not claims_only, texts=texts)
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    click.echo(f"real news {root}: {result['articles']} articles, {result['gold']} gold "
               f"attributed claims, {result['predicted']} predicted")
    click.echo(f"claims   P {result['precision']:.3f}  R {result['recall']:.3f}  "
               f"F1 {result['f1']:.3f}  (matched {result['matched']})")
    click.echo(f"kind accuracy {result['kind_accuracy']:.3f}   speaker accuracy "
               f"{result['speaker_accuracy']:.3f} (n={result['speaker_n']})   channel accuracy "
               f"{result['channel_accuracy']:.3f} (n={result['channel_n']})")
    _print_per_kind(result["per_kind"])
    if result["actors_gold"]:
        click.echo(f"actor recall {result['actor_recall']:.3f} (n={result['actors_gold']})")
    if result["genre_accuracy"] is not None:
        click.echo(f"genre accuracy {result['genre_accuracy']:.3f}   standing "
                   f"P {result['standing_precision']:.3f}  R {result['standing_recall']:.3f}")


def _print_per_kind(per_kind: dict[str, dict[str, float]]) -> None:
    for kind, v in per_kind.items():
        click.echo(f"  {kind:<19} P {v['precision']:.3f}  R {v['recall']:.3f}  "
                   f"F1 {v['f1']:.3f}  (gold {v['gold']}, predicted {v['predicted']})")


@evaluate.command("sourcing-kinds")
@click.argument("root", required=False,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--part", type=click.Choice(["dev", "train"]), default="dev", show_default=True,
              help="Which label files to read (data/polnear-source-kinds/PART-*.tsv).")
@click.option("--labels", "labels", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Label file(s) to read instead (TSV: file start end kind).")
@limit_option()
@json_option("figures")
def sourcing_kinds(root: Path | None, part: str, labels: tuple[Path, ...], limit: int | None,
                   as_json: bool) -> None:
    """Source-kind accuracy on PolNeAR against the hand labels (default: the dev part)."""
    from ..errors import InputError
    from ..evaluate import source_kinds as scorer

    root = root or POLNEAR / part
    if not root.is_dir():
        raise click.ClickException(f"{root}: no PolNeAR part there; pass it as ROOT")
    try:
        result = scorer.evaluate(root, list(labels) or scorer.label_files(part), limit)
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    src = result["sourcing"]
    click.echo(f"PolNeAR {root}: {result['articles']} labelled articles; {result['matched']} "
               f"matched claims, {result['labelled']} with a labelled gold source")
    click.echo(f"kind accuracy {result['kind_accuracy']:.3f}   (content F1 {src['f1']:.3f}, "
               f"joint F1 {src['joint_f1']:.3f} on these articles)")
    _print_per_kind(result["per_kind"])
    kinds = [k for k in scorer.KINDS]
    click.echo("confusion (rows gold, columns predicted): " + " ".join(k[:8] for k in kinds))
    for g, row in result["confusion"].items():
        click.echo(f"  {g:<19}" + " ".join(f"{row.get(p, 0):>8}" for p in kinds))


@evaluate.command("events")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=Path("../shared/data/plover/gold-records.jsonl"), show_default=True,
              help="PLOVER gold records (jsonl).")
@json_option()
def events(gold: Path, as_json: bool) -> None:
    """Category and actor accuracy of the event extractor on PLOVER gold records."""
    from ..errors import InputError
    from ..evaluate import events as scorer

    try:
        result = scorer.score(scorer.read_gold(gold))
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"records {result['n']}: category accuracy {result['category_accuracy']:.3f} "
               f"(strict {result['category_accuracy_strict']:.3f}); actor accuracy "
               f"{result['actor_accuracy']:.3f} over {result['actor_n']} with a gold source")
    for cat, v in result["per_category"].items():
        click.echo(f"  {cat:<12} {v['correct']}/{v['n']}")


@evaluate.command("stance")
@click.option("--data", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("../shared/data/newsmtsc"), show_default=True,
              help="Folder with the NewsMTSC dev files.")
@json_option()
def stance(data: Path, as_json: bool) -> None:
    """Macro-F1 of the stance model on NewsMTSC dev-rw and dev-mt."""
    from ..errors import InputError
    from ..evaluate import stance as scorer

    try:
        results = scorer.score_dev(data)
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(results, indent=2))
        return
    for r in results:
        click.echo(f"{r['file']}: macro-F1 {r['macro_f1']:.3f}  accuracy {r['accuracy']:.3f}  "
                   f"(n={r['n']})")


@evaluate.command("framing")
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=FRAMING_DATA,
              show_default=True,
              help="SemEval-2025 Task 10 entity-framing folder (annotations.tsv, documents/).")
@click.option("--c", "c", type=float, default=None,
              help="Regularisation C of the role models (default: the shipped model's).")
@json_option("figures")
def framing(data: Path, c: float | None, as_json: bool) -> None:
    """Article-grouped 5-fold CV of the framing model: main-role macro-F1, exact match of the
    fine roles and ECE, beside the majority baseline."""
    from ..errors import InputError
    from ..stages.stance.framing import shipped_meta
    from ..training import framing as trainer

    meta = shipped_meta()
    try:
        fig = trainer.evaluate(data, c if c is not None else float(meta.get("C", 0.01)),
                               meta.get("class_weight", "balanced"),
                               float(meta.get("gate_C", 0.003)))
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(fig, indent=2))
        return
    click.echo(f"{fig['n']} mentions, 5 folds grouped by article (C={fig['C']}, "
               f"class weight {fig['class_weight']})")
    click.echo(f"main role macro-F1 {fig['main_role_macro_f1']:.3f} (majority "
               f"{fig['baseline_main_role_macro_f1']:.3f}), accuracy {fig['main_role_accuracy']:.3f}")
    click.echo(f"fine roles exact match {fig['exact_match']:.3f} (majority "
               f"{fig['baseline_exact_match']:.3f})")
    click.echo(f"ECE of the main role's confidence {fig['ece']:.3f}")
    g = fig["gate"]
    click.echo(f"cast-or-not gate at {g['threshold']}: accuracy {g['accuracy']:.3f}, cast "
               f"recall {g['cast_recall']:.3f}, precision {g['cast_precision']:.3f}, "
               f"ECE {g['ece']:.3f} (n={g['n']})")


@evaluate.command("rhetoric")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              default=PTC_TRAIN, show_default=True,
              help="PTC training folder (articles/ and train-task2-TC.labels).")
@click.option("--folds", default=5, show_default=True, help="Number of article-grouped folds.")
@click.option("--max-folds", type=int, default=None, help="Run only the first N folds (quicker).")
@limit_option("Use only the first N articles (quicker).")
@click.option("--no-si", is_flag=True, help="Skip span identification (TC only: fast).")
@click.option("--no-tc", is_flag=True, help="Skip technique classification.")
@click.option("--crf-only", is_flag=True,
              help="Span identification by the CRF alone (no MiniLM fine-tuning, no torch).")
@click.option("--cache", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="spaCy DocBin file to reuse parses from (written if missing).")
@click.option("--enc-cache", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="pickle of the articles' MiniLM sentence encodings to reuse "
              "(written if missing).")
@click.option("--probs-cache", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="pickle of each fold's token probabilities: rerunning with it decodes again "
              "without retraining (written as folds finish; ignored if the folds or settings "
              "differ).")
@click.option("--tc-blocks", default=None,
              help="comma-separated embedding blocks of the technique classifier "
              "(span_text, sent_text, span_state, sent_vec; default: the shipped ones).")
@click.option("--tc-c", type=float, default=None,
              help="inverse regularisation of the technique classifier (default: the shipped "
              "one).")
@click.option("--tagger-graph", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=None,
              help="span tagger graph with hidden-state outputs (python -m "
              "tealeaves.training.tagger_states) for the tagK_span/tagK_sent/tagK_edges blocks.")
@json_option("figures")
def rhetoric(data_dir: Path, folds: int, max_folds: int | None, limit: int | None, no_si: bool,
             no_tc: bool, crf_only: bool, cache: Path | None, enc_cache: Path | None,
             probs_cache: Path | None, tc_blocks: str | None, tc_c: float | None,
             tagger_graph: Path | None, as_json: bool) -> None:
    """Cross-validate the rhetoric stage on the PTC (SemEval-2020 Task 11) training articles."""
    from ..evaluate import rhetoric as scorer

    options = _rhetoric_options(folds=folds, max_folds=max_folds, si=not no_si, tc=not no_tc,
                                crf_only=crf_only, tc_blocks=tc_blocks, tc_c=tc_c, cache=cache,
                                enc_cache=enc_cache, probs_cache=probs_cache,
                                tagger_graph=tagger_graph)
    articles = _ptc_articles(data_dir, limit, folds)
    res = scorer.cross_validate_ptc(articles, options, progress=lambda m: click.echo(m, err=True))
    figures = scorer.figures(res, len(articles), options)
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    _print_rhetoric(res, figures, options)


def _rhetoric_options(*, tc_blocks: str | None, **given: Any) -> CvOptions:
    """The cross-validation's options, checked: known blocks, torch where needed, 2+ folds."""
    from ..evaluate import rhetoric as scorer

    try:
        blocks = scorer.parse_blocks(tc_blocks)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--tc-blocks") from exc
    options = scorer.CvOptions(tc_blocks=blocks, **given)
    if scorer.lacks_torch(options):
        raise click.ClickException(
            "span identification fine-tunes MiniLM in every fold, which needs the training "
            "extra: pip install -e '.[train]' (or pass --crf-only, or --no-si)")
    if options.folds < 2:
        raise click.BadParameter("need at least 2 folds", param_hint="--folds")
    return options


def _ptc_articles(data_dir: Path, limit: int | None, folds: int) -> list[PtcArticle]:
    """The PTC articles to cross-validate on: at least one per fold."""
    from ..errors import InputError
    from ..evaluate import rhetoric as scorer

    try:
        articles = scorer.read_articles(data_dir, limit=limit)
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    if len(articles) < folds:
        raise click.BadParameter(f"only {len(articles)} articles for {folds} folds")
    return articles


def _print_rhetoric(res: CvResult, figures: dict[str, Any], options: CvOptions) -> None:
    click.echo(f"articles: {figures['articles']}, folds: {figures['folds_run']} of "
               f"{options.folds}")
    if options.si:
        click.echo(
            f"SI  precision {res.si.precision:.3f}  recall {res.si.recall:.3f}  F1 {res.si.f1:.3f}"
            "  (CRF weight and thresholds chosen on the other folds)"
        )
        top = sorted(res.si_by_setting.items(), key=lambda kv: -kv[1].f1)[:10]
        click.echo("    best settings pooled over the folds (--json lists all):")
        for (w, t, lo), v in top:
            click.echo(f"    CRF weight {w:.2f}, threshold {t:.2f}, low {lo:.3f}:"
                       f" P {v.precision:.3f} R {v.recall:.3f} F1 {v.f1:.3f}")
    if options.tc:
        click.echo(f"TC  micro-F1 {res.tc.f1:.3f} (gold spans)")
        for name, v in sorted(res.tc_per_technique.items(), key=lambda kv: -kv[1].f1):
            click.echo(f"    {name:<40} F1 {v.f1:.3f}")
    click.echo(f"time: {res.seconds:.0f} s")


@evaluate.command("genre")
@click.option("--gold", "gold_dir", type=click.Path(file_okay=False, path_type=Path),
              default=REALNEWS_DEV, show_default=True,
              help="Folder with articles/*.txt and gold/*.json holding a \"genre\".")
@click.option("--cv", is_flag=True,
              help="Cross-validate on all hand-labelled articles instead (parses ~750 "
              "articles: about ten minutes).")
@click.option("--genre-cache", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="With --cv: folder to keep the parsed articles in (reused if present).")
@click.option("--calibration", type=click.Choice(["isotonic", "platt"]), default=None,
              help="With --cv: the calibration map fitted in each fold (default: the "
              "shipped model's).")
@json_option()
def genre(gold_dir: Path, cv: bool, genre_cache: Path | None, calibration: str | None,
          as_json: bool) -> None:
    """Genre accuracy, per-class precision/recall and calibration (ECE)."""
    from ..errors import InputError, ModelError
    from ..evaluate import genre as scorer

    rows: list[dict[str, Any]] = []
    try:
        if cv:
            from ..nlp import load_model
            from ..stages.rhetoric.genre import load_genre_model
            from ..stages.rhetoric.genre.reading import Reading
            from ..training.genre import build_genre
            from ..training.genre_fit import Procedure

            shipped = load_genre_model()  # its features, C, sentence reading and map
            scores = build_genre(load_model(), cache=genre_cache,
                                 method=calibration or shipped["calibration"]["method"],
                                 procedure=Procedure.of_model(shipped),
                                 reading=Reading.of_model(shipped)).scores
        else:
            scores, rows = scorer.score_folder(gold_dir)
    except (InputError, ModelError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps({**scores.to_dict(), "articles": rows}, indent=2))
        return
    click.echo(f"articles: {scores.n}  accuracy {scores.accuracy:.3f}  "
               f"(majority class {scores.majority:.3f})  ECE {scores.ece}")
    for name, c in scores.classes.items():
        click.echo(f"  {name:<10} precision {c.precision:.3f}  recall {c.recall:.3f}  "
                   f"(gold {c.gold}, predicted {c.predicted})")
    for r in rows:
        mark = "ok " if r["gold"] == r["label"] else "ERR"
        click.echo(f"  {mark} {r['article']}: {r['label']} {r['confidence']:.2f} "
                   f"(gold {r['gold']})")


def register(cli: click.Group) -> None:
    """Add this package's commands to the top-level CLI group."""
    cli.add_command(evaluate)
