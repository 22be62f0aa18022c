"""``python -m generator`` and the ``ecplan`` command: a PDF command is handed to the long-lived office's warm
renderer when one is running (``office_render``), else — and every other command — run here."""

import sys


def main() -> None:
    try:
        from generator.office_render import hand_over

        code = hand_over(sys.argv)
        if code is not None:
            sys.exit(code)
        from generator.cli import main as command
    except KeyboardInterrupt:           # Ctrl-C before the command has started (click answers it after)
        sys.stderr.write("\n已中止。\n")
        sys.exit(1)
    command()


if __name__ == "__main__":  # pragma: no cover
    main()
