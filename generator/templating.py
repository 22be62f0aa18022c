"""Templates: the one Jinja environment and the one lookup, a user's template directory first, built-ins last."""

from __future__ import annotations

import contextlib
import hashlib
import io
import marshal
import os
import sys
import types
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

import jinja2
from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, select_autoescape
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from generator.cache import fetch, keep
from generator.cache import folder as cache_folder
from generator.errors import EcplanError, TemplateError, TemplateNotFoundError
from generator.formatting import amount, break_title, count_cn, date_cn, join_cn, led_by, month_cn, num, sentence
from generator.sandbox import LimitedSandbox, limited
from generator.sandbox_filters import bounded_filters
from generator.sandbox_output import CODE_VERSION, OutputTooLong
from generator.sandbox_sizes import TooLarge


@lru_cache(maxsize=None)
def builtin_dir() -> Path:
    """The templates shipped with ecplan (the repository's ``templates/``, installed as generator.builtin_templates)."""
    installed = Path(__file__).resolve().parent / "builtin_templates"
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent / "templates"


def search_path(template_dir: str | Path | None = None) -> list[Path]:
    return ([Path(template_dir)] if template_dir else []) + [builtin_dir()]


def available(template_dir: str | Path | None = None) -> list[str]:
    names: set[str] = set()
    for directory in search_path(template_dir):
        if directory.is_dir():
            names |= {p.relative_to(directory).as_posix() for p in directory.rglob("*")
                      if p.suffix in (".docx", ".j2") and inside(directory, p) and p.is_file()}
    return sorted(names)


def inside(root: Path, path: Path) -> bool:
    """Whether ``path``, its links followed, is within ``root`` (its links followed too): a client's template
    directory holding a link to /etc must not reach /etc."""
    real_root = os.path.realpath(root)
    return os.path.realpath(path).startswith(real_root.rstrip(os.sep) + os.sep)


def find_template(name: str, template_dir: str | Path | None = None) -> Path:
    """The first ``name`` along the search path, inside its directory; a not-found error lists what exists."""
    for directory in search_path(template_dir):
        candidate = directory / name
        if inside(directory, candidate) and candidate.is_file():
            return candidate
    raise TemplateNotFoundError(name, [str(d) for d in search_path(template_dir)], available(template_dir))


class _ConfinedLoader(FileSystemLoader):
    """Jinja's file loader, taking only regular files that lie inside a template directory once links are
    followed (Jinja itself already refuses ``..``)."""

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
        for root in self.searchpath:
            path = Path(root, *split_template_path(template))
            if inside(Path(root), path) and path.is_file():
                return _read_source(path)
        raise TemplateNotFound(template)


def _read_source(path: Path) -> tuple[str, str, Any]:
    mtime = path.stat().st_mtime
    return path.read_text(encoding="utf-8"), str(path), lambda: path.stat().st_mtime == mtime


