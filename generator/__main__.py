"""``python -m generator`` and the ``ecplan`` command: a PDF command is handed to the long-lived office's warm
renderer when one is running (``office_render``), else — and every other command — run here."""

import sys


def main() -> None:
    from generator.office_render import hand_over

    code = hand_over(sys.argv)
    if code is not None:
        sys.exit(code)
    from generator.cli import main as command

    command()


if __name__ == "__main__":  # pragma: no cover
    main()
