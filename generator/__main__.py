"""``python -m generator`` and the ``ecplan`` command: a PDF command is handed to the long-lived office's warm
renderer when one is running (``office_render``), else — and every other command — run here."""

import gc
import sys


def main() -> None:
    try:
        _run()
    finally:
        # What the command built is left to the operating system: Python's exit would otherwise walk every object
        # the libraries and the plan left, in several full collections (about 30 ms of a 0.2 s render). Files are
        # closed and flushed by then (each output is written, synced and renamed into place by its writer).
        gc.freeze()


def _run() -> None:
    from generator import collector

    collector.pause()                   # until the plan is read: importing leaves nothing for it to free
    from generator.endings import Ended, end_by, end_cleanly, unwritable_output
    from generator.office_render import hand_over

    try:
        code = hand_over(sys.argv)
        if code is not None:
            sys.exit(code)
        end_cleanly()                   # kill, a closed terminal: the command tidies up, then ends by the signal
        from generator.cli import main as command

        command()
    except KeyboardInterrupt:           # Ctrl-C before the command has started (click answers it after)
        sys.stderr.write("\n已中止。\n")
        sys.exit(1)
    except Ended as ended:
        end_by(ended.number)
    except OSError as exc:
        if not unwritable_output(exc):
            raise
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