class _Environment(LimitedSandbox):
    """The sandbox, compiling each template source once: in memory for the process (a batch worker renders many
    plans from one template) and on disk between runs (``ECPLAN_CACHE_DIR``), keyed by the source itself."""

    def __init__(self, *args: Any, code_dir: Path | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.code_dir = code_dir
        self.compiled: dict[str, Any] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        key = hashlib.sha256(f"{_CODE_VERSION}\n{source}".encode("utf-8", "surrogatepass")).hexdigest()
        code = self.compiled.get(key) or self._load_code(key)
        if code is None:
            code = self.compile(source)
            self._store_code(key, code)
        self.compiled[key] = code
        cls = template_class or self.template_class
        return cls.from_code(self, code, self.make_globals(globals), None)

    def _load_code(self, key: str) -> Any:
        """Compiled code from the cache: only what ecplan kept there itself (authenticated), and only code."""
        data = fetch(self.code_dir, f"{key}.code") if self.code_dir is not None else None
        try:
            code = marshal.loads(data) if data is not None else None
        except (ValueError, EOFError, TypeError):
            return None
        return code if isinstance(code, types.CodeType) else None

    def _store_code(self, key: str, code: Any) -> None:
        if self.code_dir is not None:
            keep(self.code_dir, f"{key}.code", marshal.dumps(code))


_CODE_VERSION = f"{sys.version}:jinja2-{jinja2.__version__}:{CODE_VERSION}"


class _BytecodeCache(jinja2.BytecodeCache):
    """Jinja's cache of compiled file templates (summary parts, Markdown), best effort: never an error."""

    def __init__(self, folder: Path):
        self.folder = folder

    def get_source_checksum(self, source: str) -> str:
        """The source's checksum, with the way ecplan compiles it: code compiled another way is never loaded."""
        return super().get_source_checksum(f"{_CODE_VERSION}\n{source}")

    def load_bytecode(self, bucket: Any) -> None:
        data = fetch(self.folder, f"{bucket.key}.jinja")
        try:
            if data is not None:
                bucket.load_bytecode(io.BytesIO(data))
        except (ValueError, EOFError, TypeError):
            bucket.reset()
        if bucket.code is not None and not isinstance(bucket.code, types.CodeType):
            bucket.reset()

    def dump_bytecode(self, bucket: Any) -> None:
        buffer = io.BytesIO()
        bucket.write_bytecode(buffer)
        keep(self.folder, f"{bucket.key}.jinja", buffer.getvalue())


def _code_dir() -> Path | None:
    return cache_folder("templates")


@lru_cache(maxsize=8)
def _environment(paths: tuple[str, ...]) -> SandboxedEnvironment:
    code_dir = _code_dir()
    env = _Environment(
        code_dir=code_dir,
        bytecode_cache=_BytecodeCache(code_dir) if code_dir is not None else None,
        loader=_ConfinedLoader(list(paths)),
        undefined=StrictUndefined,
        # Text and Markdown templates produce plain text; everything else (the .docx XML) is escaped.
        autoescape=select_autoescape(disabled_extensions=("txt.j2", "md.j2"), default_for_string=True, default=True),
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(bounded_filters(dict(
        num=num, date_cn=date_cn, month_cn=month_cn, join_cn=join_cn, led_by=led_by, sentence=sentence,
        count_cn=count_cn, amount=lambda value, unit: amount(value, unit), break_title=break_title)))
    return env


def environment(template_dir: str | Path | None = None) -> SandboxedEnvironment:
    """The sandboxed environment (StrictUndefined, autoescape, the project's filters) for this search path."""
    return _environment(tuple(str(p) for p in search_path(template_dir)))


@contextlib.contextmanager
def template_errors(name: str, *, where: Callable[[Any], str] = lambda exc: f"第{exc.lineno}行",
                    undefined: Callable[[], None] | None = None,
                    at: Callable[[str, int], str] | None = None) -> Iterator[None]:
    """A template's mistakes as TemplateError naming the template, the place of a syntax error (``where``) and the
    cause; ``undefined`` may name a missing variable more precisely, and ``at`` places a mistake made while
    rendering from the template file and line Jinja reports (by default, the line). A template that runs too long,
    or makes or generates too much, is stopped."""
    try:
        with limited(name):
            yield
    except EcplanError:
        raise
    except jinja2.exceptions.UndefinedError as exc:
        if undefined is not None:
            undefined()
        raise TemplateError(name, f"模板使用了不存在的内容：{exc.message}") from None
    except OutputTooLong as exc:
        raise TemplateError(name, f"{exc}，已停止（上限可用环境变量 ECPLAN_TEMPLATE_OUTPUT 调整）。",
                            _place(exc, name, at)) from None
    except TooLarge as exc:
        raise TemplateError(name, f"{exc}，已停止。", _place(exc, name, at)) from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(name, f"模板试图执行不允许的操作（{exc}），已停止。") from None
    except jinja2.exceptions.TemplateSyntaxError as exc:
        raise TemplateError(name, f"模板语法错误：{exc.message}", where(exc)) from None
    except MemoryError:
        raise TemplateError(name, "模板运行时占用的内存过多（可能在生成极长的文字），已停止。") from None
    except Exception as exc:   # whatever a filter, a method or an operator raised: the template's mistake
        raise TemplateError(name, f"渲染失败：{_cause(exc)}", _place(exc, name, at)) from None


#: what Python's exceptions mean in a template (the order matters: a subclass before its base)
_CAUSES = ((ZeroDivisionError, "除数为零"), (OverflowError, "数值超出范围"), (RecursionError, "递归过深"),
           (AttributeError, "值没有这个属性或方法"), (IndexError, "下标超出范围"), (KeyError, "没有这个键"),
           (TypeError, "值的类型不适用"), (ValueError, "值无效"), (AssertionError, "参数不合要求"))


def _cause(exc: Exception) -> str:
    meaning = next((text for kind, text in _CAUSES if isinstance(exc, kind)), None)
    return f"{meaning}（{exc}）" if meaning else str(exc) or type(exc).__name__


def _place(exc: BaseException, name: str, at: Callable[[str, int], str] | None) -> str | None:
    """Where in the template a render failed: the innermost frame Jinja put in the traceback for template code."""
    found = None
    frame = exc.__traceback__
    while frame is not None:
        if "__jinja_exception__" in frame.tb_frame.f_globals:
            found = (str(frame.tb_frame.f_globals.get("__file__") or ""), frame.tb_lineno)
        frame = frame.tb_next
    if found is None:
        return None
    file, line = found
    if at is not None:
        return at(file, line) or None
    return f"第{line}行" if file.replace(os.sep, "/").endswith(name) else f"{Path(file).name} 第{line}行"


def render_text(name: str, values: dict[str, Any], template_dir: str | Path | None = None) -> str:
    """Renders a text template by name; its mistakes come back as TemplateError naming the template and line."""
    find_template(name, template_dir)
    with template_errors(name):
        return environment(template_dir).get_template(name).render(values)
